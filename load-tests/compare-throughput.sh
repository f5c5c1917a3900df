#!/usr/bin/env bash
# Warm throughput of the workload, Java (JMH over shared/transaction-core) beside Go (go test -bench
# over services/go-baseline), on the same payload files of 3, 1,000, 10,000 and 100,000 transactions.
# Both do the whole workload on one body: parse, validate, sum exactly, digest, sign.
#
# Usage: load-tests/compare-throughput.sh    (needs JDK 25, Go and python3; about 3 minutes)
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
./mvnw -q -B install -pl load-tests/jmh -am -DskipTests
classpath="$(tally_classpath load-tests/jmh)"
java -cp "$classpath" org.openjdk.jmh.Main ProcessBatchBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s \
    -jvmArgsAppend "-Dtally.payloads=$payloads" -rf json -rff "$out/jmh.json" | grep -E "^Benchmark|·p0.50|process  " || true

echo "== go test -bench (10 runs of 2 s per size)"
(cd services/go-baseline && TALLY_PAYLOADS="$PWD/../../$payloads" \
    go test -run '^$' -bench BenchmarkProcess -benchtime 2s -count 10 .) | tee "$out/go-bench.txt" | grep -E "^Benchmark" | head -4

python3 - "$out/jmh.json" "$out/go-bench.txt" "$payloads" <<'PY'
import json, os, re, statistics, sys

jmh_file, go_file, payloads = sys.argv[1:]
java = {}
for result in json.load(open(jmh_file)):
    size = int(result["params"]["size"])
    percentiles = result["primaryMetric"]["scorePercentiles"]
    java[size] = {"p50": percentiles["50.0"], "p90": percentiles["90.0"], "p99": percentiles["99.0"],
                  "samples": sum(int(n) for run in result["primaryMetric"]["rawDataHistogram"] for bucket in run for _, n in bucket)}
go = {}
for line in open(go_file):
    match = re.match(r"BenchmarkProcess/size=(\d+)-\d+\s+\d+\s+([\d.]+) ns/op", line)
    if match:
        go.setdefault(int(match.group(1)), []).append(float(match.group(2)) / 1000)

def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]

print()
print("| transactions | body | Java p50 / p90 / p99 (µs) | Java MB/s | Java tx/s | Go p50 / p90 of run means (µs) | Go MB/s | Go tx/s | Java ÷ Go throughput |")
print("|---|---|---|---|---|---|---|---|---|")
for size in sorted(java):
    body = os.path.getsize(os.path.join(payloads, f"batch-{size}.json"))
    j, g = java[size], go[size]
    g50 = pct(g, 50)
    print(f"| {size:,} | {body / 1024:,.1f} KiB | {j['p50']:,.1f} / {j['p90']:,.1f} / {j['p99']:,.1f} | "
          f"{body / j['p50']:,.0f} | {size / j['p50'] * 1e6:,.0f} | {g50:,.1f} / {pct(g, 90):,.1f} | "
          f"{body / g50:,.0f} | {size / g50 * 1e6:,.0f} | {g50 / j['p50']:.1f}x |")
samples = ", ".join(f"{size:,}: {java[size]['samples']:,}" for size in sorted(java))
print(f"\nJava samples per size: {samples}. Go: {len(go[3])} runs per size.")
PY
