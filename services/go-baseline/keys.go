package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
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

// Keys gives the key to sign with and the key of a named version.
type Keys interface {
	Current(ctx context.Context) (SigningKey, error)
	ByVersion(ctx context.Context, version string) (*SigningKey, error)
}

type staticKeys struct{ key SigningKey }

func (k staticKeys) Current(context.Context) (SigningKey, error) { return k.key, nil }

func (k staticKeys) ByVersion(_ context.Context, version string) (*SigningKey, error) {
	if version == k.key.Version {
		return &k.key, nil
	}
	return nil, nil
}

// errUnavailable is a key that cannot be had right now: 503 with Retry-After.
var errUnavailable = errors.New("signing key unavailable")

// secretKeys fetches the key from Secrets Manager lazily: no client until the first request that
// needs a key, then AWSCURRENT reused for ttl, served stale up to maxStale through failed refetches.
type secretKeys struct {
	secretID string
	ttl      time.Duration
	maxStale time.Duration
	backoff  time.Duration
	now      func() time.Time
	newAPI   func() secretsAPI

	mu          sync.Mutex
	api         secretsAPI
	current     *SigningKey
	fetchedAt   time.Time
	lastFailure time.Time
	versions    map[string]*SigningKey
}

type secretsAPI interface {
	GetSecretValue(ctx context.Context, in *secretsmanager.GetSecretValueInput, opts ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error)
}

func newSecretKeys(secretID string, ttl time.Duration) *secretKeys {
	return &secretKeys{
		secretID: secretID, ttl: ttl, maxStale: time.Hour, backoff: 5 * time.Second, now: time.Now,
		newAPI: newSecretsClient, versions: map[string]*SigningKey{},
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
	now := k.now()
	if k.current != nil && now.Sub(k.fetchedAt) < k.ttl {
		return *k.current, nil
	}
	if now.Sub(k.lastFailure) >= k.backoff {
		key, err := k.fetch(ctx, "")
		if err == nil {
			if k.current != nil {
				k.versions[k.current.Version] = k.current
			}
			k.current, k.fetchedAt = key, now
			return *key, nil
		}
		k.lastFailure = now
		slog.Warn("signing key refetch failed", "secret", k.secretID, "error", err.Error())
	}
	if k.current != nil && now.Sub(k.fetchedAt) < k.maxStale {
		return *k.current, nil
	}
	return SigningKey{}, errUnavailable
}

func (k *secretKeys) ByVersion(ctx context.Context, version string) (*SigningKey, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.current != nil && k.current.Version == version {
		return k.current, nil
	}
	if key, ok := k.versions[version]; ok {
		return key, nil
	}
	key, err := k.fetch(ctx, version)
	var notFound *types.ResourceNotFoundException
	if errors.As(err, &notFound) {
		k.versions[version] = nil
		return nil, nil
	}
	if err != nil {
		return nil, errUnavailable
	}
	k.versions[version] = key
	return key, nil
}

func (k *secretKeys) fetch(ctx context.Context, version string) (*SigningKey, error) {
	if k.api == nil {
		k.api = k.newAPI()
	}
	input := &secretsmanager.GetSecretValueInput{SecretId: aws.String(k.secretID), VersionStage: aws.String("AWSCURRENT")}
	if version != "" {
		input.VersionId, input.VersionStage = aws.String(version), nil
	}
	out, err := k.api.GetSecretValue(ctx, input)
	if err != nil {
		return nil, err
	}
	var secret struct {
		SigningKey string `json:"signingKey"`
	}
	if out.SecretString == nil || json.Unmarshal([]byte(*out.SecretString), &secret) != nil || len(secret.SigningKey) < 32 {
		return nil, fmt.Errorf("secret %s version %s is not {\"signingKey\":\"<at least 32 characters>\"}", k.secretID, aws.ToString(out.VersionId))
	}
	return &SigningKey{Material: []byte(secret.SigningKey), Version: aws.ToString(out.VersionId)}, nil
}
