#!/usr/bin/env bash
# Says, one line each, what this machine has and lacks for what you want to do with Tally
# (docs/prerequisites.md lists the same with why). Exits 1 when something asked for is missing.
#
# Usage: scripts/prerequisites.sh [tests|run|build-jvm|build-native|build-jvm-aot|deploy|curl|load-test ...]
#        (no argument: all of them)
set -uo pipefail
cd "$(dirname "$0")/.."

missing=0
ok() { printf '  ok       %s\n' "$*"; }
lack() { printf '  MISSING  %s\n' "$*"; missing=1; }

# version_at_least HAVE WANT: true when the dotted version HAVE is WANT or later.
version_at_least() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -1)" = "$2" ]; }

jdk25() {
    if [ -n "${JAVA_HOME:-}" ] && "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "25'; then
        ok "JDK 25 at JAVA_HOME ($JAVA_HOME)"
    else
        lack "a JDK 25 with JAVA_HOME pointing at it (JAVA_HOME is '${JAVA_HOME:-}'; Temurin 25: https://adoptium.net)"
    fi
}
moto() {
    if command -v moto_server >/dev/null 2>&1; then
        ok "moto_server, a local Secrets Manager ($(command -v moto_server))"
    else
        lack 'moto_server: python3 -m venv ~/.venvs/moto && ~/.venvs/moto/bin/pip install "moto[server]==5.2.1", then put ~/.venvs/moto/bin on PATH'
    fi
}
tool() { # tool NAME WHY
    if command -v "$1" >/dev/null 2>&1; then ok "$1 ($2)"; else lack "$1 ($2)"; fi
}
sam_cli() {
    local version
    version=$(sam --version 2>/dev/null | sed -n 's/^SAM CLI, version //p')
    if [ -z "$version" ]; then
        lack "the SAM CLI 1.170.0 or later: https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/install-sam-cli.html"
    elif version_at_least "$version" 1.170.0; then
        ok "SAM CLI $version"
    else
        lack "SAM CLI $version: 1.170.0 or later (java25, Managed Instances and the language extensions in sam build and deploy)"
    fi
}
aws_cli() {
    local version
    version=$(aws --version 2>/dev/null | sed -n 's|^aws-cli/\([0-9.]*\).*|\1|p')
    if [ -z "$version" ]; then
        lack "the AWS CLI v2: https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html"
    elif [ "${version%%.*}" != 2 ]; then
        lack "AWS CLI $version: version 2 (aws configure export-credentials, which the signed curl uses)"
    else
        ok "AWS CLI $version"
    fi
}
credentials() {
    if aws configure export-credentials --format env >/dev/null 2>&1; then
        ok "AWS credentials (aws configure export-credentials finds them)"
    else
        lack "AWS credentials: aws configure, aws sso login, or the AWS_* variables"
    fi
    if [ -n "${AWS_DEFAULT_REGION:-}" ] || [ -n "$(aws configure get region 2>/dev/null)" ]; then
        ok "a region for sam deploy (${AWS_DEFAULT_REGION:-$(aws configure get region 2>/dev/null)})"
    else
        lack "a region for sam deploy: AWS_DEFAULT_REGION or your profile's region (the SAM CLI does not read AWS_REGION${AWS_REGION:+, which is set})"
    fi
}
curl_sigv4() {
    local version
    version=$(curl --version 2>/dev/null | sed -n '1s/^curl \([0-9.]*\).*/\1/p')
    if [ -n "$version" ] && version_at_least "$version" 7.75.0; then
        ok "curl $version (--aws-sigv4)"
    else
        lack "curl 7.75.0 or later, for --aws-sigv4 (have '${version:-none}')"
    fi
}
container_runtime() {
    local runtime memory
    runtime=$(. scripts/tally.sh && tally_container_runtime) || { lack "Docker or Podman, running (the native build runs Mandrel in a linux/arm64 container)"; return; }
    memory=$(. scripts/tally.sh && tally_container_memory_mb "$runtime")
    if [ "$memory" -ge 7500 ]; then
        ok "$runtime with $memory MB (native-image takes a 6 GB heap)"
    else
        lack "$runtime has $memory MB: give its VM 8 GB (Docker Desktop: Settings, Resources)"
    fi
    case "$(uname -m)" in
        aarch64|arm64) ok "an arm64 host: the linux/arm64 builder runs natively" ;;
        *) ok "an $(uname -m) host: the linux/arm64 builder runs under QEMU's emulation, much slower (docs/native.md)" ;;
    esac
}
arm64_linux() {
    if [ "$(uname -s)" = Linux ] && [ "$(uname -m)" = aarch64 ]; then
        ok "arm64 Linux (the jvm-aot package's JDK writes its own AOT cache)"
    else
        lack "arm64 Linux for the jvm-aot variant (this is $(uname -s) $(uname -m)): a Graviton machine, or the native-arm64 workflow"
    fi
}

check() {
    case "$1" in
        tests) echo "tests (./mvnw verify):"; jdk25; moto ;;
        run) echo "run locally (./mvnw quarkus:dev, load-tests/run-like-lambda.sh):"; jdk25; moto ;;
        build-jvm) echo "sam build --config-env jvm:"; sam_cli; jdk25; tool make "runs the build targets"; tool unzip "lays out the package" ;;
        build-native) echo "sam build (native):"; sam_cli; jdk25; tool make "runs the build targets"; container_runtime ;;
        build-jvm-aot) echo "sam build --config-env jvm-aot:"; sam_cli; jdk25; tool make "runs the build targets"; tool unzip "lays out the package"; arm64_linux ;;
        deploy) echo "sam deploy:"; sam_cli; aws_cli; credentials ;;
        curl) echo "the signed curl:"; curl_sigv4; aws_cli; credentials ;;
        load-test) echo "load-tests/gatling.sh:"; jdk25; aws_cli; credentials ;;
        *) echo "prerequisites.sh: no such command '$1' (tests, run, build-jvm, build-native, build-jvm-aot, deploy, curl, load-test)" >&2; exit 2 ;;
    esac
}

for what in "${@:-tests run build-jvm build-native build-jvm-aot deploy curl load-test}"; do
    for one in $what; do
        check "$one"
    done
done
exit $missing
