"""load-tests/gatling.sh as a user runs it, against stand-ins for AWS.

Locally, against the packaged function. Against a "stack": moto_server's CloudFormation holds the stack and its
ApiEndpoint output, api_standin.py is the HTTP API in front of the packaged function (SigV4 checked with
botocore, throttles on demand) and answers Lambda's GetAccountSettings; the AWS CLI and the AWS SDK in Gatling
are pointed at them by AWS_ENDPOINT_URL_* and sign with test credentials. Run from .ci/run after the build.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
GATLING = ROOT / "load-tests" / "gatling.sh"
STANDIN = Path(__file__).resolve().parent / "api_standin.py"
REGION = "eu-west-1"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "AKIDTALLYLOADTEST", "AWS_SECRET_ACCESS_KEY": "tally-load-test-secret"}
SHORT_RUN = ["-Dtally.rate=5", "-Dtally.seconds=3"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(ready, what, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if ready():
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{what} not ready within {seconds} s")


def gatling(*args, env=None):
    run = subprocess.run([str(GATLING), *args], cwd=ROOT, env=env or os.environ.copy(), capture_output=True,
                         text=True, timeout=600)
    return run.returncode, run.stdout + run.stderr


class Local(unittest.TestCase):
    """`gatling.sh SIMULATION local`: the packaged function run like Lambda on port 9000."""

    def test_exits_zero_when_the_assertions_pass_and_stops_the_function_it_started(self):
        status, output = gatling("SteadyRateSimulation", "local", *SHORT_RUN)
        self.assertEqual(0, status, output[-4000:])
        self.assertIn("percentage of failed events is less than 1.0 : true", output)
        with socket.socket() as s:
            self.assertNotEqual(0, s.connect_ex(("127.0.0.1", 9000)), "the local function still listens on 9000")


class AgainstAStack(unittest.TestCase):
    """`gatling.sh SIMULATION STACK`, the stack a stand-in."""

    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.TemporaryDirectory()
        cls.moto_port, cls.function_port = free_port(), free_port()
        cls.processes = [subprocess.Popen(["moto_server", "-p", str(cls.moto_port)], stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL)]
        package = Path(cls.work.name) / "package"
        cls.processes.append(subprocess.Popen(
            ["bash", "-c", '. scripts/tally.sh && tally_jvm_package "$1" >/dev/null && exec java -cp '
             '"$(tally_classpath load-tests/cold-start)" dev.tally.coldstart.RunLikeLambda "$1" "$2"',
             "run-like-lambda", str(package), str(cls.function_port)],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        batch = (ROOT / "events" / "batch.json").read_bytes()
        wait_until(lambda: b'"success"' in urllib.request.urlopen(urllib.request.Request(
            f"http://127.0.0.1:{cls.function_port}/", data=batch, headers={"content-type": "application/json"}),
            timeout=30).read(), "the packaged function")
        wait_until(lambda: urllib.request.urlopen(f"http://127.0.0.1:{cls.moto_port}/moto-api/", timeout=5), "moto_server")

    @classmethod
    def tearDownClass(cls):
        for process in cls.processes:
            process.terminate()
            process.wait(30)
        cls.work.cleanup()

    def environment(self, standin_port):
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(CREDENTIALS, AWS_REGION=REGION, AWS_DEFAULT_REGION=REGION,
                   AWS_ENDPOINT_URL_CLOUDFORMATION=f"http://127.0.0.1:{self.moto_port}",
                   AWS_ENDPOINT_URL_LAMBDA=f"http://127.0.0.1:{standin_port}",
                   AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull)
        return env

    def standin(self, *options):
        port = free_port()
        process = subprocess.Popen([sys.executable, str(STANDIN), str(port), f"http://127.0.0.1:{self.function_port}/",
                                    *options], env={**os.environ, **CREDENTIALS})
        self.addCleanup(lambda: (process.terminate(), process.wait(10)))
        wait_until(lambda: urllib.request.urlopen(f"http://127.0.0.1:{port}/_standin/counts", timeout=5), "the stand-in")
        return port

    def counts(self, port):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_standin/counts", timeout=5) as response:
            return json.loads(response.read())

    def stack(self, standin_port, output="ApiEndpoint"):
        name = f"tally-{self._testMethodName.replace('_', '-')}"[:120]
        template = {"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},
                    "Outputs": {output: {"Value": f"http://127.0.0.1:{standin_port}"}}}
        subprocess.run(["aws", "cloudformation", "create-stack", "--stack-name", name, "--template-body",
                        json.dumps(template)], env=self.environment(standin_port), check=True, capture_output=True)
        return name

    def test_signs_every_request_with_the_callers_credentials(self):
        port = self.standin()
        status, output = gatling("SteadyRateSimulation", self.stack(port), *SHORT_RUN, env=self.environment(port))

        self.assertEqual(0, status, output[-4000:])
        counts = self.counts(port)
        self.assertNotIn("forbidden", counts, "every signature checked out with botocore")
        self.assertGreaterEqual(counts.get("function-200", 0), 15, counts)

    def test_exits_non_zero_when_an_assertion_fails(self):
        port = self.standin()
        status, output = gatling("SteadyRateSimulation", self.stack(port), *SHORT_RUN, "-Dtally.maxFailedPercent=0",
                                 env=self.environment(port))
        self.assertNotEqual(0, status, output[-4000:])
        self.assertIn("percentage of failed events is less than 0.0 : false", output)

    def test_stops_at_once_when_the_caller_lacks_execute_api_invoke(self):
        port = self.standin("--deny")
        status, output = gatling("SteadyRateSimulation", self.stack(port), *SHORT_RUN, env=self.environment(port))

        self.assertNotEqual(0, status, output[-4000:])
        self.assertIn("lack execute-api:Invoke", output)
        self.assertEqual({"forbidden": 1, "counts": 1}, self.counts(port), "one request, then no load")

    def test_counts_throttles_apart_from_the_functions_answers(self):
        port = self.standin("--throttle-every", "4", "--lambda-throttle-every", "5")
        status, output = gatling("SteadyRateSimulation", self.stack(port), *SHORT_RUN, env=self.environment(port))

        self.assertNotEqual(0, status, "a run with a fifth of its requests throttled fails")
        errors = output[output.rindex("---- Errors"):]
        self.assertRegex(errors, r"found 429 API Gateway throttle \(stage rate/burst\) +\d+ \(")
        self.assertRegex(errors, r"found 500 API Gateway: Lambda throttled or failed +\d+ \(")
        self.assertRegex(output, r"response time 50th percentile \(ms\) +\| +\d+ \| +\d+ \| +\d+", "OK and KO apart")
        counts = self.counts(port)
        self.assertGreater(counts["throttled-429"], 0, counts)
        self.assertGreater(counts["lambda-throttled-500"], 0, counts)

    def test_stops_when_the_stack_has_no_endpoint(self):
        port = self.standin()
        status, output = gatling("SteadyRateSimulation", self.stack(port, output="SomethingElse"),
                                 env=self.environment(port))

        self.assertEqual(1, status, output)
        self.assertIn("has no ApiEndpoint output", output)
        self.assertEqual({"counts": 1}, self.counts(port), "no request sent")

    def test_stops_when_the_account_concurrency_is_below_the_burst(self):
        port = self.standin("--account-concurrency", "10")
        status, output = gatling("BurstSimulation", self.stack(port), "-Dtally.burst=20", env=self.environment(port))

        self.assertEqual(1, status, output)
        self.assertIn("unreserved Lambda concurrency is 10, below the burst of 20", output)
        self.assertEqual({"account-settings": 1, "counts": 1}, self.counts(port), "checked, and no request sent")


if __name__ == "__main__":
    unittest.main()
