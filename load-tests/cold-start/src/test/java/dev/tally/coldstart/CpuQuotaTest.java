package dev.tally.coldstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tally.coldstart.CpuShare.Init;

class CpuQuotaTest {

    @Test
    void aFunctionHasItsMemoryOver1769MbOfAVcpuAndOnDemandInitAFullOne() {
        CpuShare small = new CpuShare(256, Init.ON_DEMAND);
        assertEquals(0.1447, small.vcpus(), 0.0001);
        assertEquals(1.0, small.initVcpus());
        assertEquals(1.0, new CpuShare(1_769, Init.ON_DEMAND).vcpus(), 1e-9);
        assertEquals(2_048 / 1_769.0, new CpuShare(2_048, Init.ON_DEMAND).initVcpus(), 1e-9, "above a vCPU, init has the share");
        assertEquals(6.0, new CpuShare(20_000, Init.ON_DEMAND).vcpus(), "six vCPUs at most");
    }

    @Test
    void theBoundAndProvisionedConcurrencyInitialiseAtTheShare() {
        assertEquals(0.1447, new CpuShare(256, Init.INIT_AT_SHARE).initVcpus(), 0.0001);
        assertEquals(0.1447, new CpuShare(256, Init.PROVISIONED_CONCURRENCY).initVcpus(), 0.0001);
        assertEquals("on-demand", Init.INIT_AT_SHARE.initializationType());
        assertEquals("provisioned-concurrency", Init.PROVISIONED_CONCURRENCY.initializationType());
    }

    @Test
    void quotasAreTheShareOfThePeriodAndAtLeastTheKernelsMillisecond() {
        assertEquals(14_471, CpuQuota.quotaMicros(new CpuShare(256, Init.ON_DEMAND).vcpus(), 100_000));
        assertEquals(100_000, CpuQuota.quotaMicros(1.0, 100_000));
        assertEquals(2_894, CpuQuota.quotaMicros(new CpuShare(256, Init.ON_DEMAND).vcpus(), 20_000));
        assertEquals(1_000, CpuQuota.quotaMicros(0.001, 100_000));
    }

    @Test
    void tablesSayTheMemoryTheShareAndHowInitRan() {
        assertEquals("256 MB (14.5 % of a vCPU), init on a full vCPU", new CpuShare(256, Init.ON_DEMAND).describe());
        assertEquals("1,769 MB (1.00 vCPU), init on a full vCPU", new CpuShare(1_769, Init.ON_DEMAND).describe());
        assertEquals("2,048 MB (1.16 vCPU), init at the share", new CpuShare(2_048, Init.ON_DEMAND).describe());
        assertEquals("512 MB (28.9 % of a vCPU), init at the share too (the bound)", new CpuShare(512, Init.INIT_AT_SHARE).describe());
        assertEquals("256 MB (14.5 % of a vCPU), provisioned concurrency, init at the share",
                new CpuShare(256, Init.PROVISIONED_CONCURRENCY).describe());
    }

    @Test
    void everySizeWithEveryInit() {
        assertEquals(List.of(new CpuShare(256, Init.ON_DEMAND), new CpuShare(256, Init.INIT_AT_SHARE),
                new CpuShare(1_769, Init.ON_DEMAND), new CpuShare(1_769, Init.INIT_AT_SHARE)),
                CpuShare.parse("256, 1769", "on-demand,init-at-share"));
        assertThrows(IllegalArgumentException.class, () -> CpuShare.parse("256", "warm"));
    }

    @Test
    void cgroupV1WritesThePeriodThenTheQuota(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("cpu"));
        Files.writeString(root.resolve("cpu/cpu.cfs_quota_us"), "-1");
        CpuQuota quota = CpuQuota.create(root, "tally-test", 100_000);
        Path group = root.resolve("cpu/tally-test");
        assertEquals("100000", Files.readString(group.resolve("cpu.cfs_period_us")));
        assertEquals("-1", Files.readString(group.resolve("cpu.cfs_quota_us")), "no limit until one is set");
        quota.limit(new CpuShare(256, Init.ON_DEMAND).vcpus());
        assertEquals("14471", Files.readString(group.resolve("cpu.cfs_quota_us")));
        assertEquals("cgroup v1 cpu.cfs_quota_us on the function's processes, 100.0 ms period", quota.describe());
        assertEquals(group.resolve("cgroup.procs").toString(), quota.enter().getLast());
    }

    @Test
    void cgroupV2EnablesTheCpuControllerAndWritesCpuMax(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("cgroup.controllers"), "cpu io memory pids");
        Files.writeString(root.resolve("cgroup.subtree_control"), "");
        CpuQuota quota = CpuQuota.create(root, "tally-test", 50_000);
        assertEquals("+cpu", Files.readString(root.resolve("cgroup.subtree_control")));
        assertEquals("max 50000", Files.readString(root.resolve("tally-test/cpu.max")));
        quota.limit(1.0);
        assertEquals("50000 50000", Files.readString(root.resolve("tally-test/cpu.max")));
        assertEquals("cgroup v2 cpu.max on the function's processes, 50.0 ms period", quota.describe());
    }

    @Test
    void noCpuControllerIsSaid(@TempDir Path root) {
        IOException none = assertThrows(IOException.class, () -> CpuQuota.create(root, "tally-test", 100_000));
        assertTrue(none.getMessage().contains("no cgroup cpu controller"), none.getMessage());
    }

    /** On this machine's own cgroups, where they can be written (root): the command joins the group before it execs. */
    @Test
    void aCommandStartedUnderItRunsInTheGroup() throws Exception {
        Path root = Path.of("/sys/fs/cgroup");
        CpuQuota quota;
        try {
            quota = CpuQuota.create(root, "tally-test-" + ProcessHandle.current().pid(), 100_000);
        } catch (IOException notHere) {
            assumeTrue(false, "no cgroup can be written here: " + notHere.getMessage());
            return;
        }
        try (quota) {
            quota.limit(0.5);
            List<String> command = new ArrayList<>(quota.enter());
            command.addAll(List.of("sleep", "5"));
            Process sleep = new ProcessBuilder(command).start();
            try {
                String cgroups = "";
                for (int i = 0; i < 50 && !cgroups.contains("tally-test-"); i++) {
                    Thread.sleep(20);
                    cgroups = Files.readString(Path.of("/proc", Long.toString(sleep.pid()), "cgroup"));
                }
                assertTrue(cgroups.contains("tally-test-" + ProcessHandle.current().pid()), cgroups);
                assertEquals("sleep", Files.readString(Path.of("/proc", Long.toString(sleep.pid()), "comm")).strip(),
                        "the shell exec'd the command in place: the function keeps its process id");
            } finally {
                sleep.destroy();
                sleep.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
