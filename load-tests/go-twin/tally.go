// Package main is the Go twin of Tally's transaction-processor: the same WORKLOAD.md, written as a Go
// Lambda developer would write it, so the two can be measured side by side.
package main

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/shopspring/decimal"
)

const (
	maxTransactions    = 100_000
	maxIDLength        = 128
	maxRequestIDLength = 128
	maxTypeLength      = 32
	maxBodyBytes       = 6 * 1024 * 1024
	maxDepth           = 32
	maxFraction        = 18
)

// Request is the batch, decoded with struct tags as the Go benchmark decodes it. Fields stay raw so
// each can be checked for its JSON type and named by its path when it is wrong.
type Request struct {
	RequestID    json.RawMessage `json:"requestId"`
	Transactions json.RawMessage `json:"transactions"`
	Signature    json.RawMessage `json:"signature"`
	KeyVersion   json.RawMessage `json:"keyVersion"`
	ProcessedAt  json.RawMessage `json:"processedAt"`
}

// Transaction is one element of the batch.
type Transaction struct {
	ID     json.RawMessage `json:"id"`
	Amount json.RawMessage `json:"amount"`
	Type   json.RawMessage `json:"type"`
}

// Receipt is the answer to a processed batch. TotalCredit is a json.Number: its text is written as is.
type Receipt struct {
	Status           string      `json:"status"`
	RequestID        *string     `json:"requestId,omitempty"`
	TransactionCount int         `json:"transactionCount"`
	CreditCount      int         `json:"creditCount"`
	TotalCredit      json.Number `json:"totalCredit"`
	Digest           string      `json:"digest"`
	Signature        string      `json:"signature"`
	KeyVersion       string      `json:"keyVersion"`
	ProcessedAt      string      `json:"processedAt"`
}

// Verification is the answer to a verify request.
type Verification struct {
	Status     string `json:"status"`
	Valid      bool   `json:"valid"`
	KeyVersion string `json:"keyVersion"`
}

// Refusal is a request the workload will not process, with the JSON path of the problem.
type Refusal struct {
	Status    int     `json:"-"`
	Code      string  `json:"error"`
	Message   string  `json:"message"`
	RequestID *string `json:"requestId,omitempty"`
	Path      string  `json:"-"`
}

func (r *Refusal) Error() string { return r.Message }

// MarshalJSON writes the refusal body of WORKLOAD.md.
func (r *Refusal) MarshalJSON() ([]byte, error) {
	type body struct {
		Status    string  `json:"status"`
		Code      string  `json:"error"`
		Message   string  `json:"message"`
		RequestID *string `json:"requestId,omitempty"`
	}
	return json.Marshal(body{"error", r.Code, r.Message, r.RequestID})
}

func refuse(status int, code, path, detail string) *Refusal {
	message := detail
	if path != "" {
		message = path + ": " + detail
	}
	return &Refusal{Status: status, Code: code, Message: message, Path: path}
}

func invalid(path, detail string) *Refusal { return refuse(400, "invalid_request", path, detail) }

// Batch is a request that passed every rule, ready to be signed.
type Batch struct {
	RequestID *string
	// Lines are the transactions' lines of the tally-v2 message, "id TAB type TAB amount", in input order.
	Lines       []string
	CreditIDs   []string
	TotalCredit string
	// Signature, KeyVersion and ProcessedAt are what a verify request presents.
	Signature   string
	KeyVersion  string
	ProcessedAt string
}

// utcSeconds is processedAt as answers write it: UTC, whole seconds.
const utcSeconds = "2006-01-02T15:04:05Z"

