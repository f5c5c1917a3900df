#!/usr/bin/env bash
# The cost of the first signing-key fetch in a fresh JVM (client build + first GetSecretValue), against
# moto_server on loopback. Each sample is a new JVM, as each Lambda cold start is.
#
# The classpath is the runtime one (the function's), plus the sampling class; the JVM flag is the
# one the Lambda java runtimes set (-XX:TieredStopAtLevel=1).
#
# Usage: load-tests/first-key-fetch.sh [samples]    (default 20; needs JDK 25, moto_server and boto3)
set -euo pipefail
cd "$(dirname "$0")/.."
samples="${1:-20}"
port=45731

echo "== building shared/signing-keys and its test classes"
./mvnw -q -B install -pl shared/signing-keys -am -DskipTests
classpath="shared/signing-keys/target/test-classes:shared/signing-keys/target/classes:$(
    ./mvnw -q -B dependency:build-classpath -pl shared/signing-keys -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=runtime)"

echo "== starting moto_server on 127.0.0.1:$port"
moto_server -H 127.0.0.1 -p "$port" >/dev/null 2>&1 &
moto=$!
trap 'kill $moto 2>/dev/null' EXIT
until curl -sf "http://127.0.0.1:$port/moto-api/" >/dev/null; do sleep 0.1; done

export AWS_REGION=eu-west-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
python3 - "$port" <<'PY'
import sys, boto3
boto3.client("secretsmanager", endpoint_url=f"http://127.0.0.1:{sys.argv[1]}", region_name="eu-west-1").create_secret(
    Name="tally/signing-key", SecretString='{"signingKey":"first-fetch-benchmark-key-0123456789abcdef"}')
PY

echo "== $samples fresh JVMs: build_ms,first_fetch_ms,warm_call_ms"
results=$(for _ in $(seq "$samples"); do
    java -XX:TieredStopAtLevel=1 -cp "$classpath" dev.tally.keys.FirstKeyFetch "http://127.0.0.1:$port" tally/signing-key
done)
echo "$results"
python3 - <<PY
import statistics
rows = [list(map(float, line.split(","))) for line in """$results""".split()]
def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]
print(f"\n{len(rows)} samples          p50     p90     p99")
for i, name in enumerate(["client build", "first fetch", "warm call"]):
    column = [r[i] for r in rows]
    print(f"{name:<16} {pct(column, 50):7.1f} {pct(column, 90):7.1f} {pct(column, 99):7.1f}  ms")
PY
