#!/usr/bin/env bash
# Where the jvm-aot package's cold start spends its CPU, beside the JVM's floor (load-tests/floor, a hello-world
# handler on the same runtime): async-profiler on fresh environments of each, started as the cold-start harness
# starts them, interleaved, each profiled from exec to its first answer, summed into the parts of the start
# (ColdStartProfile). Writes docs/results/cold-start-profile.md.
#
# Usage: load-tests/profile-cold-start.sh [environments]    (default 10; needs JDK 25, moto_server)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tally.sh
environments="${1:-10}"
interval_us=500
work=load-tests/target/profile-cold-start
# async-profiler's Maven Central artifact carries its agent for linux-x64 and linux-arm64.
profiler=tools.profiler:async-profiler:4.2
case "$(uname -m)" in
    x86_64) platform=linux-x64 ;;
    aarch64) platform=linux-arm64 ;;
    *) echo "profile-cold-start.sh: no async-profiler agent for $(uname -m)" >&2; exit 1 ;;
esac

echo "== building"
./mvnw -q -B package -DskipTests -Dfuzz.duration=1s
rm -rf "$work" && mkdir -p "$work/profiles"
./mvnw -q -B dependency:copy -Dartifact=$profiler -DoutputDirectory="$work"
unzip -q "$work"/async-profiler-*.jar "$platform/libasyncProfiler.so" -d "$work"
agent="$(pwd)/$work/$platform/libasyncProfiler.so"
profiles="$(pwd)/$work/profiles"

echo "== assembling the jvm-aot package and the floor, and copies whose bootstrap starts the JVM with the profiler"
services/transaction-processor/src/main/lambda/jvm-aot/assemble.sh --for-this-machine "$work/jvm-aot"
load-tests/floor/assemble.sh "$work/floor" "$work/jvm-aot"
variants=()
for name in jvm-aot floor; do
    mkdir -p "$profiles/$name"
    cp -a "$work/$name" "$work/$name-profiled"
    sed -i "s|^exec runtime/bin/java |exec runtime/bin/java -agentpath:$agent=start,event=cpu,interval=${interval_us}us,threads,file=$profiles/$name/%p.collapsed |" \
        "$work/$name-profiled/bootstrap"
    grep -q -- "-agentpath:$agent" "$work/$name-profiled/bootstrap" || { echo "the bootstrap no longer starts runtime/bin/java" >&2; exit 1; }
    variants+=("$name=$work/$name-profiled")
done

echo "== $environments environments each"
classpath="$(tally_classpath load-tests/cold-start)"
# At the template's default memory and its CPU share, init on a full vCPU, as Lambda starts it on demand.
# Through the mock runtime API: AWS's emulator stops the function before the profiler has written its samples.
(unset TALLY_RIE; tally_java -Dtally.memory=1024 -cp "$classpath" dev.tally.coldstart.ColdStartHarness "$work/harness" "$environments" 0 events/batch.json \
    "${variants[@]}")
tally_java -Dtally.commit="$(tally_commit)" -cp "$classpath" dev.tally.coldstart.ColdStartProfile docs/results/cold-start-profile.md "$interval_us" \
    "load-tests/profile-cold-start.sh $environments" "jvm-aot=$profiles/jvm-aot" "floor=$profiles/floor"