// ReadBatch applies every rule of WORKLOAD.md to body; verifying also requires signature and keyVersion.
func ReadBatch(body []byte, verifying bool) (*Batch, *Refusal) {
	if len(body) > maxBodyBytes {
		return nil, refuse(413, "batch_too_large", "", fmt.Sprintf("request body is larger than %d bytes", maxBodyBytes))
	}
	if r := checkSyntax(body); r != nil {
		return nil, r
	}
	if bytes.TrimSpace(body)[0] != '{' {
		return nil, invalid("", "request must be a JSON object")
	}
	var request Request
	if err := json.Unmarshal(body, &request); err != nil {
		return nil, refuse(400, "malformed_json", "", "not valid JSON")
	}
	batch := &Batch{}
	if id, r := optionalString(request.RequestID, "requestId", maxRequestIDLength); r != nil {
		return nil, r
	} else {
		batch.RequestID = id
	}
	withID := func(r *Refusal) *Refusal { r.RequestID = batch.RequestID; return r }

	if isAbsent(request.Transactions) || request.Transactions[0] != '[' {
		detail := "expected an array"
		if request.Transactions == nil {
			detail = "required"
		}
		return nil, withID(invalid("transactions", detail))
	}
	// One decoding of the whole array; fields stay raw so their JSON types can be checked.
	var elements []*Transaction
	if err := json.Unmarshal(request.Transactions, &elements); err != nil {
		return nil, withID(firstNonObject(request.Transactions))
	}
	if len(elements) > maxTransactions {
		return nil, withID(refuse(413, "batch_too_large", "transactions", fmt.Sprintf("more than %d transactions", maxTransactions)))
	}
	total := decimal.Zero
	for i, tx := range elements {
		path := "transactions[" + strconv.Itoa(i) + "]"
		if tx == nil {
			return nil, withID(invalid(path, "expected an object"))
		}
		id, r := requiredString(tx.ID, path+".id", maxIDLength)
		if r != nil {
			return nil, withID(r)
		}
		amount, r := readAmount(tx.Amount, path+".amount")
		if r != nil {
			return nil, withID(r)
		}
		kind, r := requiredString(tx.Type, path+".type", maxTypeLength)
		if r != nil {
			return nil, withID(r)
		}
		batch.Lines = append(batch.Lines, id+"\t"+kind+"\t"+canonical(amount))
		if kind == "CREDIT" {
			batch.CreditIDs = append(batch.CreditIDs, id)
			total = total.Add(amount)
		}
	}
	batch.TotalCredit = canonical(total)
	if verifying {
		signature, r := requiredString(request.Signature, "signature", maxIDLength)
		if r != nil {
			return nil, withID(r)
		}
		version, r := requiredString(request.KeyVersion, "keyVersion", maxIDLength)
		if r != nil {
			return nil, withID(r)
		}
		processedAt, r := requiredString(request.ProcessedAt, "processedAt", len(utcSeconds))
		if r != nil {
			return nil, withID(r)
		}
		// Written back exactly as parsed: time.Parse alone would also take a fractional second.
		if parsed, err := time.Parse(utcSeconds, processedAt); err != nil || parsed.Format(utcSeconds) != processedAt {
			return nil, withID(invalid("processedAt", "must be a UTC date and time in whole seconds, as answers write it (2026-11-23T10:00:00Z)"))
		}
		batch.Signature, batch.KeyVersion, batch.ProcessedAt = signature, version, processedAt
	}
	return batch, nil
}

// canonical is WORKLOAD.md's canonical text of an amount: plain notation, trailing zeros trimmed, "0" for zero.
func canonical(amount decimal.Decimal) string { return amount.String() }

// Digest is the hex SHA-256 of the credits' IDs concatenated: the Go benchmark's "signature".
func (b *Batch) Digest() string {
	digest := sha256.New()
	for _, id := range b.CreditIDs {
		digest.Write([]byte(id))
	}
	return hex.EncodeToString(digest.Sum(nil))
}

// Sign is the HMAC-SHA256 of the tally-v2 message: "tally-v2", requestId, processedAt, transactionCount,
// one "id TAB type TAB amount" line per transaction, creditCount, totalCredit, joined with "\n".
func (b *Batch) Sign(key []byte, processedAt string) []byte {
	mac := hmac.New(sha256.New, key)
	requestID := ""
	if b.RequestID != nil {
		requestID = *b.RequestID
	}
	mac.Write([]byte("tally-v2\n" + requestID + "\n" + processedAt + "\n" + strconv.Itoa(len(b.Lines)) + "\n"))
	for _, line := range b.Lines {
		mac.Write([]byte(line + "\n"))
	}
	mac.Write([]byte(strconv.Itoa(len(b.CreditIDs)) + "\n" + b.TotalCredit))
	return mac.Sum(nil)
}

