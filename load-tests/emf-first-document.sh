#!/usr/bin/env bash
# What the first CloudWatch embedded-metric-format document costs a fresh JVM: aws-embedded-metrics 4.2.0
# against Jackson's streaming generator (RequestTelemetry's way), in fresh JVMs started alternately.
#
# Usage: load-tests/emf-first-document.sh [jvms-per-way]    (default 15; needs JDK 25)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B install -DskipTests -Dfuzz.duration=1s -pl load-tests/cold-start -am
classpath="load-tests/cold-start/target/classes:$(./mvnw -q -B dependency:build-classpath -pl load-tests/cold-start \
    -Dmdep.outputFile=/dev/stdout)"
java -cp "$classpath" dev.tally.coldstart.EmfFirstDocument "${1:-15}"
