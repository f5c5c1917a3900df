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

# Writes FILE, a PKCS12 trust store of the root CAs of AWS's endpoints alone, taken from the JDK's own:
# Amazon Trust Services' Amazon Root CA 1 to 4 and Starfield Services Root Certificate Authority - G2,
# which cross-signs them (https://www.amazontrust.com/repository/). The function calls AWS endpoints
# only, and parsing the JDK's 140-odd roots cost its first invocation some 40 ms (docs/benchmarks.md);
# a function that calls other HTTPS hosts adds their roots to the pattern. Stored, as the JDK's cacerts
# is, without encryption or integrity password, which is how the JVM reads a trust store.
tally_aws_truststore() {
    roots='^Owner: CN=(Amazon Root CA [1-4], O=Amazon, C=US|Starfield Services Root Certificate Authority - G2,)'
    tally_keytool -list -v -cacerts -storepass changeit |
        awk -v roots="$roots" '/^Alias name: / { alias = substr($0, 13) } $0 ~ roots { print alias }' |
        while IFS= read -r alias; do
            tally_keytool -exportcert -cacerts -storepass changeit -alias "$alias" |
                tally_keytool -J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE -J-Dkeystore.pkcs12.macAlgorithm=NONE \
                    -importcert -noprompt -storetype pkcs12 -keystore "$1" -storepass changeit -alias "$alias" \
                    >/dev/null 2>&1
        done
    tally_keytool -list -keystore "$1" </dev/null 2>/dev/null | grep -q 'contains 5 entries' ||
        { echo "tally_aws_truststore: expected AWS's 5 root CAs in $1, from the JDK's cacerts" >&2; return 1; }
}

# The JDK's keytool, its listing in English whatever the machine's locale (tally_aws_truststore reads it).
tally_keytool() {
    "${JAVA_HOME:+$JAVA_HOME/bin/}keytool" -J-Duser.language=en -J-Duser.country=US "$@"
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
