#!/usr/bin/env bash
# The native executable's input, as a proxy for its size where no native toolchain is at hand: the size and
# class count of the native-image source jar Quarkus writes before it calls native-image. Without
# GraalVM/Mandrel and a container runtime the build then fails, as expected; the jar is already written.
#
# Usage: load-tests/native-source-jar.sh    (needs JDK 25)
set -uo pipefail
cd "$(dirname "$0")/.."
processor=services/transaction-processor
./mvnw -q -B package -pl $processor -am -DskipTests -Dnative -Dquarkus.native.container-build=false >/dev/null 2>&1 \
    || echo "(native-image did not run here: no GraalVM/Mandrel; the source jar below was written before it)"
jar_dir=$(ls -d $processor/target/*-native-image-source-jar 2>/dev/null) || { echo "no native-image source jar was written" >&2; exit 1; }
classes=0
for jar in "$jar_dir"/*.jar "$jar_dir"/lib/*.jar; do
    classes=$((classes + $(unzip -l "$jar" | grep -c '\.class$')))
done
echo "native-image source jar: $(du -sb "$jar_dir" | cut -f1) bytes, $(ls "$jar_dir"/lib | wc -l) libraries, $classes classes"
