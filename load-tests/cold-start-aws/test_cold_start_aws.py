"""The REPORT parsing of cold_start_aws.py, on log tails shaped as Lambda returns them."""
import unittest

from cold_start_aws import parse_report


class ParseReportTest(unittest.TestCase):
    def test_reads_a_text_report_with_init_duration(self):
        tail = ("START RequestId: 6f2c Version: $LATEST\n"
                "END RequestId: 6f2c\n"
                "REPORT RequestId: 6f2c\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 256 MB\t"
                "Max Memory Used: 81 MB\tInit Duration: 301.50 ms\t\n")
        self.assertEqual({"duration_ms": 12.34, "max_memory_mb": 81, "init_ms": 301.5, "restore_ms": None},
                         parse_report(tail))

    def test_reads_a_text_report_with_restore_duration(self):
        tail = ("REPORT RequestId: a1\tDuration: 40.00 ms\tBilled Duration: 160 ms\tMemory Size: 512 MB\t"
                "Max Memory Used: 120 MB\tRestore Duration: 118.21 ms\tBilled Restore Duration: 120 ms\n")
        self.assertEqual(118.21, parse_report(tail)["restore_ms"])
        self.assertIsNone(parse_report(tail)["init_ms"])

    def test_reads_a_json_platform_report(self):
        tail = ('{"time":"2026-11-23T10:00:00.000Z","type":"platform.report","record":{"requestId":"b2",'
                '"metrics":{"durationMs":7.5,"billedDurationMs":8,"memorySizeMB":256,"maxMemoryUsedMB":64,'
                '"initDurationMs":95.2},"status":"success"}}\n')
        self.assertEqual({"duration_ms": 7.5, "max_memory_mb": 64, "init_ms": 95.2, "restore_ms": None},
                         parse_report(tail))

    def test_reads_a_warm_report_without_init(self):
        tail = ("REPORT RequestId: c3\tDuration: 2.10 ms\tBilled Duration: 3 ms\tMemory Size: 256 MB\t"
                "Max Memory Used: 82 MB\t\n")
        self.assertIsNone(parse_report(tail)["init_ms"])

    def test_answers_none_without_a_report(self):
        self.assertIsNone(parse_report("START RequestId: d4\nEND RequestId: d4\n"))


if __name__ == "__main__":
    unittest.main()
