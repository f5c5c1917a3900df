"""Rehearses the README's deploys with the SAM CLI's own code, no AWS account needed.

Every command of the README's blocks marked `<!-- readme: deploy env=ENV -->` runs as written, from the repository
root, with its AWS calls answered on 127.0.0.1: S3 by moto_server, CloudFormation by cloudformation_stand_in.py,
which checks each change set as CloudFormation does (parameters, Rules, the transforms, by AWS's code). After each
`sam deploy` it checks what the SAM CLI asked CloudFormation for: the environment's stack, its variant and every
parameter the command names, and, for each function deployed, the code the build made (not a source folder).

    python3 checks/deploy/rehearse.py ENV [--built]     (--built: `sam build` for ENV has just run)

A `sam build` the same as the last one run is not run again.
"""
import contextlib
import hashlib
import io
import json
import os
import re
import shlex
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
import zipfile
from pathlib import Path

import boto3
from samtranslator.yaml_helper import yaml_parse

ROOT = Path(__file__).resolve().parent.parent.parent
BUCKET = "tally-rehearsal"
REGION = "eu-west-1"
VARIANT_FUNCTIONS = {"native": "TransactionProcessorNativeFunction", "jvm": "TransactionProcessorJvmFunction",
                     "jvm-aot": "TransactionProcessorJvmAotFunction"}
BLOCK = re.compile(r"<!-- readme: deploy env=([\w-]+) -->\s*```sh\n(.*?)```", re.S)


def readme_commands(env: str) -> list[str]:
    """The `sam` commands of the README's deploy blocks for ENV, in order, continuation lines joined."""
    commands = []
    for block_env, body in BLOCK.findall((ROOT / "README.md").read_text()):
        if block_env == env:
            joined = body.replace("\\\n", " ")
            commands += [line.strip() for line in joined.splitlines() if line.strip().startswith("sam ")]
    return commands


def samconfig(env: str) -> dict:
    """What samconfig.toml's ENV deploys: its stack, and its parameters."""
    config = tomllib.loads((ROOT / "samconfig.toml").read_text())[env]
    overrides = config["deploy"]["parameters"].get("parameter_overrides", "")
    return {"stack": config["global"]["parameters"]["stack_name"], "parameters": dict(pair.split("=", 1) for pair in overrides.split())}


def overrides_of(command: str) -> dict:
    """The Key=Value pairs a command's --parameter-overrides names."""
    words = shlex.split(command, comments=True)
    if "--parameter-overrides" not in words:
        return {}
    named = {}
    for word in words[words.index("--parameter-overrides") + 1:]:
        if word.startswith("--"):
            break
        key, _, value = word.partition("=")
        named[key] = value
    return named


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen, name: str):
    deadline = time.time() + 30
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} ended at start")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return
        time.sleep(0.1)
    raise RuntimeError(f"{name} did not listen on {port}")


