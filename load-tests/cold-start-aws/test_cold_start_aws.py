"""cold_start_aws.py against a stubbed Lambda client: REPORT parsing, the flags it refuses before changing
anything, rejected samples, and a function left as it was found."""
import base64
import io
import sys
import tempfile
import threading
import unittest
from pathlib import Path
from unittest import mock

import cold_start_aws
from cold_start_aws import Refused, main, parse_report, plan, summary

INIT = "REPORT RequestId: r\tDuration: 9.00 ms\tBilled Duration: 10 ms\tMemory Size: 256 MB\tMax Memory Used: 80 MB\tInit Duration: 300.00 ms\t\n"
RESTORE = ("REPORT RequestId: r\tDuration: 40.00 ms\tBilled Duration: 160 ms\tMemory Size: 256 MB\t"
           "Max Memory Used: 120 MB\tRestore Duration: 118.21 ms\tBilled Restore Duration: 120 ms\n")
WARM = "REPORT RequestId: r\tDuration: 2.10 ms\tBilled Duration: 3 ms\tMemory Size: 256 MB\tMax Memory Used: 82 MB\t\n"
SUCCESS = b'{"status":"success","signature":"..."}'


class FakeLambda:
    """The Lambda API calls the script makes, recorded; invocations answer from a list of (tail, payload, error)."""

    def __init__(self, snapstart=False, answers=None):
        self.configuration = {"Environment": {"Variables": {"TALLY_SIGNING_KEY_TTL": "5m"}}}
        if snapstart:
            self.configuration["SnapStart"] = {"ApplyOn": "PublishedVersions"}
        self.answers = list(answers or [])
        self.calls = []
        self.versions = []
        self.lock = threading.Lock()

    def get_function_configuration(self, FunctionName):
        return {"Environment": {"Variables": dict(self.configuration["Environment"]["Variables"])},
                **{k: v for k, v in self.configuration.items() if k != "Environment"}}

    def update_function_configuration(self, FunctionName, Environment):
        self.calls.append(("update", dict(Environment["Variables"])))
        self.configuration["Environment"] = {"Variables": dict(Environment["Variables"])}

    def get_waiter(self, name):
        return mock.Mock(wait=lambda **kwargs: None)

    def publish_version(self, FunctionName):
        version = str(len(self.versions) + 1)
        self.versions.append(version)
        self.calls.append(("publish", version))
        return {"Version": version}

    def delete_function(self, FunctionName, Qualifier):
        self.calls.append(("delete", Qualifier))
        self.versions.remove(Qualifier)

    def update_alias(self, **kwargs):
        self.calls.append(("alias", kwargs))

    def invoke(self, **request):
        with self.lock:
            tail, payload, error = self.answers.pop(0)
            self.calls.append(("invoke", request.get("Qualifier")))
        response = {"LogResult": base64.b64encode(tail.encode()).decode(), "Payload": io.BytesIO(payload)}
        if error:
            response["FunctionError"] = error
        return response


def run_main(client, *flags):
    with tempfile.TemporaryDirectory() as out:
        return main(["tally-fn", "--event", str(Path(__file__).parents[2] / "events/batch.json"), "--out", out, *flags],
                    client=client)


class ParseReportTest(unittest.TestCase):
    def test_reads_a_text_report_with_init_duration(self):
        self.assertEqual({"duration_ms": 9.0, "max_memory_mb": 80, "init_ms": 300.0, "restore_ms": None},
                         parse_report("START RequestId: r\n" + INIT))

    def test_reads_a_text_report_with_restore_duration(self):
        self.assertEqual(118.21, parse_report(RESTORE)["restore_ms"])
        self.assertIsNone(parse_report(RESTORE)["init_ms"])

    def test_reads_a_json_platform_report(self):
        tail = ('{"time":"2026-11-23T10:00:00.000Z","type":"platform.report","record":{"requestId":"b2",'
                '"metrics":{"durationMs":7.5,"billedDurationMs":8,"memorySizeMB":256,"maxMemoryUsedMB":64,'
                '"restoreDurationMs":95.2},"status":"success"}}\n')
        self.assertEqual(95.2, parse_report(tail)["restore_ms"])

    def test_passes_over_a_line_the_tail_cut(self):
        tail = ('ecord":{"requestId":"b2","metrics":{"durationMs":7.5 "platform.report"\n' + INIT)
        self.assertEqual(300.0, parse_report(tail)["init_ms"])
        self.assertIsNone(parse_report('{"type":"platform.report","record":{"metr\n'))

    def test_answers_none_without_a_report(self):
        self.assertIsNone(parse_report("START RequestId: d4\nEND RequestId: d4\n"))


