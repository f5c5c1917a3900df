#!/usr/bin/env bash
# The JVM's options chosen at the CPU Lambda gives: copies of the jvm-aot package whose bootstrap adds each
# candidate's options after the ones lambda-cpus.sh sizes from the memory (later options win), run side by side
# by the cold-start harness at each memory's CPU share (a cgroup quota on the function alone, init on a full
# vCPU), with the JVM's floor (load-tests/floor) and the Go twin as the yardsticks. Writes docs/results/jvm-options-local.{md,csv,png}, or
# docs/results/$TALLY_RESULTS.{md,csv,png} where TALLY_RESULTS names a run the docs keep apart; docs/threads.md
# says what was tried and why the package's options won.
#
# Usage: load-tests/jvm-options.sh [environments] [warm-invocations] [name='options' ...]
#        (default 5 and 1000, and the candidates below; needs JDK 25, Go, moto_server; TALLY_RIE as for
#        cold-start.sh; TALLY_HARNESS_OPTS passes the harness its options, -Dtally.memory=256,1769 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tally.sh
environments="${1:-5}"
warm="${2:-1000}"
shift $(($# < 2 ? $# : 2))
candidates=("$@")
if [ ${#candidates[@]} -eq 0 ]; then
    candidates=(
        "package="
        "c1-lazier=-XX:CompileThresholdScaling=4"
        "c1-eager=-XX:CompileThresholdScaling=0.25"
        "tiered=-XX:TieredStopAtLevel=4 -XX:CICompilerCount=2"
        "g1=-XX:-UseSerialGC -XX:+UseG1GC"
    )
fi
work=load-tests/target/jvm-options

echo "== building"
./mvnw -q -B package -DskipTests -pl services/transaction-processor -am
rm -rf "$work" && mkdir -p "$work/go" "$work/results"
(cd load-tests/go-twin && CGO_ENABLED=0 go build -tags lambda.norpc -ldflags="-s -w" -o "../../$work/go/bootstrap" .)
services/transaction-processor/src/main/lambda/jvm-aot/assemble.sh --for-this-machine "$work/package"
load-tests/floor/assemble.sh "$work/floor" "$work/package"

variants=("floor=$work/floor")
for candidate in "${candidates[@]}"; do
    name="${candidate%%=*}"
    options="${candidate#*=}"
    if [ "$name" != package ]; then
        cp -a "$work/package" "$work/$name"
        sed -i "s|^exec runtime/bin/java \$(tally_jvm_options) |exec runtime/bin/java \$(tally_jvm_options) $options |" "$work/$name/bootstrap"
        grep -qF -- "$options" "$work/$name/bootstrap" || { echo "the bootstrap no longer starts runtime/bin/java with tally_jvm_options" >&2; exit 1; }
    fi
    variants+=("$name=$work/$name")
done
variants+=("go=$work/go")

classpath="$(tally_classpath load-tests/cold-start)"
echo "== $environments environments per candidate and size, $warm warm invocations: ${candidates[*]}"
# shellcheck disable=SC2086 # the options are words
tally_java -Dtally.commit="$(tally_commit)" ${TALLY_HARNESS_OPTS:--Dtally.memory=256,1769} -cp "$classpath" dev.tally.coldstart.ColdStartHarness "$work/results" \
    "$environments" "$warm" events/batch.json,events/batch-1000.json "${variants[@]}"
for kind in md csv png; do
    cp "$work/results/cold-start-local.$kind" "docs/results/${TALLY_RESULTS:-jvm-options-local}.$kind"
done
