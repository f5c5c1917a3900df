#!/usr/bin/env bash
# Checks what `sam build --config-env jvm` left in .aws-sam/build is what the java25 runtime needs:
# the handler class and its libraries at the zip's root, the exec wrapper the template names
# (executable), and a built template that points the functions at them.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=.aws-sam/build

fail() {
    echo "check-sam-build: $*" >&2
    exit 1
}

check_java_function() {
    local function="$1" handler_class="$2"
    local dir="$build/$function"
    echo "check-sam-build: $function"
    [ -d "$dir" ] || fail "$dir is missing: run 'sam build --config-env jvm' first"
    [ -f "$dir/$handler_class" ] || fail "$function has no $handler_class at its root"
    ls "$dir"/lib/io.quarkus.quarkus-amazon-lambda-[0-9]*.jar >/dev/null 2>&1 || fail "$function has no lib/ with quarkus-amazon-lambda"
    # unzip names the entry itself (and fails without it): grep -q behind a pipe under pipefail fails
    # whenever it stops reading before unzip has finished writing.
    unzip -l "$dir"/lib/io.quarkus.quarkus-amazon-lambda-[0-9]*.jar 'io/quarkus/amazon/lambda/runtime/QuarkusStreamHandler.class' >/dev/null \
        || fail "$function lacks io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler, the handlers' base"
    if ls "$dir"/lib/*apache-client* "$dir"/lib/*netty-nio-client* >/dev/null 2>&1; then
        fail "$function ships an HTTP client the pom excludes"
    fi
}

check_java_function TransactionProcessorJvmFunction dev/tally/processor/TallyStreamHandler.class
[ -x "$build/TransactionProcessorJvmFunction/tally-exec-wrapper" ] || fail "tally-exec-wrapper is missing or not executable"
[ -f "$build/TransactionProcessorJvmFunction/lambda-cpus.sh" ] || fail "lambda-cpus.sh, which the wrapper sources, is missing"
check_java_function KeyRotatorFunction dev/tally/rotator/RotateSigningKeyHandler.class
[ ! -e "$build/TransactionProcessorNativeFunction" ] || fail "the jvm build built the native function too"

(cd checks/template && python3 check_built_template.py "../../$build/template.yaml")
echo "check-sam-build: ok"
