package main

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// BenchmarkProcess is the whole workload on one request body, warm: the JMH ProcessBatchBenchmark's
// twin, on the same payload files (TALLY_PAYLOADS, written by load-tests/compare-throughput.sh).
func BenchmarkProcess(b *testing.B) {
	dir := os.Getenv("TALLY_PAYLOADS")
	if dir == "" {
		b.Skip("TALLY_PAYLOADS names the payload directory; load-tests/compare-throughput.sh sets it")
	}
	key := SigningKey{Material: []byte("benchmark-signing-key-0123456789ab"), Version: "bench"}
	for _, size := range []int{3, 1000, 10000, 100000} {
		body, err := os.ReadFile(filepath.Join(dir, "batch-"+strconv.Itoa(size)+".json"))
		if err != nil {
			b.Fatal(err)
		}
		b.Run("size="+strconv.Itoa(size), func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				batch, refusal := ReadBatch(body, false)
				if refusal != nil {
					b.Fatal(refusal)
				}
				_ = Process(batch, key, time.Now())
			}
		})
	}
}
