#!/usr/bin/env bash
# What the first CloudWatch embedded-metric-format document costs a fresh JVM: aws-embedded-metrics 4.2.0
# against the function's RequestTelemetry (Jackson's streaming generator), in fresh JVMs started alternately.
#
# Usage: load-tests/emf-first-document.sh [jvms-per-way]    (default 15; needs JDK 25)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tally.sh
./mvnw -q -B package -DskipTests -Dfuzz.duration=1s -pl load-tests/cold-start -am
classpath="$(tally_classpath load-tests/cold-start)"
tally_java -cp "$classpath" dev.tally.processor.EmfFirstDocument "${1:-15}"
