# Sized to the CPU Lambda gives a function, not the CPUs its runtime can see.
#
# Lambda allocates CPU in proportion to memory: 1,769 MB buys one full vCPU and 10,240 MB six
# (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html), so 10,240 / 6 MB a vCPU
# fits both. Below that a function
# gets a share of one vCPU, yet the JVM and native image see every core of the host, size their GC,
# compiler and common pools for them, and contend for a fraction of one. As Go services cap GOMAXPROCS
# to their CPU quota (uber-go/automaxprocs), round the quota down, to at least one.
#
# Sourced by the native bootstrap and the JVM exec wrapper; tested by LambdaCpusTest.

# AWS_LAMBDA_FUNCTION_MEMORY_SIZE (MB), or nothing where it is unset or not a number.
tally_memory() {
    case "${AWS_LAMBDA_FUNCTION_MEMORY_SIZE:-}" in
        '' | *[!0-9]*) ;;
        *) echo "$AWS_LAMBDA_FUNCTION_MEMORY_SIZE" ;;
    esac
}

# The whole vCPUs of that memory: 1 below 3,414 MB, 2 from 3,414 MB, ... 6 at 10,240; 1 without it. On
# Lambda Managed Instances an environment has a vCPU for every TALLY_MEMORY_PER_VCPU_GIB GiB of its memory
# (the template passes its ExecutionEnvironmentMemoryGiBPerVCpu): 2,048 MB at 2 GiB a vCPU is 1.
tally_cpus() {
    memory="$(tally_memory)"
    [ -n "$memory" ] || { echo 1; return; }
    case "${TALLY_MEMORY_PER_VCPU_GIB:-}" in
        '' | *[!0-9]* | 0) cpus=$((memory * 6 / 10240)); [ "$cpus" -gt 6 ] && cpus=6 ;;
        *) cpus=$((memory / (TALLY_MEMORY_PER_VCPU_GIB * 1024))) ;;
    esac
    [ "$cpus" -lt 1 ] && cpus=1
    echo "$cpus"
}

# HotSpot options for that many processors: the GC and JIT compiler thread counts follow the active
# processor count; one processor also selects the serial collector, the right one for a single vCPU.
tally_jvm_options() {
    cpus="$(tally_cpus)"
    options="-XX:ActiveProcessorCount=$cpus -XX:ParallelGCThreads=$cpus -XX:ConcGCThreads=$(((cpus + 3) / 4))"
    if [ "$cpus" -eq 1 ]; then
        # C1 alone needs one compiler thread; tiered compilation would insist on two. At the share of a vCPU
        # Lambda gives, the compiler's thread takes that share from the work it compiles, and most of what
        # crosses C1's thresholds in init is start-up code that never runs again: C1 compiles at eight times
        # its thresholds (docs/threads.md has the measurements at the share, and what was slower to start).
        options="$options -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:CompileThresholdScaling=8"
    fi
    # The JVM's memory ergonomics follow the function's memory, as in Lambda's container (where MaxRAM is a
    # no-op), and the same wherever else the package runs (the local harness, soak and load tests). The heap
    # is capped at a quarter of it, at least 64 MB, so that a 6 MB event, read in arrays too large for the
    # young generation, fits in the old one beside TLS's state; the young generation is fixed at three
    # sixteenths of the heap, since all of it is resident within an environment's first requests and it must
    # still take init's allocations in one collection (docs/threads.md, docs/benchmarks.md).
    memory="$(tally_memory)"
    if [ -n "$memory" ]; then
        heap=$((memory / 4))
        [ "$heap" -lt 64 ] && heap=64
        young=$((heap * 3 / 16))
        options="$options -XX:MaxRAM=${memory}m -Xmx${heap}m -XX:NewSize=${young}m -XX:MaxNewSize=${young}m"
    fi
    echo "$options"
}
