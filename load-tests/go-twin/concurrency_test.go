package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"
)

// On Lambda Managed Instances aws-lambda-go runs AWS_LAMBDA_MAX_CONCURRENCY goroutines, each polling for
// invocations, over one Handler and one key cache. Under `go test -race` (.ci/run), every answer must be
// its own vector's, signed with the material of the key version it names, while rotations land.
func TestAnswersConcurrentInvocationsEachAsItsOwnVectorWhileTheKeyRotates(t *testing.T) {
	const goroutines, each = 32, 60
	v := loadVectors(t)
	api := motoServer(t)
	name, first := newSecret(t, api)
	materials := map[string]string{first: strings.Repeat("0", 40)}
	keys := newSecretKeys(name, 20*time.Millisecond)
	keys.newAPI = func() secretsAPI { return &counting{api: api} }
	h := Handler{Keys: keys, Now: time.Now}

	type answered struct {
		vector  int
		receipt map[string]any
	}
	answers := make(chan answered, goroutines*each)
	var wg sync.WaitGroup
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				vector := (g*each + i) % len(v.Vectors)
				out, err := h.Invoke(context.Background(), []byte(v.Vectors[vector].Request))
				if err != nil {
					t.Error(err)
					return
				}
				var receipt map[string]any
				decoder := json.NewDecoder(strings.NewReader(string(out)))
				decoder.UseNumber()
				if err := decoder.Decode(&receipt); err != nil {
					t.Error(err)
					return
				}
				answers <- answered{vector, receipt}
			}
		}(g)
	}
	for n := 1; n <= 3; n++ {
		time.Sleep(30 * time.Millisecond)
		materials[rotate(t, api, name, n)] = strings.Repeat(string(rune('0'+n)), 40)
	}
	wg.Wait()
	close(answers)

	versions := map[string]bool{}
	count := 0
	for a := range answers {
		count++
		e, receipt := v.Vectors[a.vector].Expected, a.receipt
		if receipt["status"] != "success" || receipt["digest"] != e.Digest || receipt["totalCredit"] != json.Number(e.TotalCredit) {
			t.Fatalf("vector %s answered %v", v.Vectors[a.vector].Name, receipt)
		}
		version := receipt["keyVersion"].(string)
		versions[version] = true
		batch, refusal := ReadBatch([]byte(v.Vectors[a.vector].Request), false)
		if refusal != nil {
			t.Fatal(refusal)
		}
		if want := hex.EncodeToString(batch.Sign([]byte(materials[version]), receipt["processedAt"].(string))); receipt["signature"] != want {
			t.Fatalf("vector %s signed under %s with other material", v.Vectors[a.vector].Name, version)
		}
	}
	if count != goroutines*each {
		t.Fatalf("%d answers of %d", count, goroutines*each)
	}
	if len(versions) < 2 {
		t.Fatalf("signed with %d key version(s): no rotation landed during the run", len(versions))
	}
}