// Process signs a valid batch with key.
func Process(b *Batch, key SigningKey, now time.Time) Receipt {
	processedAt := now.UTC().Truncate(time.Second).Format(utcSeconds)
	return Receipt{
		Status: "success", RequestID: b.RequestID, TransactionCount: len(b.Lines), CreditCount: len(b.CreditIDs),
		TotalCredit: json.Number(b.TotalCredit), Digest: b.Digest(),
		Signature: hex.EncodeToString(b.Sign(key.Material, processedAt)), KeyVersion: key.Version, ProcessedAt: processedAt,
	}
}

// Verify compares, in constant time, the batch's signature with the one key would make; only the exact 64
// lowercase hex digits of that HMAC are valid.
func Verify(b *Batch, key *SigningKey) Verification {
	if key == nil || len(b.Signature) != 64 || strings.ToLower(b.Signature) != b.Signature {
		return Verification{Status: "success", Valid: false, KeyVersion: b.KeyVersion}
	}
	presented, err := hex.DecodeString(b.Signature)
	valid := err == nil && hmac.Equal(presented, b.Sign(key.Material, b.ProcessedAt))
	return Verification{Status: "success", Valid: valid, KeyVersion: b.KeyVersion}
}

func isAbsent(raw json.RawMessage) bool { return raw == nil || string(raw) == "null" }

// firstNonObject names the element that made the array fail to decode as objects.
func firstNonObject(transactions json.RawMessage) *Refusal {
	var elements []json.RawMessage
	if json.Unmarshal(transactions, &elements) != nil {
		return invalid("transactions", "expected an array")
	}
	for i, element := range elements {
		if element[0] != '{' && string(element) != "null" {
			return invalid("transactions["+strconv.Itoa(i)+"]", "expected an object")
		}
	}
	return invalid("transactions", "expected an array of objects")
}

// decodeString reads a JSON string; plain ASCII without escapes, the usual ID, needs no decoder.
func decodeString(raw json.RawMessage) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' {
		return "", false
	}
	inner := raw[1 : len(raw)-1]
	plain := true
	for _, c := range inner {
		if c == '\\' || c >= utf8.RuneSelf {
			plain = false
			break
		}
	}
	if plain {
		return string(inner), true
	}
	var value string
	return value, json.Unmarshal(raw, &value) == nil
}

func optionalString(raw json.RawMessage, path string, max int) (*string, *Refusal) {
	if isAbsent(raw) {
		return nil, nil
	}
	value, r := requiredString(raw, path, max)
	if r != nil {
		return nil, r
	}
	return &value, nil
}

func requiredString(raw json.RawMessage, path string, max int) (string, *Refusal) {
	if raw == nil {
		return "", invalid(path, "required")
	}
	value, ok := decodeString(raw)
	if !ok {
		return "", invalid(path, "expected a string")
	}
	if value == "" || utf8.RuneCountInString(value) > max {
		return "", invalid(path, fmt.Sprintf("must be 1 to %d characters", max))
	}
	if hasControl(value) {
		return "", invalid(path, "must not contain control characters")
	}
	return value, nil
}

func hasControl(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0
}

var (
	tooLarge  = decimal.New(1, 18)
	precision = decimal.New(1, maxFraction)
)

