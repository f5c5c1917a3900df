package dev.tally.coldstart;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The CPU Lambda gives an execution environment of {@code memoryMb}, and when.
 *
 * <p>Lambda allocates CPU in proportion to memory, one vCPU-second per second at 1,769 MB and six vCPUs at
 * 10,240 MB (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html): a 256 MB function has
 * 256 / 1,769 = 14.5 % of one vCPU. On demand, init runs on a full vCPU whatever the memory (AWS's
 * "Effectively running Java on Serverless" guide; lambda-perf's init durations are flat from 128 to 1,024 MB
 * while its invoke durations grow as memory falls); provisioned concurrency initialises at the share, ahead
 * of traffic. {@link Init#INIT_AT_SHARE} is the bound: an on-demand init with no boost at all.
 */
record CpuShare(int memoryMb, Init init) {
    static final double MB_PER_VCPU = 1_769;
    static final double MAX_VCPUS = 6;
    static final List<Integer> DEFAULT_MEMORY = List.of(256, 512, 1_024, 1_769);

    enum Init {
        /** On demand: init on a full vCPU (or the share, where that is more), then the share. */
        ON_DEMAND("on-demand", "on-demand"),
        /** The bound: an on-demand environment whose init gets only the share. */
        INIT_AT_SHARE("init-at-share", "on-demand"),
        /** Provisioned concurrency: init at the share, ahead of traffic, and the function is told so. */
        PROVISIONED_CONCURRENCY("provisioned-concurrency", "provisioned-concurrency");

        private final String label;
        private final String initializationType;

        Init(String label, String initializationType) {
            this.label = label;
            this.initializationType = initializationType;
        }

        String label() {
            return label;
        }

        /** What Lambda sets in {@code AWS_LAMBDA_INITIALIZATION_TYPE} for such an environment. */
        String initializationType() {
            return initializationType;
        }

        static Init parse(String label) {
            return Arrays.stream(values()).filter(i -> i.label.equals(label)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown init " + label + "; one of "
                            + Arrays.stream(values()).map(Init::label).toList()));
        }
    }

    /** The vCPUs the function has once initialised: memory / 1,769 MB, at most six. */
    double vcpus() {
        return Math.min(memoryMb / MB_PER_VCPU, MAX_VCPUS);
    }

    /** The vCPUs its init has. */
    double initVcpus() {
        return init == Init.ON_DEMAND ? Math.max(1, vcpus()) : vcpus();
    }

    /** Every combination of the memory sizes and inits given as comma-separated lists. */
    static List<CpuShare> parse(String memory, String inits) {
        List<Init> parsedInits = Arrays.stream(inits.split(",")).map(String::strip).map(Init::parse).toList();
        return Arrays.stream(memory.split(",")).map(String::strip).map(Integer::parseInt)
                .flatMap(mb -> parsedInits.stream().map(init -> new CpuShare(mb, init))).toList();
    }

    /** For tables: {@code 256 MB (14.5 % of a vCPU), init on a full vCPU}. */
    String describe() {
        String initCpu = switch (init) {
            case ON_DEMAND -> initVcpus() == 1 ? "init on a full vCPU" : "init at the share";
            case INIT_AT_SHARE -> "init at the share too (the bound)";
            case PROVISIONED_CONCURRENCY -> "provisioned concurrency, init at the share";
        };
        return String.format(Locale.ROOT, "%,d MB (%s), %s", memoryMb, percentOfVcpu(vcpus()), initCpu);
    }

    static String percentOfVcpu(double vcpus) {
        return vcpus >= 1 ? String.format(Locale.ROOT, "%.2f vCPU", vcpus) : String.format(Locale.ROOT, "%.1f %% of a vCPU", vcpus * 100);
    }
}
