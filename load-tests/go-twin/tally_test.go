package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

// vectors is shared/test-vectors.json, the file every implementation's tests run.
type vectors struct {
	SigningKeyBase64 string `json:"signingKeyBase64"`
	KeyVersion       string `json:"keyVersion"`
	Vectors          []struct {
		Name        string `json:"name"`
		Request     string `json:"request"`
		ProcessedAt string `json:"processedAt"`
		Expected    struct {
			RequestID        *string `json:"requestId"`
			TransactionCount int     `json:"transactionCount"`
			CreditCount      int     `json:"creditCount"`
			TotalCredit      string  `json:"totalCredit"`
			Digest           string  `json:"digest"`
			Signature        string  `json:"signature"`
			KeyVersion       string  `json:"keyVersion"`
			ProcessedAt      string  `json:"processedAt"`
		} `json:"expected"`
	} `json:"vectors"`
	Invalid       []invalidVector `json:"invalid"`
	Verifications []struct {
		Name     string `json:"name"`
		Request  string `json:"request"`
		Expected struct {
			Valid      bool   `json:"valid"`
			KeyVersion string `json:"keyVersion"`
		} `json:"expected"`
	} `json:"verifications"`
	VerificationInvalid []invalidVector `json:"verificationInvalid"`
}

type invalidVector struct {
	Name    string  `json:"name"`
	Request string  `json:"request"`
	Status  int     `json:"status"`
	Error   string  `json:"error"`
	Path    *string `json:"path"`
}

