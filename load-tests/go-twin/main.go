package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"log/slog"
	"mime"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

var httpClientWithTimeout = http.Client{Timeout: 5 * time.Second}

func main() {
	keys, err := keysFromEnvironment()
	if err != nil {
		slog.Error(err.Error())
		os.Exit(1)
	}
	lambda.Start(Handler{Keys: keys, Now: time.Now})
}

// keysFromEnvironment is the secret named by TALLY_SIGNING_KEY_SECRET_ID, or the built-in key
// where TALLY_ALLOW_LOCAL_DEV_KEY=true says a local run may use it.
func keysFromEnvironment() (Keys, error) {
	if secretID := os.Getenv("TALLY_SIGNING_KEY_SECRET_ID"); secretID != "" {
		ttl := 5 * time.Minute
		if value := os.Getenv("TALLY_SIGNING_KEY_TTL"); value != "" {
			parsed, err := time.ParseDuration(value)
			if err != nil {
				return nil, errors.New("TALLY_SIGNING_KEY_TTL is not a duration: " + value)
			}
			ttl = parsed
		}
		return newSecretKeys(secretID, ttl), nil
	}
	if os.Getenv("TALLY_ALLOW_LOCAL_DEV_KEY") == "true" {
		return staticKeys{localDevKey}, nil
	}
	return nil, errors.New("no signing key source: set TALLY_SIGNING_KEY_SECRET_ID")
}

// Handler serves an API Gateway HTTP API event or a direct invocation whose event is the batch.
type Handler struct {
	Keys Keys
	Now  func() time.Time
}

// Invoke is the lambda.Handler: it takes the payload as bytes, so that one that is not JSON (the AWS
// Runtime Interface Emulator delivers those) gets Tally's malformed_json refusal, not a runtime error
// from aws-lambda-go decoding it first.
func (h Handler) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	answer, err := h.Handle(ctx, payload)
	if err != nil {
		return nil, err
	}
	return json.Marshal(answer)
}

// Handle answers one event: an APIGatewayV2HTTPResponse for the HTTP API, the body itself otherwise.
func (h Handler) Handle(ctx context.Context, event json.RawMessage) (any, error) {
	// As the Java function tells them apart: an event with transactions is a batch, whatever else it holds;
	// else one with routeKey or requestContext is an HTTP API event; anything else is a batch.
	var probe struct {
		Transactions   json.RawMessage `json:"transactions"`
		RouteKey       json.RawMessage `json:"routeKey"`
		RequestContext json.RawMessage `json:"requestContext"`
	}
	if json.Unmarshal(event, &probe) == nil && probe.Transactions == nil && (probe.RouteKey != nil || probe.RequestContext != nil) {
		if refusal := unreadable(event); refusal != nil {
			return respond(refusal), nil
		}
		var request events.APIGatewayV2HTTPRequest
		if err := json.Unmarshal(event, &request); err == nil {
			return h.http(ctx, request), nil
		}
	}
	_, body, _ := h.run(ctx, false, event)
	return json.RawMessage(body), nil
}

// unreadable refuses an HTTP API event that encoding/json would read only by replacing what it cannot
// (invalid UTF-8, an escaped unpaired surrogate) with U+FFFD, in the strings the twin reads, as Java does.
func unreadable(event []byte) *Refusal {
	if !utf8.Valid(event) {
		return refuse(400, "malformed_json", "", "the HTTP API event is not UTF-8 JSON")
	}
	var raw struct {
		RouteKey       json.RawMessage            `json:"routeKey"`
		Headers        map[string]json.RawMessage `json:"headers"`
		Body           json.RawMessage            `json:"body"`
		RequestContext struct {
			HTTP struct {
				Method json.RawMessage `json:"method"`
			} `json:"http"`
		} `json:"requestContext"`
	}
	_ = json.Unmarshal(event, &raw)
	fields := []struct {
		path  string
		token json.RawMessage
	}{{"routeKey", raw.RouteKey}, {"requestContext.http.method", raw.RequestContext.HTTP.Method}, {"body", raw.Body}}
	for name, value := range raw.Headers {
		if strings.EqualFold(name, "content-type") {
			fields = append(fields, struct {
				path  string
				token json.RawMessage
			}{"headers.content-type", value})
		}
	}
	for _, field := range fields {
		if escapesUnpairedSurrogate(field.token) {
			return invalid(field.path, "must be valid Unicode (it has an unpaired surrogate)")
		}
	}
	return nil
}

