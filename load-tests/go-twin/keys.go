package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
)

// SigningKey is HMAC key material and the version that names it.
type SigningKey struct {
	Material []byte
	Version  string
}

// localDevKey is the built-in development key: the test vectors' key, as the Java function's.
var localDevKey = SigningKey{Material: []byte("tally-test-signing-key-32-bytes!"), Version: "local-dev"}

// Keys gives the key to sign with, and the key that verifies a signature made with a version: the current
// key or the previous one, nil for any other. No version a client names is ever fetched.
type Keys interface {
	Current(ctx context.Context) (SigningKey, error)
	Verifying(ctx context.Context, version string) (*SigningKey, error)
}

type staticKeys struct{ key SigningKey }

func (k staticKeys) Current(context.Context) (SigningKey, error) { return k.key, nil }

func (k staticKeys) Verifying(_ context.Context, version string) (*SigningKey, error) {
	if version == k.key.Version {
		return &k.key, nil
	}
	return nil, nil
}

// errUnavailable is a key that cannot be had right now: 503 with Retry-After.
var errUnavailable = errors.New("signing key unavailable")

// secretKeys fetches the keys from Secrets Manager lazily: no client until the first request that needs a
// key, then AWSCURRENT (which signs) and AWSPREVIOUS (which still verifies) reused for ttl, the current
// one served stale up to maxStale through failed refetches. A failed fetch of the previous key fails only
// the verifications that need it.
type secretKeys struct {
	secretID string
	ttl      time.Duration
	maxStale time.Duration
	backoff  time.Duration
	now      func() time.Time
	newAPI   func() secretsAPI

	mu              sync.Mutex
	api             secretsAPI
	current         *SigningKey
	previous        *SigningKey
	previousFailure error
	fetchedAt       time.Time
	lastFailure     time.Time
}

type secretsAPI interface {
	GetSecretValue(ctx context.Context, in *secretsmanager.GetSecretValueInput, opts ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error)
}

func newSecretKeys(secretID string, ttl time.Duration) *secretKeys {
	return &secretKeys{
		secretID: secretID, ttl: ttl, maxStale: time.Hour, backoff: 5 * time.Second, now: time.Now,
		newAPI: newSecretsClient,
	}
}

// newSecretsClient spells out what config.LoadDefaultConfig would discover: region and credentials
// from the environment Lambda sets, and an endpoint override for a local Secrets Manager.
func newSecretsClient() secretsAPI {
	return secretsmanager.New(secretsmanager.Options{
		Region: os.Getenv("AWS_REGION"),
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: os.Getenv("AWS_ACCESS_KEY_ID"),
				SecretAccessKey: os.Getenv("AWS_SECRET_ACCESS_KEY"), SessionToken: os.Getenv("AWS_SESSION_TOKEN")}, nil
		}),
		BaseEndpoint: endpointFromEnvironment(),
		HTTPClient:   &httpClientWithTimeout,
	})
}

func endpointFromEnvironment() *string {
	if endpoint := os.Getenv("TALLY_SIGNING_KEY_ENDPOINT"); endpoint != "" {
		return aws.String(endpoint)
	}
	return nil
}

func (k *secretKeys) Current(ctx context.Context) (SigningKey, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	key, err := k.currentLocked(ctx)
	if err != nil {
		return SigningKey{}, err
	}
	return *key, nil
}

func (k *secretKeys) Verifying(ctx context.Context, version string) (*SigningKey, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	current, err := k.currentLocked(ctx)
	switch {
	case err != nil:
		return nil, err
	case current.Version == version:
		return current, nil
	case k.previous != nil && k.previous.Version == version:
		return k.previous, nil
	case k.previous == nil && k.previousFailure != nil:
		return nil, errUnavailable
	}
	return nil, nil
}

// currentLocked refreshes both keys when the TTL has passed; called holding mu.
func (k *secretKeys) currentLocked(ctx context.Context) (*SigningKey, error) {
	now := k.now()
	if k.current != nil && now.Sub(k.fetchedAt) < k.ttl {
		return k.current, nil
	}
	if now.Sub(k.lastFailure) >= k.backoff {
		key, err := k.fetch(ctx, "AWSCURRENT")
		if err == nil {
			k.current, k.fetchedAt = key, now
			k.previous, k.previousFailure = k.fetch(ctx, "AWSPREVIOUS")
			var none *types.ResourceNotFoundException
			if errors.As(k.previousFailure, &none) {
				k.previousFailure = nil
			}
			return key, nil
		}
		k.lastFailure = now
		slog.Warn("signing key refetch failed", "secret", k.secretID, "error", err.Error())
	}
	if k.current != nil && now.Sub(k.fetchedAt) < k.maxStale {
		return k.current, nil
	}
	return nil, errUnavailable
}

// fetch gets the version of the secret that has the staging label stage.
func (k *secretKeys) fetch(ctx context.Context, stage string) (*SigningKey, error) {
	if k.api == nil {
		k.api = k.newAPI()
	}
	out, err := k.api.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(k.secretID), VersionStage: aws.String(stage)})
	if err != nil {
		return nil, err
	}
	var secret struct {
		SigningKey string `json:"signingKey"`
	}
	decoder := json.NewDecoder(strings.NewReader(aws.ToString(out.SecretString)))
	if out.SecretString == nil || decoder.Decode(&secret) != nil || decoder.More() || len(secret.SigningKey) < 32 {
		return nil, fmt.Errorf("secret %s version %s is not {\"signingKey\":\"<at least 32 characters>\"}", k.secretID, aws.ToString(out.VersionId))
	}
	return &SigningKey{Material: []byte(secret.SigningKey), Version: aws.ToString(out.VersionId)}, nil
}
