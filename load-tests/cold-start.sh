#!/usr/bin/env bash
# Cold starts and warm invocations, locally, at the CPU Lambda gives each memory size, in one run: every
# function's processes (only them) under a cgroup CPU quota of memory / 1,769 MB of a vCPU, init on a full vCPU
# as on demand (ColdStartHarness, CpuShare, CpuQuota; as root, or where a cgroup can be written; elsewhere the
# run is labelled unthrottled). Interleaved, round by round: the JVM's floor (a hello-world handler on the
# jvm-aot package's runtime, load-tests/floor), the jvm-aot package (its own jlinked JDK 25 and an AOT cache
# trained on it, assembled for this machine), the Go twin, the java25 package as Lambda's java25 runtime starts
# an untuned function (the baseline) and as the package starts it (its exec wrapper), and the native executable
# when a native build exists. Every cold start is reported as a multiple of the floor's and Go's of the same
# round, with its spread. Warm: events/batch.json (3 transactions) and events/batch-1000.json on the last
# environment of each.
# Writes docs/results/cold-start-local.{csv,md,png}.
#
# The runtime API is AWS's Lambda Runtime Interface Emulator when one is installed (TALLY_RIE=path, or
# aws-lambda-rie on the PATH; DEVELOPERS.md says how to get it), else Quarkus' mock event server, whose
# figures are not comparable with the emulator's: the tables say which ran.
#
# Usage: load-tests/cold-start.sh [environments] [warm-invocations]    (default 20 and 1000; needs
#        JDK 25, Go, moto_server). Native: sam build first (needs a container runtime), on a host of
#        the executable's architecture. TALLY_HARNESS_OPTS passes the harness its options: the memory sizes
#        (-Dtally.memory=256,512,1024,1769, the default), how init gets CPU (-Dtally.init=on-demand, the
#        default; init-at-share, the bound; provisioned-concurrency; or a list), the quota's period
#        (-Dtally.cpu.period-us=100000).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tally.sh
environments="${1:-20}"
warm="${2:-1000}"
processor=services/transaction-processor
work=load-tests/target/cold-start

echo "== building"
./mvnw -q -B package -DskipTests -Dfuzz.duration=1s
rm -rf "$work" && mkdir -p "$work/go"
tally_jvm_package "$work/jvm"
(cd load-tests/go-twin && CGO_ENABLED=0 go build -tags lambda.norpc -ldflags="-s -w" -o "../../$work/go/bootstrap" .)
echo "== assembling the jvm-aot package for this machine (jlink, and the AOT cache trained on real invocations)"
$processor/src/main/lambda/jvm-aot/assemble.sh --for-this-machine "$work/jvm-aot"
echo "== assembling the floor: a hello-world handler on the same runtime, with its own AOT cache"
load-tests/floor/assemble.sh "$work/floor" "$work/jvm-aot"

classpath="$(tally_classpath load-tests/cold-start)"
variants=("floor=$work/floor" "jvm-aot=$work/jvm-aot" "go=$work/go" "java25-baseline=$work/jvm:java25" "jvm=$work/jvm")
native=.aws-sam/build/TransactionProcessorNativeFunction
if [ -x "$native/transaction-processor" ] && "$native/transaction-processor" -XX:PrintFlags=nothing >/dev/null 2>&1 </dev/null; then
    variants+=("native=$native")
else
    echo "== native: not built on this machine (sam build of the native variant needs a container runtime)"
fi

echo "== $environments environments per variant, $warm warm invocations: ${variants[*]}"
# shellcheck disable=SC2086 # the options are words
tally_java -Dtally.commit="$(tally_commit)" ${TALLY_HARNESS_OPTS:-} -cp "$classpath" dev.tally.coldstart.ColdStartHarness docs/results "$environments" "$warm" \
    events/batch.json,events/batch-1000.json "${variants[@]}"
