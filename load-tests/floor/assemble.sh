#!/usr/bin/env bash
# Assembles the JVM's floor in OUT, for the cold-start harness only: HelloStreamHandler on the jvm-aot package
# JVM_AOT (as assemble.sh --for-this-machine leaves it): its jlinked JDK, runtime interface client, bootstrap
# and JVM options, with an AOT cache of its own, trained as Tally's is.
#
# Usage: load-tests/floor/assemble.sh OUT JVM_AOT     (from the repository root; JAVA_HOME a JDK 25)
set -euo pipefail
out="$1"
jvm_aot="$2"
. scripts/tally.sh
rm -rf "$out"
mkdir -p "$out/app"
cp -r "$jvm_aot/runtime" "$jvm_aot/ric" "$jvm_aot/lambda-cpus.sh" "$out/"
# The runtime interface client's own dependencies, which the package keeps in app/ with the function's.
core=$(ls "$jvm_aot"/app/com.amazonaws.aws-lambda-java-core-*.jar)
cp "$core" "$jvm_aot"/app/software.amazon.awssdk.utils-lite-*.jar "$out/app/"
classes=$(mktemp -d)
trap 'rm -rf "$classes"' EXIT
"$JAVA_HOME/bin/javac" --release 25 -cp "$core" -d "$classes" load-tests/floor/HelloStreamHandler.java
"$JAVA_HOME/bin/jar" cf "$out/app/floor.jar" -C "$classes" .
sed 's|dev\.tally\.processor\.TallyStreamHandler::handleRequest|dev.tally.floor.HelloStreamHandler::handleRequest|' \
    "$jvm_aot/bootstrap" > "$out/bootstrap"
grep -q 'dev.tally.floor.HelloStreamHandler::handleRequest' "$out/bootstrap" \
    || { echo "floor: the jvm-aot bootstrap no longer names TallyStreamHandler; start the floor as it starts Tally" >&2; exit 1; }
chmod +x "$out/bootstrap"
# As assemble.sh trains: the files with the time sam package gives them.
find "$out" -exec touch -h -d '1980-01-01 00:00:00 UTC' {} +
tally_java services/transaction-processor/src/main/lambda/jvm-aot/TrainAotCache.java "$out" "$out/tally.aot" \
    events/batch.json events/apigw-post-transactions.json