func loadVectors(t testing.TB) vectors {
	data, err := os.ReadFile("../../shared/test-vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var v vectors
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

var fixedNow = func() time.Time { return time.Date(2026, 11, 23, 10, 0, 0, 750, time.UTC) }

func vectorKey(t testing.TB, v vectors) SigningKey {
	material, err := base64.StdEncoding.DecodeString(v.SigningKeyBase64)
	if err != nil {
		t.Fatal(err)
	}
	return SigningKey{Material: material, Version: v.KeyVersion}
}

// shapes invokes the handler with the body as a direct invocation and inside the HTTP API fixture.
func shapes(t *testing.T, h Handler, path, body string) map[string]map[string]any {
	t.Helper()
	answers := map[string]map[string]any{}
	if json.Valid([]byte(body)) {
		out, err := h.Handle(context.Background(), json.RawMessage(body))
		if err != nil {
			t.Fatal(err)
		}
		answers["direct"] = decode(t, string(out.(json.RawMessage)))
		answers["direct"]["_status"] = "n/a"
	}
	fixture, err := os.ReadFile("../../events/apigw-post-transactions.json")
	if err != nil {
		t.Fatal(err)
	}
	var event map[string]any
	if err := json.Unmarshal(fixture, &event); err != nil {
		t.Fatal(err)
	}
	event["body"], event["rawPath"], event["routeKey"] = body, path, "POST "+path
	encoded, _ := json.Marshal(event)
	out, err := h.Handle(context.Background(), encoded)
	if err != nil {
		t.Fatal(err)
	}
	response := out.(events.APIGatewayV2HTTPResponse)
	answers["http"] = decode(t, response.Body)
	answers["http"]["_status"] = response.StatusCode
	return answers
}

func decode(t *testing.T, body string) map[string]any {
	t.Helper()
	decoder := json.NewDecoder(strings.NewReader(body))
	decoder.UseNumber()
	var answer map[string]any
	if err := decoder.Decode(&answer); err != nil {
		t.Fatalf("answer %q is not JSON: %v", body, err)
	}
	return answer
}

func TestAnswersEveryValidVector(t *testing.T) {
	v := loadVectors(t)
	for _, vector := range v.Vectors {
		t.Run(vector.Name, func(t *testing.T) {
			processedAt, err := time.Parse(time.RFC3339, vector.ProcessedAt)
			if err != nil {
				t.Fatal(err)
			}
			h := Handler{Keys: staticKeys{vectorKey(t, v)}, Now: func() time.Time { return processedAt.Add(750 * time.Millisecond) }}
			for shape, answer := range shapes(t, h, "/transactions", vector.Request) {
				e := vector.Expected
				if answer["status"] != "success" {
					t.Fatalf("%s: %v", shape, answer)
				}
				if e.RequestID == nil && answer["requestId"] != nil || e.RequestID != nil && answer["requestId"] != *e.RequestID {
					t.Errorf("%s: requestId %v", shape, answer["requestId"])
				}
				if answer["totalCredit"] != json.Number(e.TotalCredit) {
					t.Errorf("%s: totalCredit %v, want %s", shape, answer["totalCredit"], e.TotalCredit)
				}
				if answer["digest"] != e.Digest || answer["signature"] != e.Signature {
					t.Errorf("%s: digest %v signature %v", shape, answer["digest"], answer["signature"])
				}
				if answer["transactionCount"] != json.Number(itoa(e.TransactionCount)) || answer["creditCount"] != json.Number(itoa(e.CreditCount)) {
					t.Errorf("%s: counts %v %v", shape, answer["transactionCount"], answer["creditCount"])
				}
				if answer["processedAt"] != e.ProcessedAt || answer["keyVersion"] != e.KeyVersion {
					t.Errorf("%s: processedAt %v keyVersion %v", shape, answer["processedAt"], answer["keyVersion"])
				}
				if shape == "http" && answer["_status"] != 200 {
					t.Errorf("http status %v", answer["_status"])
				}
			}
		})
	}
}

func TestRefusesEveryInvalidVectorNamingItsPath(t *testing.T) {
	v := loadVectors(t)
	refusesEach(t, v, "/transactions", v.Invalid)
}

func TestRefusesEveryInvalidVerificationNamingItsPath(t *testing.T) {
	v := loadVectors(t)
	refusesEach(t, v, "/transactions/verify", v.VerificationInvalid)
}

func TestAnswersEveryVerificationVector(t *testing.T) {
	v := loadVectors(t)
	h := Handler{Keys: staticKeys{vectorKey(t, v)}, Now: fixedNow}
	for _, vector := range v.Verifications {
		t.Run(vector.Name, func(t *testing.T) {
			answer := shapes(t, h, "/transactions/verify", vector.Request)["http"]
			if answer["_status"] != 200 || answer["status"] != "success" || answer["valid"] != vector.Expected.Valid ||
				answer["keyVersion"] != vector.Expected.KeyVersion {
				t.Errorf("%v, want valid %v for %s", answer, vector.Expected.Valid, vector.Expected.KeyVersion)
			}
		})
	}
}

func refusesEach(t *testing.T, v vectors, path string, list []invalidVector) {
	h := Handler{Keys: staticKeys{vectorKey(t, v)}, Now: fixedNow}
	for _, vector := range list {
		t.Run(vector.Name, func(t *testing.T) {
			for shape, answer := range shapes(t, h, path, vector.Request) {
				if path != "/transactions" && shape == "direct" {
					continue
				}
				if answer["status"] != "error" || answer["error"] != vector.Error {
					t.Fatalf("%s: %v, want %s", shape, answer, vector.Error)
				}
				message, _ := answer["message"].(string)
				if vector.Path != nil && !strings.HasPrefix(message, *vector.Path+": ") {
					t.Errorf("%s: message %q does not name %s", shape, message, *vector.Path)
				}
				if shape == "http" && answer["_status"] != vector.Status {
					t.Errorf("http status %v, want %d", answer["_status"], vector.Status)
				}
			}
		})
	}
}

func TestRefusesABodyInAnyEncodingButUTF8(t *testing.T) {
	h := Handler{Keys: staticKeys{vectorKey(t, loadVectors(t))}, Now: fixedNow}
	for name, body := range map[string]string{
		"utf-16le":                    "{\x00}\x00",
		"utf-16be":                    "\x00{\x00}",
		"utf-16 with byte-order mark": "\xfe\xff\x00{\x00}",
		"utf-8 byte-order mark":       "\xef\xbb\xbf{\"transactions\":[]}",
	} {
		t.Run(name, func(t *testing.T) {
			for shape, answer := range shapes(t, h, "/transactions", body) {
				if answer["error"] != "malformed_json" {
					t.Errorf("%s: %v, want malformed_json", shape, answer)
				}
			}
		})
	}
}

// An HTTP API event cannot carry these bytes in its body string, so the batch reader gets them as a
// direct invocation would.
func TestRefusesInvalidUTF8InAFieldName(t *testing.T) {
	body := []byte("{\"transactions\":[{\"\xffid\":\"b\",\"amount\":1,\"type\":\"CREDIT\"}]}")
	if _, refusal := ReadBatch(body, false); refusal == nil || refusal.Code != "malformed_json" {
		t.Errorf("%v, want malformed_json", refusal)
	}
}

func TestRefusesANonJSONContentTypeWith415(t *testing.T) {
	h := Handler{Keys: staticKeys{localDevKey}, Now: fixedNow}
	event := events.APIGatewayV2HTTPRequest{RouteKey: "POST /transactions", Body: "{}",
		Headers: map[string]string{"content-type": "text/plain"}}
	event.RequestContext.HTTP.Method = "POST"
	if response := h.http(context.Background(), event); response.StatusCode != 415 {
		t.Fatalf("status %d", response.StatusCode)
	}
}

func TestAnswersADirectInvocationThatIsNotJSONWithARefusal(t *testing.T) {
	h := Handler{Keys: staticKeys{localDevKey}, Now: fixedNow}
	for _, payload := range []string{"", "not json", "{", "\xff"} {
		out, err := h.Invoke(context.Background(), []byte(payload))
		if err != nil {
			t.Fatalf("%q: %v", payload, err)
		}
		if answer := decode(t, string(out)); answer["error"] != "malformed_json" {
			t.Errorf("%q: %v", payload, answer)
		}
	}
}

func TestNamesNoGoPackageInARefusal(t *testing.T) {
	for _, body := range []string{"{", `{"transactions":[1,,2]}`, `{"transactions":[]} x`, `{"transactions":[{"id":"a","amount":1e-400,"type":"CREDIT"}]}`} {
		_, refusal := ReadBatch([]byte(body), false)
		if refusal == nil || strings.Contains(refusal.Message, "jsontext") || strings.Contains(refusal.Message, "json:") ||
			strings.Contains(refusal.Message, "strconv") || strings.Contains(refusal.Message, "decimal:") {
			t.Errorf("%s: %v", body, refusal)
		}
	}
}

func TestAgreesWithJavaOnAnAmountTooPreciseByItsExponent(t *testing.T) {
	_, refusal := ReadBatch([]byte(`{"transactions":[{"id":"a","amount":1e-400,"type":"CREDIT"}]}`), false)
	if refusal == nil || refusal.Message != "transactions[0].amount: at most 18 digits after the decimal point" {
		t.Errorf("%v", refusal)
	}
	if batch, refusal := ReadBatch([]byte(`{"transactions":[{"id":"a","amount":0e-400,"type":"CREDIT"}]}`), false); refusal != nil || batch.TotalCredit != "0" {
		t.Errorf("zero with any exponent is zero: %v %v", batch, refusal)
	}
}

func TestNamesTheLineAndColumnOfTheFault(t *testing.T) {
	_, refusal := ReadBatch([]byte("{\"transactions\":[\n  {\"id\":\"a\",,\"amount\":1}]}"), false)
	if refusal == nil || refusal.Message != "not valid JSON at line 2, column 13" {
		t.Errorf("%v", refusal)
	}
}

func TestRefusesAProcessedAtNotWrittenAsAnswersWriteIt(t *testing.T) {
	seed := loadVectors(t).Vectors[0]
	for _, processedAt := range []string{"2026-11-23T24:00:00Z", "2026-12-31T23:59:60Z", "2026-11-23T10:00:00.000Z", "+2026-11-23T10:00:00Z"} {
		body := strings.TrimSuffix(seed.Request, "}") + `,"signature":"` + seed.Expected.Signature +
			`","keyVersion":"local-dev","processedAt":"` + processedAt + `"}`
		if _, refusal := ReadBatch([]byte(body), true); refusal == nil || refusal.Path != "processedAt" {
			t.Errorf("%s: %v", processedAt, refusal)
		}
	}
}

func TestTakesABatchWithEnvelopeLikeFieldsForADirectInvocation(t *testing.T) {
	v := loadVectors(t)
	seed := v.Vectors[0]
	h := Handler{Keys: staticKeys{vectorKey(t, v)}, Now: fixedNow}
	for _, fields := range []string{`{"version":"2.0",`, `{"routeKey":"POST /transactions","requestContext":{},`} {
		out, err := h.Invoke(context.Background(), []byte(fields+seed.Request[1:]))
		if err != nil {
			t.Fatal(err)
		}
		if answer := decode(t, string(out)); answer["status"] != "success" || answer["digest"] != seed.Expected.Digest {
			t.Errorf("%s...: %v", fields, answer)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// A string escaped in the event itself, not in its body: encoding/json reads an unpaired surrogate as U+FFFD,
// which would sign as a batch that holds U+FFFD.
func TestRefusesAnUnpairedSurrogateEscapedInTheEnvelope(t *testing.T) {
	fixture, err := os.ReadFile("../../events/apigw-post-transactions.json")
	if err != nil {
		t.Fatal(err)
	}
	h := Handler{Keys: staticKeys{localDevKey}, Now: fixedNow}
	for escaped, path := range map[string]string{`a\ud800b`: "body", `r\udfff`: "body", `\udc00\ud800`: "body",
		`POST /transactions\ud800`: "routeKey", `POST\udfff`: "requestContext.http.method",
		`application/json\ud800`: "headers.content-type"} {
		field := map[string]string{"body": "tx-1", "routeKey": `POST /transactions"`, "requestContext.http.method": `"POST"`,
			"headers.content-type": `application/json"`}[path]
		replacement := escaped
		if strings.HasSuffix(field, `"`) {
			replacement += `"`
		}
		if strings.HasPrefix(field, `"`) {
			replacement = `"` + replacement
		}
		event := strings.Replace(string(fixture), field, replacement, 1)
		out, _ := h.Handle(context.Background(), json.RawMessage(event))
		response := out.(events.APIGatewayV2HTTPResponse)
		if answer := decode(t, response.Body); response.StatusCode != 400 ||
			answer["message"] != path+": must be valid Unicode (it has an unpaired surrogate)" {
			t.Errorf("%s: %d %v", escaped, response.StatusCode, answer)
		}
	}
	event := strings.Replace(string(fixture), "tx-1", `\ud83d\ude00`, 1)
	out, _ := h.Handle(context.Background(), json.RawMessage(event))
	if response := out.(events.APIGatewayV2HTTPResponse); response.StatusCode != 200 {
		t.Errorf("a surrogate pair: %d %s", response.StatusCode, response.Body)
	}
}

func TestRoutesByTheRouteMatchedNotByThePathsEnding(t *testing.T) {
	h := Handler{Keys: staticKeys{localDevKey}, Now: fixedNow}
	for routeKey, want := range map[string]int{"$default": 404, "POST /other/transactions": 404, "POST /transactions": 200} {
		event := events.APIGatewayV2HTTPRequest{RouteKey: routeKey, RawPath: "/prod/other/transactions",
			Body: `{"transactions":[]}`}
		event.RequestContext.HTTP.Method = "POST"
		if response := h.http(context.Background(), event); response.StatusCode != want {
			t.Errorf("%s: %d, want %d", routeKey, response.StatusCode, want)
		}
	}
}
