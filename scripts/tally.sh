# Shell functions shared by the Makefile, .ci/run and the load-test scripts; source it from the
# repository root.

# Lays the java25 package out in DIR as Lambda gets it: Quarkus' function.zip (after ./mvnw package),
# the exec wrapper with the script it sources, and the trust store the wrapper gives the JVM.
tally_jvm_package() {
    mkdir -p "$1"
    unzip -q -o services/transaction-processor/target/function.zip -d "$1"
    cp services/transaction-processor/src/main/lambda/tally-exec-wrapper \
        services/transaction-processor/src/main/lambda/lambda-cpus.sh "$1/"
    rm -f "$1/aws-roots.p12"
    tally_aws_truststore "$1/aws-roots.p12"
}

# The JDK 25 the README asks for, JAVA_HOME's, whatever java comes first on the PATH; refused in one line if
# JAVA_HOME is unset or not a JDK 25.
tally_java() {
    tally_require_java && "$JAVA_HOME/bin/java" "$@"
}

# Refuses, in one line, a JAVA_HOME that is not a JDK 25: for a script that execs "$JAVA_HOME/bin/java" itself.
tally_require_java() {
    if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "25'; then
        echo "Tally's lab runs on a JDK 25: set JAVA_HOME to one (it is '${JAVA_HOME:-}')." >&2
        return 1
    fi
}

# Writes FILE, a PKCS12 trust store of the root CAs of AWS's endpoints alone, taken from the JAVA_HOME JDK's
# own (AwsRootsTrustStore.java says which and why).
tally_aws_truststore() {
    tally_java services/transaction-processor/src/main/lambda/AwsRootsTrustStore.java "$1"
}

# The class path of MODULE's classes and dependencies, for java -cp; with "test", its test classes and test
# dependencies as well. MODULE and the modules it needs are built in one reactor build, to PHASE (test-compile
# unless told; "package" also packages them, the function's zip included, tests skipped), so Tally's own modules
# come from their target/ folders: nothing is installed into, or read from, the local repository (~/.m2), where
# an old copy would stand in for the sources.
tally_classpath() {
    local scope="${2:-runtime}"
    ./mvnw -q -B "${3:-test-compile}" dependency:build-classpath -pl "$1" -am -DskipTests \
        -Dmdep.includeScope="$scope" -Dmdep.outputFile="target/classpath-$scope.txt" >&2
    if [ "$scope" = test ]; then
        printf '%s/target/test-classes:' "$1"
    fi
    printf '%s/target/classes:' "$1"
    cat "$1/target/classpath-$scope.txt"
}

# The container runtime that answers here, docker or podman, as Quarkus' container build will use it.
tally_container_runtime() {
    for runtime in docker podman; do
        if command -v "$runtime" >/dev/null 2>&1 && "$runtime" info >/dev/null 2>&1; then
            echo "$runtime"
            return 0
        fi
    done
    return 1
}

# The memory, in MB, of the container runtime RUNTIME's VM or host, as it reports it.
tally_container_memory_mb() {
    local bytes
    if [ "$1" = podman ]; then
        bytes=$(podman info --format '{{.Host.MemTotal}}' 2>/dev/null)
    else
        bytes=$(docker info --format '{{.MemTotal}}' 2>/dev/null)
    fi
    echo $(( ${bytes:-0} / 1024 / 1024 ))
}

# The commit a measurement ran on, and whether the tree had changes beside it: what the lab's tables name.
tally_commit() {
    echo "$(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo +changes)"
}
