#!/usr/bin/env bash
# What can be checked of the native variant where no native-image runs (no GraalVM, no container engine):
# `sam build` of the default variant with a stand-in container runtime (container-runtime/docker) that
# records how Quarkus calls the Mandrel builder, then
#   - the artifact Lambda would get: bootstrap, the executable and lambda-cpus.sh, executable;
#   - the native-image command line: linux/arm64, -march=armv8-a, a 6 GB heap, https among the URL protocols,
#     the builder image application.properties names, pulled only when missing, SDK classes left to run time;
#   - the classes the native image would initialise at build time while they hold a Random, a thread, a
#     socket or an SSLContext, and the SDK's execution interceptors against its reflection config
#     (BuildTimeInitialization.java);
#   - the classes the native image's input refers to and lacks (MissingClasses.java), against
#     missing-classes.allow, each entry with the reason it cannot stop native-image.
# Usage: checks/native/check-native-build.sh    (JDK 25, the SAM CLI; from anywhere)
set -euo pipefail
cd "$(dirname "$0")/../.."
fail() {
    echo "check-native-build: $*" >&2
    exit 1
}

stand_in="$(mktemp -d)"
trap 'rm -rf "$stand_in"' EXIT
cp checks/native/container-runtime/docker "$stand_in/docker"
export TALLY_STAND_IN_LOG="$stand_in/calls.log"
PATH="$stand_in:$PATH" sam build

artifact=.aws-sam/build/TransactionProcessorNativeFunction
for file in bootstrap transaction-processor lambda-cpus.sh; do
    [ -f "$artifact/$file" ] || fail "$artifact has no $file"
done
for file in bootstrap transaction-processor; do
    [ -x "$artifact/$file" ] || fail "$artifact/$file is not executable"
done

image=$(sed -n 's/^quarkus.native.builder-image=//p' services/transaction-processor/src/main/resources/application.properties)
build=$(grep -- ' -jar ' "$TALLY_STAND_IN_LOG") || fail "Quarkus never ran native-image; the calls: $(cat "$TALLY_STAND_IN_LOG")"
for expected in "--platform=linux/arm64" " $image " "-march=armv8-a" "--link-at-build-time" "-J-Xmx6g" \
        "--initialize-at-run-time=software.amazon.awssdk.core.retry.backoff.FullJitterBackoffStrategy,"; do
    [[ "$build" == *"$expected"* ]] || fail "native-image ran without '$expected': $build"
done
protocols=$(echo "$build" | sed -n 's/.*--enable-url-protocols=\([^ ]*\).*/\1/p')
[[ ",$protocols," == *,https,* ]] || fail "native-image enables the URL protocols '$protocols', not https"
grep -q "uname" "$TALLY_STAND_IN_LOG" || fail "the build did not check that the container runtime runs linux/arm64"
! grep -q "^pull " "$TALLY_STAND_IN_LOG" || fail "the builder image was pulled though it was there: $(grep '^pull ' "$TALLY_STAND_IN_LOG")"
echo "check-native-build: sam build packaged the native variant; native-image runs as: ${build#*--rm }"

source_jar=services/transaction-processor/target/transaction-processor-native-image-source-jar
java checks/native/MissingClasses.java "$source_jar" checks/native/missing-classes.allow
java checks/native/BuildTimeInitialization.java "$source_jar" "$build"
echo "check-native-build: ok"
