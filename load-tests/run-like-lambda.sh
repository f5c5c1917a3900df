#!/usr/bin/env bash
# Runs the packaged transaction-processor as Lambda runs it, with no AWS account and no Docker: the
# JVM package (Quarkus' function.zip and the exec wrapper) started as the java25 runtime starts it,
# in the prod profile, its key fetched lazily from a local Secrets Manager (moto_server), every
# invocation through a Lambda runtime API (Quarkus' mock event server). Prints the curl to use.
#
# Usage: load-tests/run-like-lambda.sh [port]    (default 9000; needs JDK 25 and moto_server)
#        TALLY_PACKAGE=.aws-sam/build/TransactionProcessorJvmFunction load-tests/run-like-lambda.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tally.sh
port="${1:-9000}"

echo "== building"
classpath="$(tally_classpath load-tests/cold-start runtime package)"
package="${TALLY_PACKAGE:-}"
if [ -z "$package" ]; then
    package=load-tests/target/run-like-lambda
    rm -rf "$package"
    tally_jvm_package "$package"
fi
# Quarkus' mock event server (the runtime API) runs on Netty, which still calls sun.misc.Unsafe.
# exec: whoever stops this script (gatling.sh, the README's runner) stops the function with it.
tally_require_java
exec "$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -cp "$classpath" dev.tally.coldstart.RunLikeLambda "$package" "$port"