class StandIns:
    """moto_server for S3 and the CloudFormation stand-in, on free ports of 127.0.0.1, and the environment that
    points the SAM CLI at them with a session's worth of made-up credentials."""

    def __enter__(self):
        self.directory = tempfile.TemporaryDirectory()
        self.record = Path(self.directory.name) / "cloudformation.jsonl"
        self.record.touch()
        s3_port, cfn_port = free_port(), free_port()
        self.processes = [subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(s3_port)],
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
        wait_for(s3_port, self.processes[0], "moto_server")
        self.processes.append(subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("cloudformation_stand_in.py")), str(cfn_port), str(self.record), BUCKET],
            stdout=subprocess.DEVNULL))
        wait_for(cfn_port, self.processes[1], "the CloudFormation stand-in")
        self.s3_client = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{s3_port}", region_name=REGION,
                                      aws_access_key_id="rehearsal", aws_secret_access_key="rehearsal")
        self.s3_client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        self.env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
        self.env.update({
            "AWS_ENDPOINT_URL": f"http://127.0.0.1:{s3_port}", "AWS_ENDPOINT_URL_CLOUDFORMATION": f"http://127.0.0.1:{cfn_port}",
            "AWS_ACCESS_KEY_ID": "AKIAREHEARSAL", "AWS_SECRET_ACCESS_KEY": "rehearsal", "AWS_SESSION_TOKEN": "rehearsal",
            "AWS_DEFAULT_REGION": REGION, "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "SAM_CLI_TELEMETRY": "0", "SAM_CLI_POLL_DELAY": "0.1"})
        return self

    def __exit__(self, *exc):
        for process in self.processes:
            process.terminate()
            process.wait()
        self.directory.cleanup()

    def run(self, command: str) -> subprocess.CompletedProcess:
        """A README command as a user runs it, answering `y` where the SAM CLI asks to deploy the change set."""
        return subprocess.run(["bash", "-c", command], cwd=ROOT, env=self.env, input="y\n",
                              capture_output=True, text=True)

    def requests(self, action: str, stack: str) -> list[dict]:
        records = [json.loads(line) for line in self.record.read_text().splitlines()]
        return [r for r in records if r["Action"] == action and r.get("StackName") == stack]

    def s3_object(self, uri: str) -> bytes:
        """An object the SAM CLI uploaded, by its s3:// URI or the path-style URL it gave CloudFormation."""
        bucket, key = re.sub(r"^(s3://|https?://[^/]+/)", "", uri).split("/", 1)
        return self.s3_client.get_object(Bucket=bucket, Key=key)["Body"].read()


def change_set_parameters(change_set: dict, previous: dict) -> dict:
    found = {}
    n = 1
    while f"Parameters.member.{n}.ParameterKey" in change_set:
        key = change_set[f"Parameters.member.{n}.ParameterKey"]
        found[key] = change_set.get(f"Parameters.member.{n}.ParameterValue", previous.get(key))
        n += 1
    return found


def files(tree: Path) -> dict:
    return {str(path.relative_to(tree)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(tree.rglob("*")) if path.is_file()}


def zipped_files(archive: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        return {info.filename: hashlib.sha256(zipped.read(info)).hexdigest()
                for info in zipped.infolist() if not info.is_dir()}


def check_deploy(stand_ins: StandIns, env: str, command: str, previous: dict) -> list[str]:
    """What a deploy asked for, against what the README and samconfig.toml promise; the problems found."""
    config = samconfig(env)
    change_sets = stand_ins.requests("CreateChangeSet", config["stack"])
    if not change_sets or not stand_ins.requests("ExecuteChangeSet", config["stack"]):
        return [f"{command}: no change set was created and executed for the stack {config['stack']}"]
    change_set = change_sets[-1]
    template = yaml_parse(stand_ins.s3_object(change_set["TemplateURL"]).decode())
    defaults = {key: str(spec["Default"]) for key, spec in template["Parameters"].items() if "Default" in spec}
    asked = defaults | change_set_parameters(change_set, previous)
    promised = {**config["parameters"], **overrides_of(command)}
    problems = [f"{command}: deployed {key}={asked.get(key)}, not {value}"
                for key, value in promised.items() if asked.get(key) != value]
    deployed = [VARIANT_FUNCTIONS[asked["Variant"]], "KeyRotatorFunction"]
    if asked.get("DeployGoBaseline") == "true":
        deployed.append("GoBaselineFunction")
    for function in deployed:
        code = template["Resources"][function]["Properties"]["CodeUri"]
        built = ROOT / ".aws-sam" / "build" / function
        if not isinstance(code, str) or not code.startswith("s3://"):
            problems.append(f"{command}: {function} was deployed without code uploaded ({code})")
        elif zipped_files(stand_ins.s3_object(code)) != files(built):
            problems.append(f"{command}: {function}'s code is not what sam build left in {built.relative_to(ROOT)}")
    previous.clear()
    previous.update(asked)
    return problems


def rehearse(env: str, built: bool) -> int:
    commands = readme_commands(env)
    if not commands:
        print(f"rehearse: the README has no deploy block for {env}", file=sys.stderr)
        return 1
    problems = []
    previous = {}
    last_build = "sam build" + ("" if env == "default" else f" --config-env {env}") if built else None
    with StandIns() as stand_ins:
        for command in commands:
            if command.startswith("sam build"):
                if command == last_build:
                    print(f"rehearse: {command}  (built already)")
                    continue
                last_build = command
            print(f"rehearse: {command}", flush=True)
            result = stand_ins.run(command)
            if result.returncode != 0:
                problems.append(f"{command}: exit {result.returncode}\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
                break
            if command.startswith("sam deploy"):
                problems += check_deploy(stand_ins, env, command, previous)
    for problem in problems:
        print(f"rehearse: {problem}", file=sys.stderr)
    if not problems:
        print(f"rehearse: {env}: every README command deployed the stack, variant, parameters and built code it promises")
    return 1 if problems else 0


if __name__ == "__main__":
    arguments = sys.argv[1:]
    sys.exit(rehearse(arguments[0], "--built" in arguments))
