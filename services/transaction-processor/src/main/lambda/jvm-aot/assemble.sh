#!/usr/bin/env bash
# Assembles the jvm-aot package in OUT: the JAVA_HOME JDK 25 jlinked down to the modules the function uses,
# the application's jars (jars only: an AOT cache holds no class loaded from a directory), the AWS runtime
# interface client, the bootstrap, and an AOT cache trained on real invocations of this very package
# (TrainAotCache.java, with the JDK alone). The JVM takes a cache only from the JDK build that wrote it, and
# that JDK is the package's, so the package Lambda runs on arm64 is assembled on arm64 Linux.
#
# Usage: assemble.sh OUT         (from the repository root, after ./mvnw package -DskipTests; OUT may be
#                                 sam build's artifacts directory: only the package's own entries are replaced)
#        assemble.sh --check-host                    refuses, in one line, a host that cannot assemble it for Lambda
#        assemble.sh --for-this-machine OUT          a package for this machine's own runs (tests, the lab)
set -euo pipefail

check_host() {
    if [ "$(uname -s)" != Linux ] || [ "$(uname -m)" != aarch64 ]; then
        echo "The jvm-aot package for arm64 Lambda is assembled on arm64 Linux, by the JDK 25 it will run (this host is $(uname -s) $(uname -m)); build the jvm variant here: sam build --config-env jvm." >&2
        exit 1
    fi
}
case "${1:-}" in
    --check-host) check_host; exit 0 ;;
    --for-this-machine) shift ;;
    *) check_host ;;
esac
out="$1"
processor=services/transaction-processor
scripts=$processor/src/main/lambda
ric=com.amazonaws:aws-lambda-java-runtime-interface-client:$(./mvnw -q -B -N help:evaluate -Dexpression=lambda-ric.version -DforceStdout)
# jdeps on the application's jars names java.base, java.desktop (java.beans, for Jackson), java.sql and
# jdk.unsupported; JBoss LogManager adds java.logging and java.management, the SDK java.naming, and
# Quarkus reads its jars through the zip file system (jdk.zipfs).
modules=java.base,java.desktop,java.logging,java.management,java.naming,java.sql,jdk.unsupported,jdk.zipfs

. scripts/tally.sh
tally_java -version 2>/dev/null
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
rm "$out/runtime/lib/security/cacerts"
tally_aws_truststore "$out/runtime/lib/security/cacerts"

# The JVM takes an AOT cache only while the jars (and the runtime's modules file) have the times they had
# when it was trained. sam package zips every file with the zip format's earliest time, 1980-01-01 00:00
# (samcli's make_zip), and that is the time Lambda's /var/task shows: train on files that already have it.
find "$out" -exec touch -h -d '1980-01-01 00:00:00 UTC' {} +

tally_java $scripts/jvm-aot/TrainAotCache.java "$out" "$out/tally.aot" events/batch.json events/apigw-post-transactions.json