class FlagsTest(unittest.TestCase):
    def test_refuses_a_qualifier_for_an_on_demand_function(self):
        with self.assertRaises(Refused):
            plan({}, None, "live")

    def test_refuses_latest_and_init_for_a_snapstart_function(self):
        snapstart = {"SnapStart": {"ApplyOn": "PublishedVersions"}}
        for mode, qualifier in [(None, None), (None, "$LATEST"), ("init", "live")]:
            with self.subTest(mode=mode, qualifier=qualifier), self.assertRaises(Refused):
                plan(snapstart, mode, qualifier)

    def test_picks_the_mode_from_the_configuration(self):
        self.assertEqual("init", plan({}, None, None))
        self.assertEqual("restores", plan({"SnapStart": {"ApplyOn": "PublishedVersions"}}, None, "live"))

    def test_changes_nothing_when_it_refuses(self):
        client = FakeLambda()
        with self.assertRaises(SystemExit), mock.patch("sys.stderr"):
            run_main(client, "--qualifier", "live", "--publish-is-gone")
        with self.assertRaises(SystemExit), mock.patch("sys.stderr"):
            run_main(client, "--qualifier", "live")
        self.assertEqual([], client.calls)


class RunTest(unittest.TestCase):
    def test_rejects_failed_and_warm_samples_and_restores_the_configuration(self):
        client = FakeLambda(answers=[(INIT, SUCCESS, None), (INIT, b'{"status":"error"}', None),
                                     (INIT, b'{"errorMessage":"boom"}', "Unhandled"), (WARM, SUCCESS, None)])
        with mock.patch("builtins.print"):
            result = run_main(client, "--samples", "4")

        self.assertIn("1 samples measured, 3 rejected", result)
        self.assertIn("300.0 / 300.0 / 300.0 |", result)
        self.assertEqual({"TALLY_SIGNING_KEY_TTL": "5m"}, client.configuration["Environment"]["Variables"],
                         "the nonce is gone: no drift from CloudFormation")
        self.assertTrue(all(call[1] is None for call in client.calls if call[0] == "invoke"), "$LATEST only")

    def test_first_restores_publish_a_version_each_and_leave_none_behind(self):
        client = FakeLambda(snapstart=True, answers=[(RESTORE, SUCCESS, None)] * 3)
        with mock.patch("builtins.print"):
            result = run_main(client, "--qualifier", "live", "--mode", "first-restore", "--samples", "3")

        self.assertIn("first restores", result)
        self.assertIn("3 samples measured", result)
        self.assertEqual(["1", "2", "3"], [call[1] for call in client.calls if call[0] == "invoke"])
        self.assertEqual([], client.versions)
        self.assertFalse(any(call[0] == "alias" for call in client.calls), "the alias is CloudFormation's")

    def test_restores_burst_on_the_published_version_and_reject_warm_environments(self):
        client = FakeLambda(snapstart=True, answers=[(RESTORE, SUCCESS, None)] * 4 + [(WARM, SUCCESS, None)])
        with mock.patch("builtins.print"):
            result = run_main(client, "--qualifier", "live", "--samples", "5")

        self.assertIn("4 samples measured, 1 rejected (neither init nor restore", result)
        self.assertEqual({"live"}, {call[1] for call in client.calls if call[0] == "invoke"})
        self.assertFalse(any(call[0] in ("update", "publish") for call in client.calls))

    def test_writes_the_csv_and_table_without_matplotlib(self):
        client = FakeLambda(answers=[(INIT, SUCCESS, None)])
        with mock.patch.dict(sys.modules, {"matplotlib": None}), mock.patch("builtins.print"):
            with tempfile.TemporaryDirectory() as out:
                main(["tally-fn", "--event", str(Path(__file__).parents[2] / "events/batch.json"), "--out", out,
                      "--samples", "1"], client=client)
                self.assertTrue((Path(out) / "cold-starts.csv").exists())
                self.assertFalse((Path(out) / "cold-starts.png").exists())


class SummaryTest(unittest.TestCase):
    def test_gives_the_maximum_below_a_hundred_values(self):
        self.assertEqual("10.5 / 18.0 / 20.0", summary([float(v) for v in range(1, 21)]))

    def test_gives_the_p99_from_a_hundred_values(self):
        self.assertEqual("50.5 / 90.0 / 99.0", summary([float(v) for v in range(1, 101)]))


if __name__ == "__main__":
    unittest.main()
