#!/usr/bin/env bash
# Assembles the jvm-aot package in OUT for the machine it runs on: the JAVA_HOME JDK 25 jlinked down to
# the modules the function uses, the application's jars (jars only: an AOT cache holds no class loaded
# from a directory), the AWS runtime interface client, the bootstrap, and an AOT cache trained on real
# invocations of this very package (TrainAotCache). The JDK that trains the cache is the one in the
# package, as the JVM requires; so the package for arm64 Lambda is assembled on an arm64 host.
#
# Usage: assemble.sh OUT        (from the repository root, after ./mvnw package -DskipTests; OUT may be
#        sam build's artifacts directory: only the package's own entries in it are replaced)
set -euo pipefail
out="$1"
processor=services/transaction-processor
scripts=$processor/src/main/lambda
ric=com.amazonaws:aws-lambda-java-runtime-interface-client:$(./mvnw -q -B -N help:evaluate -Dexpression=lambda-ric.version -DforceStdout)
# jdeps on the application's jars names java.base, java.desktop (java.beans, for Jackson), java.sql and
# jdk.unsupported; JBoss LogManager adds java.logging and java.management, the SDK java.naming, and
# Quarkus reads its jars through the zip file system (jdk.zipfs).
modules=java.base,java.desktop,java.logging,java.management,java.naming,java.sql,jdk.unsupported,jdk.zipfs

"$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "25' || { echo "assemble.sh needs JAVA_HOME to be a JDK 25" >&2; exit 1; }
rm -rf "$out/app" "$out/ric" "$out/runtime" "$out/tally.aot"
mkdir -p "$out/app" "$out/ric"
cp $processor/target/transaction-processor-*-runner.jar "$out/app/"
cp $processor/target/lib/*.jar "$out/app/"
./mvnw -q -B dependency:copy -Dartifact=$ric -DoutputDirectory="$out/ric"
./mvnw -q -B dependency:copy -Dartifact=com.amazonaws:aws-lambda-java-serialization:1.2.0 -DoutputDirectory="$out/ric"
# The client's native library for this machine, out of its jar once here: given its path
# (NativeClient.JNI), the client loads it in place instead of copying it to /tmp at every start.
case "$(uname -m)" in
    x86_64) jni=linux-x86_64 ;;
    aarch64) jni=linux-aarch_64 ;;
    *) echo "assemble.sh: the runtime interface client has no native library for $(uname -m)" >&2; exit 1 ;;
esac
unzip -p "$out"/ric/aws-lambda-java-runtime-interface-client-*.jar "jni/libaws-lambda-jni.$jni.so" \
    > "$out/ric/libaws-lambda-jni.so"
"$JAVA_HOME/bin/jlink" --add-modules $modules --strip-debug --no-header-files --no-man-pages \
    --output "$out/runtime"
cp $scripts/jvm-aot/bootstrap $scripts/lambda-cpus.sh "$out/"

# The runtime's trust store: AWS's root CAs only (AwsRootsTrustStore.java), in place of the JDK's.
. scripts/tally.sh
rm "$out/runtime/lib/security/cacerts"
tally_aws_truststore "$out/runtime/lib/security/cacerts"

# The JVM takes an AOT cache only while the jars (and the runtime's modules file) have the times they had
# when it was trained. sam package zips every file with the zip format's earliest time, 1980-01-01 00:00
# (samcli's make_zip), and that is the time Lambda's /var/task shows: train on files that already have it.
find "$out" -exec touch -h -d '1980-01-01 00:00:00 UTC' {} +

"$JAVA_HOME/bin/java" -cp "$(tally_classpath $processor test)" dev.tally.processor.TrainAotCache "$out" "$out/tally.aot" \
    events/batch.json events/apigw-post-transactions.json