// readAmount reads an amount as an exact decimal from its JSON number text.
func readAmount(raw json.RawMessage, path string) (decimal.Decimal, *Refusal) {
	if raw == nil {
		return decimal.Zero, invalid(path, "required")
	}
	if c := raw[0]; c != '-' && (c < '0' || c > '9') {
		return decimal.Zero, invalid(path, "expected a JSON number")
	}
	text := string(raw)
	// Rescaling would build 10^exponent for any exponent: judge absurd ones from the text first. A zero
	// mantissa is zero whatever its exponent; otherwise a huge exponent is too large, a tiny one too precise.
	if e := strings.IndexAny(text, "eE"); e >= 0 {
		exponent, err := strconv.Atoi(strings.TrimPrefix(text[e+1:], "+"))
		switch {
		case strings.Trim(text[:e], "-0.") == "":
			return decimal.Zero, nil
		case err != nil && strings.HasPrefix(text[e+1:], "-") || err == nil && exponent < -100:
			return decimal.Zero, invalid(path, fmt.Sprintf("at most %d digits after the decimal point", maxFraction))
		case err != nil || exponent > 100:
			return decimal.Zero, invalid(path, "absolute value must be below 10^18")
		}
	}
	amount, err := decimal.NewFromString(text)
	if err != nil {
		return decimal.Zero, invalid(path, "expected a JSON number")
	}
	if amount.Abs().Cmp(tooLarge) >= 0 {
		return decimal.Zero, invalid(path, "absolute value must be below 10^18")
	}
	if !amount.Mul(precision).IsInteger() {
		return decimal.Zero, invalid(path, fmt.Sprintf("at most %d digits after the decimal point", maxFraction))
	}
	return amount, nil
}

// checkSyntax reads the document once with the encoding/json/v2 tokenizer: syntax, duplicate names
// at any depth (which encoding/json silently resolves to the last), nesting depth, and nothing after
// the top-level value.
func checkSyntax(body []byte) *Refusal {
	if len(bytes.TrimSpace(body)) == 0 {
		return refuse(400, "malformed_json", "", "request body is empty")
	}
	decoder := jsontext.NewDecoder(bytes.NewReader(body))
	for {
		if _, err := decoder.ReadToken(); err != nil {
			var syntax *jsontext.SyntacticError
			if !errors.As(err, &syntax) {
				return refuse(400, "malformed_json", "", "not valid JSON: unexpected end of input")
			}
			switch {
			case errors.Is(syntax.Err, jsontext.ErrDuplicateName):
				return invalid(pathOf(syntax.JSONPointer), "duplicate key")
			case strings.Contains(syntax.Err.Error(), "invalid surrogate pair"):
				// jsontext refuses an escaped surrogate half; its error type is internal, its text is not.
				return invalid(pathOf(syntax.JSONPointer), "must be valid Unicode (it has an unpaired surrogate)")
			case errors.Is(syntax.Err, io.ErrUnexpectedEOF):
				return refuse(400, "malformed_json", "", "not valid JSON: unexpected end of input")
			}
			return refuse(400, "malformed_json", "", "not valid JSON at "+position(body, syntax.ByteOffset))
		}
		if decoder.StackDepth() > maxDepth {
			return invalid(pathOf(decoder.StackPointer()), fmt.Sprintf("exceeds a limit of this API (nesting depth %d)", maxDepth))
		}
		if decoder.StackDepth() == 0 {
			break
		}
	}
	if _, err := decoder.ReadToken(); !errors.Is(err, io.EOF) {
		return refuse(400, "malformed_json", "", "unexpected content after the request object")
	}
	return nil
}

// position names the line and column (1-based, in characters) of the byte at offset.
func position(body []byte, offset int64) string {
	before := body[:min(int(offset), len(body))]
	line := bytes.Count(before, []byte("\n")) + 1
	column := utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
	return fmt.Sprintf("line %d, column %d", line, column)
}

// pathOf writes a JSON Pointer as the paths clients read: /transactions/3/amount is transactions[3].amount.
func pathOf(pointer jsontext.Pointer) string {
	var path strings.Builder
	for token := range pointer.Tokens() {
		if _, err := strconv.Atoi(token); err == nil {
			path.WriteString("[" + token + "]")
			continue
		}
		if path.Len() > 0 {
			path.WriteByte('.')
		}
		path.WriteString(token)
	}
	return path.String()
}
