# Shell functions shared by the Makefile, .ci/run and the load-test scripts; source it from the
# repository root.

# Lays the java25 package out in DIR as Lambda gets it: Quarkus' function.zip (after ./mvnw package),
# and the exec wrapper with the script it sources.
tally_jvm_package() {
    mkdir -p "$1"
    unzip -q -o services/transaction-processor/target/function.zip -d "$1"
    cp services/transaction-processor/src/main/lambda/tally-exec-wrapper \
        services/transaction-processor/src/main/lambda/lambda-cpus.sh "$1/"
}

# The class path of MODULE's classes and dependencies (after ./mvnw install), for java -cp; with "test",
# its test classes and test dependencies as well.
tally_classpath() {
    if [ "${2:-}" = test ]; then
        printf '%s/target/test-classes:' "$1"
    fi
    printf '%s/target/classes:' "$1"
    ./mvnw -q -B dependency:build-classpath -pl "$1" -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope="${2:-runtime}"
}
