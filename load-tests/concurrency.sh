#!/usr/bin/env bash
# Throughput and latency of one execution environment against its concurrency, as on Lambda Managed
# Instances, the way the Go world tunes GOMAXPROCS: the jvm-aot package and the Go twin under AWS's Lambda
# Runtime Interface Emulator in its Managed Instances mode, each function pinned to one CPU, for the
# 3-transaction and the 1,000-transaction batch. Writes docs/results/concurrency-local.{md,png}.
#
# Usage: TALLY_RIE=path/to/aws-lambda-rie load-tests/concurrency.sh [warm-up-s] [measure-s] [levels]
#        (default 3, 5 and 1,2,4,8,16,32,64; needs JDK 25, Go, moto_server, taskset and two CPUs or more,
#        the emulator v1.30 or later (DEVELOPERS.md), and /var/task to replace: the emulator's Managed
#        Instances mode starts /var/task/bootstrap only, so run it in a container or on a machine of its own)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tally.sh
: "${TALLY_RIE:?name the AWS Lambda Runtime Interface Emulator: DEVELOPERS.md says how to get it}"
warm_up="${1:-3}"
measure="${2:-5}"
levels="${3:-1,2,4,8,16,32,64}"
work="$PWD/load-tests/target/concurrency"

echo "== building"
./mvnw -q -B package -DskipTests -Dfuzz.duration=1s
rm -rf "$work" && mkdir -p "$work/go"
(cd load-tests/go-twin && CGO_ENABLED=0 go build -tags lambda.norpc -ldflags="-s -w" -o "$work/go/bootstrap" .)
services/transaction-processor/src/main/lambda/jvm-aot/assemble.sh --for-this-machine "$work/jvm-aot"

echo "== concurrency $levels, $warm_up s warm-up, $measure s measured"
TALLY_RIE="$TALLY_RIE" tally_java -cp "$(tally_classpath load-tests/cold-start)" dev.tally.coldstart.ConcurrencyCurve docs/results \
    "$warm_up" "$measure" events/batch.json,events/batch-1000.json "$levels" jvm-aot="$work/jvm-aot" go="$work/go"
