package dev.tally.coldstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A cgroup CPU quota that holds a function's processes, and only them (never the runtime API, the Secrets
 * Manager stand-in or the client), to the CPU Lambda would give it: cgroup v2's {@code cpu.max} where
 * /sys/fs/cgroup is the unified hierarchy, else cgroup v1's {@code cpu.cfs_quota_us}. The function's command
 * runs under {@link #enter()}, which moves its process into the group before it becomes the function, so the
 * quota holds from its first instruction; {@link #limit(double)} changes it, as at the end of init.
 *
 * <p>The period is the kernel's default, 100 ms, unless told ({@code -Dtally.cpu.period-us}): AWS does not
 * publish the one Lambda uses, and a shorter period spreads the same share more finely, which shows in
 * the tail of warm latencies rather than in their median.
 */
final class CpuQuota implements AutoCloseable {
    static final long DEFAULT_PERIOD_MICROS = 100_000;
    /** The kernel refuses a quota below 1 ms. */
    static final long MIN_QUOTA_MICROS = 1_000;

    private final Path group;
    private final boolean unified;
    private final long periodMicros;

    private CpuQuota(Path group, boolean unified, long periodMicros) {
        this.group = group;
        this.unified = unified;
        this.periodMicros = periodMicros;
    }

    /**
     * A new group {@code name} under the cgroup file system at {@code root} (/sys/fs/cgroup), with no limit
     * yet; an IOException says why none can be made here (not root, no cpu controller, read-only).
     */
    static CpuQuota create(Path root, String name, long periodMicros) throws IOException {
        if (Files.exists(root.resolve("cgroup.controllers"))) {
            if (!Files.readString(root.resolve("cgroup.subtree_control")).contains("cpu")) {
                Files.writeString(root.resolve("cgroup.subtree_control"), "+cpu");
            }
            CpuQuota quota = new CpuQuota(Files.createDirectories(root.resolve(name)), true, periodMicros);
            quota.unlimit();
            return quota;
        }
        Path controller = root.resolve("cpu");
        if (!Files.exists(controller.resolve("cpu.cfs_quota_us"))) {
            throw new IOException("no cgroup cpu controller under " + root + " (neither cgroup v2's cpu.max nor v1's cpu.cfs_quota_us)");
        }
        CpuQuota quota = new CpuQuota(Files.createDirectories(controller.resolve(name)), false, periodMicros);
        quota.unlimit();
        Files.writeString(quota.group.resolve("cpu.cfs_period_us"), Long.toString(periodMicros));
        return quota;
    }

    /** The quota, in µs a period, that gives {@code vcpus} of CPU. */
    static long quotaMicros(double vcpus, long periodMicros) {
        return Math.max(MIN_QUOTA_MICROS, Math.round(vcpus * periodMicros));
    }

    /** Holds the group's processes to {@code vcpus} from now on. */
    void limit(double vcpus) throws IOException {
        long quota = quotaMicros(vcpus, periodMicros);
        if (unified) {
            Files.writeString(group.resolve("cpu.max"), quota + " " + periodMicros);
        } else {
            Files.writeString(group.resolve("cpu.cfs_quota_us"), Long.toString(quota));
        }
    }

    private void unlimit() throws IOException {
        if (unified) {
            Files.writeString(group.resolve("cpu.max"), "max " + periodMicros);
        } else {
            Files.writeString(group.resolve("cpu.cfs_quota_us"), "-1");
        }
    }

    /** The words a command runs under to start in this group: a shell that joins it, then execs the command. */
    List<String> enter() {
        return List.of("sh", "-c", "echo $$ > \"$0\" && exec \"$@\"", group.resolve("cgroup.procs").toString());
    }

    /** For tables: which mechanism, and its period. */
    String describe() {
        return String.format(Locale.ROOT, "cgroup %s on the function's processes, %s ms period",
                unified ? "v2 cpu.max" : "v1 cpu.cfs_quota_us", periodMicros / 1000.0);
    }

    /** Removes the group, whose processes have exited by then. */
    @Override
    public void close() throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                Files.deleteIfExists(group);
                return;
            } catch (IOException stillBusy) {
                if (attempt == 50) {
                    throw stillBusy;
                }
                Thread.sleep(100);
            }
        }
    }
}