// escapesUnpairedSurrogate reports whether a JSON string token escapes half of a UTF-16 surrogate pair alone.
func escapesUnpairedSurrogate(token []byte) bool {
	unit := func(i int) rune {
		if i+6 > len(token) || token[i] != '\\' || token[i+1] != 'u' {
			return -1
		}
		r, err := strconv.ParseUint(string(token[i+2:i+6]), 16, 16)
		if err != nil {
			return -1
		}
		return rune(r)
	}
	for i := 0; i < len(token); i++ {
		if token[i] != '\\' {
			continue
		}
		r := unit(i)
		switch {
		case r < 0:
			i++ // an escape of one character, \\ among them
		case utf16.IsSurrogate(r) && r < 0xDC00 && utf16.IsSurrogate(unit(i+6)) && unit(i+6) >= 0xDC00:
			i += 11
		case utf16.IsSurrogate(r):
			return true
		default:
			i += 5
		}
	}
	return false
}

func (h Handler) http(ctx context.Context, request events.APIGatewayV2HTTPRequest) events.APIGatewayV2HTTPResponse {
	// Routed by the route API Gateway matched, exactly, as the Java function routes.
	_, route, _ := strings.Cut(request.RouteKey, " ")
	verifying := route == "/transactions/verify"
	switch {
	case !verifying && route != "/transactions":
		return respond(refuse(404, "not_found", "", "no such route: POST /transactions or POST /transactions/verify"))
	case request.RequestContext.HTTP.Method != http.MethodPost:
		response := respond(refuse(405, "method_not_allowed", "", "only POST is allowed here"))
		response.Headers["allow"] = "POST"
		return response
	}
	if contentType := header(request.Headers, "content-type"); contentType != "" {
		mediaType, _, err := mime.ParseMediaType(contentType)
		if err != nil || (mediaType != "application/json" && !(strings.HasPrefix(mediaType, "application/") && strings.HasSuffix(mediaType, "+json"))) {
			return respond(refuse(415, "unsupported_media_type", "", "Content-Type must be application/json"))
		}
	}
	body := []byte(request.Body)
	if request.IsBase64Encoded {
		decoded, err := base64.StdEncoding.DecodeString(request.Body)
		if err != nil {
			return respond(refuse(400, "malformed_json", "", "the body is marked base64-encoded but is not valid base64"))
		}
		body = decoded
	}
	status, answer, retryAfter := h.run(ctx, verifying, body)
	response := events.APIGatewayV2HTTPResponse{StatusCode: status, Body: string(answer),
		Headers: map[string]string{"content-type": "application/json"}}
	if retryAfter != "" {
		response.Headers["retry-after"] = retryAfter
	}
	return response
}

// run processes or verifies a body: the HTTP status, the JSON answer and, for a 503, Retry-After.
func (h Handler) run(ctx context.Context, verifying bool, body []byte) (int, []byte, string) {
	batch, refusal := ReadBatch(body, verifying)
	if refusal != nil {
		answer, _ := json.Marshal(refusal)
		return refusal.Status, answer, ""
	}
	var answer any
	if verifying {
		key, err := h.Keys.Verifying(ctx, batch.KeyVersion)
		if err != nil {
			return unavailable()
		}
		answer = Verify(batch, key)
	} else {
		key, err := h.Keys.Current(ctx)
		if err != nil {
			return unavailable()
		}
		answer = Process(batch, key, h.Now())
	}
	var out bytes.Buffer
	encoder := json.NewEncoder(&out)
	encoder.SetEscapeHTML(false)
	_ = encoder.Encode(answer)
	return 200, bytes.TrimRight(out.Bytes(), "\n"), ""
}

func unavailable() (int, []byte, string) {
	answer, _ := json.Marshal(refuse(503, "signing_key_unavailable", "", "the signing key is unavailable; retry after 5 s"))
	return 503, answer, "5"
}

func respond(refusal *Refusal) events.APIGatewayV2HTTPResponse {
	body, _ := json.Marshal(refusal)
	return events.APIGatewayV2HTTPResponse{StatusCode: refusal.Status, Body: string(body),
		Headers: map[string]string{"content-type": "application/json"}}
}

func header(headers map[string]string, name string) string {
	for key, value := range headers {
		if strings.EqualFold(key, name) {
			return value
		}
	}
	return ""
}
