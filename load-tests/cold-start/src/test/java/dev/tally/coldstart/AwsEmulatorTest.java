package dev.tally.coldstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;

/** The emulator's lines as it printed them (commit 4fa2157, v1.30), and what the harness reads from them. */
class AwsEmulatorTest {

    @Test
    void readsInitFromTheInitReportLineInBothOfItsModes() {
        assertEquals(OptionalDouble.of(4.755),
                AwsEmulator.initReport("30 Nov 2026 00:06:41,128 [INFO] (rapid) INIT REPORT(durationMs: 4.755000)"));
        assertEquals(OptionalDouble.of(12.5), AwsEmulator.initReport("INIT REPORT(initType: lambda-managed-instances, "
                + "durationMs: 12.50, status: success, phase: init, errorType: )"));
    }

    @Test
    void readsTheDurationAndNotTheInitDurationOfAReport() {
        assertEquals(OptionalDouble.of(7.5), AwsEmulator.reportDuration("REPORT RequestId: 5ff8e9cc-ee90-452f-baf8-e36d13a2726f\t"
                + "Init Duration: 0.12 ms\tDuration: 7.50 ms\tBilled Duration: 8 ms\tMemory Size: 256 MB\tMax Memory Used: 256 MB\t"));
        assertEquals(OptionalDouble.of(0.72), AwsEmulator.reportDuration("REPORT RequestId: 86af64b1-4259-4020-a62f-4400f5601495\t"
                + "Duration: 0.72 ms\tBilled Duration: 1 ms\tMemory Size: 256 MB\tMax Memory Used: 256 MB\t"));
    }

    @Test
    void ignoresTheFunctionsOwnLinesThatMentionReports() {
        assertTrue(AwsEmulator.reportDuration("{\"message\":\"REPORT RequestId: x\\tDuration: 1.00 ms\"}").isEmpty());
        assertTrue(AwsEmulator.reportDuration("END RequestId: 86af64b1-4259-4020-a62f-4400f5601495").isEmpty());
        assertTrue(AwsEmulator.initReport("30 Nov 2026 00:06:41,123 [INFO] (rapid) INIT START(type: on-demand, phase: init)").isEmpty());
    }
}
