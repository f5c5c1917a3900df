#!/usr/bin/env bash
# The cost of the first signing-key fetch in a fresh JVM (client build + first GetSecretValue), against
# moto_server on loopback: each sample a new JVM on the function's runtime class path, as each Lambda
# cold start is (FirstKeyFetch).
#
# Usage: load-tests/first-key-fetch.sh [samples]    (default 20; needs JDK 25 and moto_server)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tally.sh
./mvnw -q -B package -pl load-tests/cold-start -am -DskipTests -Dfuzz.duration=1s
lab="$(tally_classpath load-tests/cold-start)"
tally_java -cp "$lab" dev.tally.coldstart.FirstKeyFetch "${1:-20}" "load-tests/cold-start/target/classes:$(tally_classpath shared/signing-keys)"
