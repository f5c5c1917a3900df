#!/usr/bin/env bash
# A Gatling load test: SteadyRateSimulation, RampSimulation or BurstSimulation, against a deployed
# stack's ApiEndpoint or, with `local`, the packaged function run like Lambda on this machine.
# The HTML report lands in load-tests/gatling/target/gatling/.
#
# Usage: load-tests/gatling.sh SteadyRateSimulation local [-Dtally.rate=10 -Dtally.seconds=60 ...]
#        load-tests/gatling.sh RampSimulation tally-jvm       (a stack name: reads its ApiEndpoint)
#
# Exits 0 exactly when the simulation's assertions pass. Against a stack it stops before the load, with
# the reason, when the stack has no ApiEndpoint, when the account's unreserved concurrency is below
# BurstSimulation's burst, or (the simulation's own preflight) when the API refuses a signed request.
# Requests are signed with the credentials and region the AWS CLI and SDK find (AWS_PROFILE, ...).
set -euo pipefail
cd "$(dirname "$0")/.."
simulation="$1"
target="$2"
shift 2
payloads="$PWD/load-tests/gatling/target/payloads"
mkdir -p "$payloads"
for size in 3 100 1000; do
    events/generate-batch.py "$size" > "$payloads/batch-$size.json"
done

# Stops the local function on the way out, keeping the simulation's exit status as the script's.
stop_function() {
    local status=$?
    kill "$function" 2>/dev/null || true
    wait "$function" 2>/dev/null || true
    exit "$status"
}

if [ "$target" = local ]; then
    echo "== starting the function like Lambda on port 9000"
    load-tests/run-like-lambda.sh 9000 > load-tests/gatling/target/run-like-lambda.log 2>&1 &
    function=$!
    trap stop_function EXIT
    # Ready when the function answers a batch through the runtime API.
    until curl -sf -H 'content-type: application/json' -d @events/batch.json http://127.0.0.1:9000/ 2>/dev/null \
            | grep -q '"status":"success"'; do
        kill -0 $function 2>/dev/null || { cat load-tests/gatling/target/run-like-lambda.log; exit 1; }
        sleep 1
    done
else
    stack="$target"
    target=$(aws cloudformation describe-stacks --stack-name "$stack" \
        --query "Stacks[0].Outputs[?OutputKey=='ApiEndpoint'].OutputValue" --output text)
    if [ -z "$target" ] || [ "$target" = None ]; then
        echo "gatling.sh: stack $stack has no ApiEndpoint output: is it deployed, in this region?" >&2
        exit 1
    fi
    if [ "$simulation" = BurstSimulation ]; then
        burst=20
        for arg in "$@"; do
            case "$arg" in -Dtally.burst=*) burst="${arg#-Dtally.burst=}" ;; esac
        done
        if ! concurrency=$(aws lambda get-account-settings --query AccountLimit.UnreservedConcurrentExecutions --output text); then
            echo "gatling.sh: could not read the account's Lambda concurrency (lambda:GetAccountSettings) to check the burst of $burst" >&2
            exit 1
        fi
        if [ "$concurrency" -lt "$burst" ]; then
            echo "gatling.sh: the account's unreserved Lambda concurrency is $concurrency, below the burst of $burst:" \
                "Lambda would throttle the rest (500s through the API). Ask for a higher concurrency quota" \
                "(Service Quotas, Lambda 'Concurrent executions'), or run with -Dtally.burst=$concurrency or less." >&2
            exit 1
        fi
    fi
    echo "== target $target"
fi

./mvnw -q -B -f load-tests/gatling/pom.xml gatling:test -Dgatling.simulationClass="dev.tally.gatling.$simulation" \
    -Dtally.target="$target" -Dtally.payloads="$payloads" "$@"
