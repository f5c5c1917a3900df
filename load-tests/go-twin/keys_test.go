package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

// motoServer starts a real Secrets Manager API on a free local port for the test, and a client of it.
func motoServer(t *testing.T) *secretsmanager.Client {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := listener.Addr().(*net.TCPAddr).Port
	listener.Close()
	server := exec.Command("moto_server", "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	if err := server.Start(); err != nil {
		t.Fatalf("moto_server is not installed: pip install \"moto[server]\" (.ci/run installs it): %v", err)
	}
	t.Cleanup(func() { server.Process.Kill(); server.Wait() })
	endpoint := fmt.Sprintf("http://127.0.0.1:%d", port)
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if response, err := http.Get(endpoint + "/moto-api/"); err == nil {
			response.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("moto_server did not answer within 30 s")
		}
	}
	return secretsmanager.New(secretsmanager.Options{Region: "eu-west-1", BaseEndpoint: aws.String(endpoint),
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test"}, nil
		})})
}

// counting passes every call to the real client, counting them, and fails those of failStage.
type counting struct {
	api       *secretsmanager.Client
	calls     atomic.Int64
	failStage string
}

func (c *counting) GetSecretValue(ctx context.Context, in *secretsmanager.GetSecretValueInput, opts ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error) {
	c.calls.Add(1)
	if c.failStage != "" && aws.ToString(in.VersionStage) == c.failStage {
		return nil, errors.New("GetSecretValue of " + c.failStage + " failed (injected by the test)")
	}
	return c.api.GetSecretValue(ctx, in, opts...)
}

// keysOf is the key source on secret name through api, with a clock the test moves.
func keysOf(name string, api *counting, now *time.Time) *secretKeys {
	keys := newSecretKeys(name, 5*time.Minute)
	keys.newAPI = func() secretsAPI { return api }
	keys.now = func() time.Time { return *now }
	return keys
}

func material(n int) *string {
	return aws.String(`{"signingKey":"` + strings.Repeat(fmt.Sprint(n), 40) + `"}`)
}

// rotate makes a new AWSCURRENT version, as a finished rotation does; the old one becomes AWSPREVIOUS.
func rotate(t *testing.T, api *secretsmanager.Client, name string, n int) string {
	out, err := api.PutSecretValue(context.Background(), &secretsmanager.PutSecretValueInput{SecretId: &name, SecretString: material(n)})
	if err != nil {
		t.Fatal(err)
	}
	return aws.ToString(out.VersionId)
}

func newSecret(t *testing.T, api *secretsmanager.Client) (string, string) {
	name := fmt.Sprintf("tally-%d", time.Now().UnixNano())
	out, err := api.CreateSecret(context.Background(), &secretsmanager.CreateSecretInput{Name: &name, SecretString: material(0)})
	if err != nil {
		t.Fatal(err)
	}
	return name, aws.ToString(out.VersionId)
}

func TestVerifiesWithTheCurrentAndThePreviousKeyOnly(t *testing.T) {
	api := motoServer(t)
	name, first := newSecret(t, api)
	second := rotate(t, api, name, 1)
	now := time.Now()
	keys := keysOf(name, &counting{api: api}, &now)

	for _, version := range []string{second, first} {
		if key, err := keys.Verifying(context.Background(), version); err != nil || key == nil || key.Version != version {
			t.Fatalf("version %s: %v %v", version, key, err)
		}
	}
	rotate(t, api, name, 2)
	rotate(t, api, name, 3)
	now = now.Add(5 * time.Minute)
	if key, err := keys.Verifying(context.Background(), first); err != nil || key != nil {
		t.Errorf("three rotations later the first version still verifies: %v %v", key, err)
	}
}

func TestFetchesNothingForVersionsItDoesNotHold(t *testing.T) {
	api := motoServer(t)
	name, _ := newSecret(t, api)
	calls := &counting{api: api}
	now := time.Now()
	keys := keysOf(name, calls, &now)
	if _, err := keys.Current(context.Background()); err != nil {
		t.Fatal(err)
	}
	calls.calls.Store(0)

	for i := range 1000 {
		if key, err := keys.Verifying(context.Background(), fmt.Sprintf("unknown-%d", i)); key != nil || err != nil {
			t.Fatalf("%v %v", key, err)
		}
	}
	if n := calls.calls.Load(); n != 0 {
		t.Errorf("%d GetSecretValue calls for versions a client named", n)
	}
}

func TestKeepsSigningWhileEveryFetchOfThePreviousKeyFails(t *testing.T) {
	api := motoServer(t)
	name, _ := newSecret(t, api)
	current := rotate(t, api, name, 1)
	now := time.Now()
	keys := keysOf(name, &counting{api: api, failStage: "AWSPREVIOUS"}, &now)

	for range 3 {
		if key, err := keys.Current(context.Background()); err != nil || key.Version != current {
			t.Fatalf("signing: %v %v", key, err)
		}
		if _, err := keys.Verifying(context.Background(), "some-older-version"); !errors.Is(err, errUnavailable) {
			t.Errorf("which key was previous is unknown: want a 503, got %v", err)
		}
		now = now.Add(5 * time.Minute)
	}
}
