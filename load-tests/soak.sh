#!/usr/bin/env bash
# The packaged JVM function under a long mixed run through the Lambda runtime API, then the same run with
# the local Secrets Manager stopped and started again in the middle. Writes docs/results/soak-local.md and
# docs/results/soak-outage-local.md (Soak.java says what is sent and what each answer must be).
#
# Usage: load-tests/soak.sh [invocations]    (default 100000; needs JDK 25 and moto_server)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tally.sh
invocations="${1:-100000}"
work=load-tests/target/soak

echo "== building"
./mvnw -q -B package -DskipTests -Dfuzz.duration=1s
rm -rf "$work"
tally_jvm_package "$work/jvm"
classpath="$(tally_classpath load-tests/cold-start)"

echo "== soak: $invocations invocations"
tally_java -cp "$classpath" dev.tally.coldstart.Soak "$work/jvm" "$invocations" docs/results/soak-local.md
echo "== soak with a Secrets Manager outage from 40% to 60% of $invocations invocations"
tally_java -cp "$classpath" dev.tally.coldstart.Soak "$work/jvm" "$invocations" docs/results/soak-outage-local.md --outage
