# Build targets for `sam build` (BuildMethod: makefile): one `build-<LogicalId>` per function in
# template.yaml. SAM runs them from this folder (BuildProperties ContextPath/ProjectRootDirectory) and
# zips what they leave in $(ARTIFACTS_DIR). samconfig.toml's environments choose the variant.

MVNW := ./mvnw -B -q
PROCESSOR := services/transaction-processor
ROTATOR := services/key-rotator
LAMBDA_SCRIPTS := $(PROCESSOR)/src/main/lambda

# linux/arm64 (Graviton). armv8-a is the baseline every Graviton generation implements: an executable built
# for the build host's CPU (-march=native) could crash on an older generation Lambda places it on. The
# builder image is the one application.properties names, unless NATIVE_BUILDER_IMAGE pins another (the
# arm64 workflow passes the digest it resolved).
NATIVE_PLATFORM := linux/arm64
NATIVE_CPU := armv8-a
NATIVE_BUILDER_IMAGE ?= $(shell sed -n 's/^quarkus.native.builder-image=//p' $(PROCESSOR)/src/main/resources/application.properties)

.PHONY: build-TransactionProcessorNativeFunction build-TransactionProcessorJvmFunction \
	build-TransactionProcessorJvmAotFunction build-KeyRotatorFunction build-GoBaselineFunction \
	require-arm64-container-runtime require-arm64-host

# The JVM variant: Quarkus' Lambda zip for the java25 runtime, plus the exec wrapper that sizes the JVM.
build-TransactionProcessorJvmFunction:
	$(MVNW) package -pl $(PROCESSOR) -am -DskipTests
	. scripts/tally.sh && tally_jvm_package "$(ARTIFACTS_DIR)"

# The jvm-aot variant: a custom runtime carrying its own jlinked JDK 25 and an AOT cache trained on this
# package by that JDK (jvm-aot/assemble.sh). The JVM takes a cache only from the JDK build that wrote it,
# so the arm64 package is assembled on arm64 Linux (the native-arm64 workflow's runner, or a Graviton
# machine), with JAVA_HOME a JDK 25. JVM_AOT_FOR=this-machine assembles it for the build host instead, for
# rehearsals and local runs, never for Lambda.
JVM_AOT_FOR ?= lambda
build-TransactionProcessorJvmAotFunction: require-arm64-host
	$(MVNW) package -DskipTests -pl $(PROCESSOR) -am
	$(LAMBDA_SCRIPTS)/jvm-aot/assemble.sh $(if $(filter this-machine,$(JVM_AOT_FOR)),--for-this-machine) "$(ARTIFACTS_DIR)"

# The native variant: a Mandrel native executable for arm64, built in a container, behind a bootstrap
# for provided.al2023. The executable is named, so a stale runner of another version cannot be packaged,
# and any shared library native-image writes beside it goes with it.
build-TransactionProcessorNativeFunction: require-arm64-container-runtime
	rm -f $(PROCESSOR)/target/transaction-processor-runner $(PROCESSOR)/target/*.so
	$(MVNW) package -pl $(PROCESSOR) -am -DskipTests -Dnative \
		-Dquarkus.package.output-name=transaction-processor \
		-Dquarkus.native.container-build=true \
		-Dquarkus.native.container-runtime=$$(. scripts/tally.sh && tally_container_runtime) \
		-Dquarkus.native.container-runtime-options=--platform=$(NATIVE_PLATFORM) \
		-Dquarkus.native.builder-image=$(NATIVE_BUILDER_IMAGE) \
		-Dquarkus.native.march=$(NATIVE_CPU)
	cp $(PROCESSOR)/target/transaction-processor-runner "$(ARTIFACTS_DIR)/transaction-processor"
	for library in $(PROCESSOR)/target/*.so; do [ ! -e "$$library" ] || cp "$$library" "$(ARTIFACTS_DIR)/"; done
	cp $(LAMBDA_SCRIPTS)/bootstrap $(LAMBDA_SCRIPTS)/lambda-cpus.sh "$(ARTIFACTS_DIR)/"

# The key-rotator runs once a rotation (every 30 days by default): start-up time does not matter, so
# it is a JVM function in every variant and needs no native toolchain. Every variant's build takes it, so
# Maven packages it again only when one of its inputs is newer than its package.
ROTATOR_PACKAGE := $(ROTATOR)/target/function.zip
ROTATOR_INPUTS := $(shell find pom.xml mvnw .mvn shared $(ROTATOR) -path '*/target' -prune -o -type f -print)

