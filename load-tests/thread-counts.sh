#!/usr/bin/env bash
# Thread count and peak RSS of the running packaged transaction-processor, untuned and tuned
# (lambda-cpus.sh), each after 200 invocations through a Lambda runtime API.
#
# Usage: load-tests/thread-counts.sh [memory-mb ...]    (default 256 1024 3538; needs JDK 25)
#        TALLY_PACKAGE=.aws-sam/build/TransactionProcessorNativeFunction load-tests/thread-counts.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tally.sh
memories=("${@:-256}")
[ $# -gt 0 ] || memories=(256 1024 3538)
processor=services/transaction-processor

echo "== packaging the transaction-processor"
./mvnw -q -B package -pl load-tests/cold-start -am -DskipTests -Dfuzz.duration=1s
classpath="$(tally_classpath load-tests/cold-start)"
package="${TALLY_PACKAGE:-}"
if [ -z "$package" ]; then
    package=$processor/target/packaged-jvm
    rm -rf "$package"
    tally_jvm_package "$package"
fi

echo "== $package on $(nproc) CPUs"
for memory in "${memories[@]}"; do
    tally_java -cp "$classpath" dev.tally.coldstart.ThreadCounts "$package" "$memory" events/batch.json | \
        if [ "$memory" = "${memories[0]}" ]; then cat; else tail -n +2; fi
done
