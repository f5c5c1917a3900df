package dev.tally.coldstart;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What /proc says of a running process: its resident set, threads and CPU time. */
final class Proc {
    /** Linux's USER_HZ, the unit of the CPU times in /proc/PID/stat. */
    private static final double TICK_MS = 10;

    private Proc() {
    }

    /** {@code VmRSS:} of /proc/PID/status: the process's resident set now, in kB. */
    static long rssKb(long pid) throws IOException {
        return status(pid, "VmRSS:");
    }

    /** {@code VmHWM:} of /proc/PID/status: the process's peak resident set, in kB. */
    static long peakRssKb(long pid) throws IOException {
        return status(pid, "VmHWM:");
    }

    /** {@code Threads:} of /proc/PID/status: every thread of the process. */
    static int threads(long pid) throws IOException {
        return (int) status(pid, "Threads:");
    }

    /**
     * The CPU time the process has used so far, in ms: the sum of its live threads' run time from
     * /proc/PID/task/TID/schedstat (nanoseconds), or user plus system time from /proc/PID/stat (10 ms
     * steps, but counting threads that have ended) where that is more.
     */
    static double cpuMs(long pid) throws IOException {
        Path process = Path.of("/proc", Long.toString(pid));
        String stat = Files.readString(process.resolve("stat"));
        // The command name in parentheses may hold spaces; fields 14 and 15 (utime, stime) follow it.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        double ticks = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * TICK_MS;
        long runNanos = 0;
        try (Stream<Path> threads = Files.list(process.resolve("task"))) {
            for (Path thread : threads.toList()) {
                try {
                    runNanos += Long.parseLong(Files.readString(thread.resolve("schedstat")).split(" ")[0]);
                } catch (NoSuchFileException ended) {
                    // The thread ended between the listing and the read: stat counts it.
                }
            }
        }
        return Math.max(ticks, runNanos / 1e6);
    }

    private static long status(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
            }
        }
        throw new IOException("no " + field + " line for process " + pid);
    }
}
