#!/usr/bin/env bash
# Warm throughput of the workload, Java (JMH over shared/transaction-core) beside Go (go test -bench
# over load-tests/go-twin), on the same payload files of 3, 1,000, 10,000 and 100,000 transactions.
# Both do the whole workload on one body: parse, validate, sum exactly, digest, sign.
#
# Usage: load-tests/compare-throughput.sh    (needs JDK 25 and Go; about 3 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tally.sh
out=load-tests/target
payloads=$out/payloads
mkdir -p "$payloads"

echo "== payloads in $payloads"
for size in 3 1000 10000 100000; do
    events/generate-batch.py "$size" > "$payloads/batch-$size.json"
done

echo "== JMH (1 fork, 3 x 2 s warm-up, 5 x 2 s measurement, sample time)"
./mvnw -q -B package -pl load-tests/jmh -am -DskipTests
classpath="$(tally_classpath load-tests/jmh)"
tally_java -cp "$classpath" org.openjdk.jmh.Main ProcessBatchBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s \
    -jvmArgsAppend "-Dtally.payloads=$payloads" -rf json -rff "$out/jmh.json" | grep -E "^Benchmark|·p0.50|process  " || true

echo "== go test -bench (10 runs of 2 s per size)"
(cd load-tests/go-twin && TALLY_PAYLOADS="$PWD/../../$payloads" \
    go test -run '^$' -bench BenchmarkProcess -benchtime 2s -count 10 .) | tee "$out/go-bench.txt" | grep -E "^Benchmark" | head -4

echo
./mvnw -q -B package -pl load-tests/cold-start -am -DskipTests -Dfuzz.duration=1s
tally_java -cp "$(tally_classpath load-tests/cold-start)" dev.tally.coldstart.CompareThroughput "$out/jmh.json" "$out/go-bench.txt" "$payloads"