$(ROTATOR_PACKAGE): $(ROTATOR_INPUTS)
	$(MVNW) package -pl $(ROTATOR) -am -DskipTests

build-KeyRotatorFunction: $(ROTATOR_PACKAGE)
	unzip -q -o $(ROTATOR_PACKAGE) -d "$(ARTIFACTS_DIR)"

# The Go twin, built with the Go benchmark's flags: static, no RPC shim, stripped.
build-GoBaselineFunction:
	cd load-tests/go-twin && CGO_ENABLED=0 GOOS=linux GOARCH=arm64 \
		go build -tags lambda.norpc -ldflags="-s -w" -o "$(ARTIFACTS_DIR)/bootstrap" .

require-arm64-host:
	@[ "$(JVM_AOT_FOR)" = this-machine ] || $(LAMBDA_SCRIPTS)/jvm-aot/assemble.sh --check-host

# The builder image must run as linux/arm64: natively on an arm64 host, or under QEMU's binfmt emulation on
# an x86_64 one (much slower: every instruction is emulated). Asked of the container runtime itself, which is
# where Docker Desktop and Podman machines do their emulation. native-image runs in a 6 GB heap
# (quarkus.native.native-image-xmx): a runtime with less memory kills it part way (exit 137), so the build
# asks for 8 GB first. The first build pulls the builder image, in sight.
NATIVE_MEMORY_MB := 7500
require-arm64-container-runtime:
	@runtime=$$(. scripts/tally.sh && tally_container_runtime) || { \
		echo "The native variant is built inside a container (Mandrel for $(NATIVE_PLATFORM)) and no" >&2; \
		echo "container runtime answers here: start Docker or Podman, or build the JVM variant with" >&2; \
		echo "'sam build --config-env jvm'." >&2; \
		exit 1; }; \
	memory=$$(. scripts/tally.sh && tally_container_memory_mb $$runtime); \
	if [ "$$memory" -lt $(NATIVE_MEMORY_MB) ]; then \
		echo "$$runtime has $$memory MB of memory; native-image needs 8 GB (a 6 GB heap and the builder): give its VM 8 GB (Docker Desktop: Settings, Resources)." >&2; \
		exit 1; \
	fi; \
	if [ "$$($$runtime image inspect --format '{{.Architecture}}' $(NATIVE_BUILDER_IMAGE) 2>/dev/null)" != arm64 ]; then \
		echo "Pulling the Mandrel builder image $(NATIVE_BUILDER_IMAGE) for $(NATIVE_PLATFORM) (once; it takes minutes):" >&2; \
		$$runtime pull --platform=$(NATIVE_PLATFORM) $(NATIVE_BUILDER_IMAGE) >&2 || { \
			echo "$$runtime could not pull $(NATIVE_BUILDER_IMAGE) (its error is above): check the image name in application.properties, and the network." >&2; \
			exit 1; }; \
	fi; \
	machine=$$($$runtime run --rm --platform=$(NATIVE_PLATFORM) --entrypoint uname $(NATIVE_BUILDER_IMAGE) -m 2>&1); \
	if [ "$$machine" != aarch64 ]; then \
		echo "$$runtime cannot run $(NATIVE_PLATFORM) containers here ($$machine): GraalVM does" >&2; \
		echo "not cross-compile. Build on an arm64 host, or on x86_64 install QEMU's emulation first" >&2; \
		echo "(docker run --privileged --rm tonistiigi/binfmt --install arm64; a much slower build)," >&2; \
		echo "or take the native-arm64 workflow's artifact." >&2; \
		exit 1; \
	fi; \
	case "$$(uname -m)" in \
		aarch64|arm64) ;; \
		*) echo "Building $(NATIVE_PLATFORM) under emulation on $$(uname -m): every instruction is emulated, so it is slow." >&2 ;; \
	esac
