#!/usr/bin/env bash
# The jvm-aot package of each commit named, side by side in one run of the cold-start harness, with the JVM's
# floor (load-tests/floor, on the first commit's package) and the Go twin as the yardsticks: whether a change
# moved the cold start or the warm path, as multiples of the same run's floor and Go. Each commit is checked out
# in a worktree under load-tests/target/compare-commits, built there (nothing installed into ~/.m2) and
# assembled for this machine by its own assemble.sh. Writes docs/results/$TALLY_RESULTS.{md,csv,png}
# (compare-commits-local unless told).
#
# Usage: load-tests/compare-commits.sh [environments] [warm-invocations] COMMIT...
#        (needs JDK 25, Go, moto_server; TALLY_RIE as for cold-start.sh; TALLY_HARNESS_OPTS passes the harness
#        its options, -Dtally.memory=256 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tally.sh
environments="${1:?environments}"
warm="${2:?warm invocations}"
shift 2
[ $# -ge 1 ] || { echo "name at least one commit" >&2; exit 1; }
work=load-tests/target/compare-commits
root="$PWD"

rm -rf "$work" && mkdir -p "$work/go" "$work/results"
git worktree prune
variants=()
for commit in "$@"; do
    name="$(git rev-parse --short "$commit")"
    tree="$work/tree-$name"
    git worktree add --detach --force "$tree" "$commit" >/dev/null
    echo "== $name: building and assembling its jvm-aot package"
    (cd "$tree" && ./mvnw -q -B package -DskipTests -Dfuzz.duration=1s -pl services/transaction-processor -am \
        && services/transaction-processor/src/main/lambda/jvm-aot/assemble.sh --for-this-machine "$root/$work/$name")
    git worktree remove --force "$tree"
    variants+=("$name=$work/$name")
done
load-tests/floor/assemble.sh "$work/floor" "${variants[0]#*=}"
(cd load-tests/go-twin && CGO_ENABLED=0 go build -tags lambda.norpc -ldflags="-s -w" -o "../../$work/go/bootstrap" .)

classpath="$(tally_classpath load-tests/cold-start)"
echo "== $environments environments each, $warm warm invocations: $*"
# shellcheck disable=SC2086 # the options are words
tally_java -Dtally.commit="$(tally_commit)" ${TALLY_HARNESS_OPTS:--Dtally.memory=256} -cp "$classpath" dev.tally.coldstart.ColdStartHarness \
    "$work/results" "$environments" "$warm" events/batch.json,events/batch-1000.json "floor=$work/floor" "${variants[@]}" "go=$work/go"
for kind in md csv png; do
    cp "$work/results/cold-start-local.$kind" "docs/results/${TALLY_RESULTS:-compare-commits-local}.$kind"
done
