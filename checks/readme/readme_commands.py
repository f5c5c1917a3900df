"""Runs the commands README.md shows a new user, as written, and checks their answers against the README.

A block of README.md takes part when the line before its opening fence is a marker:

    <!-- readme: test -->                 each line is a command that must exit 0
    <!-- readme: serve port=8080 -->      the command is started in the background; the requests after it
                                          are sent once the port accepts, and it is stopped (its process
                                          group, by its process id) before the next serve block or the end
    <!-- readme: request -->              each line is a command whose output is an answer; the answer the
                                          README shows is a `# ` line right after it, or the json block that
                                          follows the request block
    <!-- readme: request printed -->      as request, and the serving command printed this very line

Answers compare as JSON: every field the README shows, and no other, with the same value, except what
differs from run to run, which must have its shape: `signature` (64 hex digits), `processedAt` (an
ISO-8601 instant in whole seconds), and a `keyVersion` that the README shows as a Secrets Manager
VersionId (a UUID: each local Secrets Manager holds a new secret). An HTTP API response's `body` string
compares as the JSON it holds.

Usage: python3 checks/readme/readme_commands.py [README.md] [--only test|serve]   (from the repository root)
"""

import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

MARKER = re.compile(r"^<!--\s*readme:\s*(?P<kind>test|serve|request)(?P<attributes>(\s+[\w-]+(=\S+)?)*)\s*-->$")
SHAPES = {
    "signature": re.compile(r"^[0-9a-f]{64}$"),
    "processedAt": re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"),
}
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
SERVE_READY_SECONDS = 900
REQUEST_SECONDS = 120
STOP_SECONDS = 30
# From the port accepting to the line printed: the function starts, and its key is put in a local Secrets Manager.
PRINTED_SECONDS = 120


@dataclass
class Request:
    command: str
    answer: str | None = None
    printed: bool = False


@dataclass
class Step:
    kind: str
    line: int
    attributes: dict
    commands: list = field(default_factory=list)
    requests: list = field(default_factory=list)


def parse(text):
    """The marked blocks of a README, in order."""
    lines = text.split("\n")
    steps = []
    i = 0
    while i < len(lines):
        marker = MARKER.match(lines[i].strip())
        if not marker:
            i += 1
            continue
        attributes = dict(
            (a.split("=", 1) + [True])[:2] for a in marker.group("attributes").split())
        block, i = _fence(lines, i + 1, marker.group("kind"))
        step = Step(marker.group("kind"), i, attributes)
        if step.kind == "request":
            step.requests = _requests(block, bool(attributes.get("printed")))
            following, after = _following_json(lines, i)
            if following is not None:
                if len(step.requests) != 1 or step.requests[0].answer is not None:
                    raise ValueError(f"README line {i}: a json answer block follows a request block of one command only")
                step.requests[0].answer = following
                i = after
        else:
            step.commands = [c for c in block if c.strip() and not c.lstrip().startswith("#")]
            if step.kind == "serve" and len(step.commands) != 1:
                raise ValueError(f"README line {i}: a serve block holds one command")
            if step.kind == "serve" and "port" not in attributes:
                raise ValueError(f"README line {i}: a serve marker names its port")
        steps.append(step)
    return steps


def _fence(lines, i, kind):
    if i >= len(lines) or not lines[i].startswith("```"):
        raise ValueError(f"README line {i + 1}: the readme: {kind} marker is not followed by a code block")
    end = i + 1
    while end < len(lines) and not lines[end].startswith("```"):
        end += 1
    if end == len(lines):
        raise ValueError(f"README line {i + 1}: the code block does not end")
    return lines[i + 1:end], end + 1


def _requests(block, printed):
    requests = []
    for line in block:
        if not line.strip():
            continue
        if line.startswith("# "):
            if not requests or requests[-1].answer is not None:
                raise ValueError(f"an answer with no request before it: {line}")
            requests[-1].answer = line[2:]
        elif not line.lstrip().startswith("#"):
            requests.append(Request(line.strip(), printed=printed))
    return requests


def _following_json(lines, i):
    j = i
    while j < len(lines) and not lines[j].strip():
        j += 1
    if j < len(lines) and lines[j].strip() == "```json":
        block, after = _fence(lines, j, "request")
        return "\n".join(block), after
    return None, i


def differences(expected, actual, path="$"):
    """How actual differs from the answer the README shows: an empty list when it matches."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected an object, got {json.dumps(actual)}"]
        found = []
        for name in sorted(set(expected) | set(actual)):
            where = f"{path}.{name}"
            if name not in actual:
                found.append(f"{where}: missing")
            elif name not in expected:
                found.append(f"{where}: not in the README's answer")
            else:
                found += _field(name, expected[name], actual[name], where, "statusCode" in expected)
        return found
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{path}: expected {len(expected)} items, got {json.dumps(actual)}"]
        return [d for n, (e, a) in enumerate(zip(expected, actual)) for d in differences(e, a, f"{path}[{n}]")]
    if type(expected) is not type(actual) or expected != actual:
        return [f"{path}: expected {json.dumps(expected)}, got {json.dumps(actual)}"]
    return []


def _field(name, expected, actual, where, in_http_response):
    if name in SHAPES or (name == "keyVersion" and isinstance(expected, str) and UUID.match(expected)):
        shape = SHAPES.get(name, UUID)
        if isinstance(actual, str) and shape.match(actual):
            return []
        return [f"{where}: {json.dumps(actual)} does not have the shape of {json.dumps(expected)}"]
    if name == "body" and in_http_response and isinstance(expected, str) and isinstance(actual, str):
        try:
            return differences(json.loads(expected), json.loads(actual), f"{where}(json)")
        except json.JSONDecodeError:
            pass
    return differences(expected, actual, where)


class Server:
    """A README command running in the background, in a process group of its own."""

    def __init__(self, command, port, log_dir):
        self.command = command
        self.port = int(port)
        self.log = os.path.join(log_dir, f"serve-{self.port}.log")
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen(["bash", "-c", command], stdin=subprocess.DEVNULL, stdout=out,
                                            stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self, seconds=SERVE_READY_SECONDS):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"`{self.command}` exited with {self.process.returncode} before it "
                                     f"listened on port {self.port}:\n{self.output()[-4000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(1)
        raise AssertionError(f"`{self.command}` did not listen on port {self.port} within {seconds} s:\n"
                             f"{self.output()[-4000:]}")

    def output(self):
        with open(self.log, encoding="utf-8", errors="replace") as log:
            return log.read()

    def printed(self, line):
        deadline = time.monotonic() + PRINTED_SECONDS
        while time.monotonic() < deadline:
            if any(printed.strip() == line for printed in self.output().splitlines()):
                return True
            time.sleep(0.5)
        return False

    def stop(self):
        """SIGTERM to the command's process group (its process id), then SIGKILL to whatever is left."""
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            self.process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            pass
        deadline = time.monotonic() + STOP_SECONDS
        while time.monotonic() < deadline and _group_alive(self.process.pid):
            time.sleep(0.5)
        if _group_alive(self.process.pid):
            os.killpg(self.process.pid, signal.SIGKILL)
            raise AssertionError(f"`{self.command}` was still running {STOP_SECONDS} s after SIGTERM")


def _group_alive(pgid):
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False


def run(steps, only=None, out=sys.stdout):
    log_dir = tempfile.mkdtemp(prefix="readme-commands-")
    server = None
    try:
        for step in steps:
            if step.kind == "test":
                if only not in (None, "test"):
                    continue
                for command in step.commands:
                    print(f"readme: test: {command}", file=out, flush=True)
                    subprocess.run(["bash", "-c", command], stdin=subprocess.DEVNULL, check=True)
                continue
            if only not in (None, "serve"):
                continue
            if step.kind == "serve":
                if server:
                    server.stop()
                print(f"readme: serve: {step.commands[0]} (port {step.attributes['port']})", file=out, flush=True)
                server = Server(step.commands[0], step.attributes["port"], log_dir)
                server.wait_ready()
                continue
            if server is None:
                raise AssertionError(f"README line {step.line}: a request before any serve block")
            for request in step.requests:
                _request(request, server, out)
    finally:
        if server:
            server.stop()
            print(f"readme: stopped {server.command} (its log: {server.log})", file=out, flush=True)


def _request(request, server, out):
    print(f"readme: request: {request.command}", file=out, flush=True)
    if request.answer is None:
        raise AssertionError(f"the README shows no answer for `{request.command}`")
    if request.printed and not server.printed(request.command):
        raise AssertionError(f"`{server.command}` did not print `{request.command}`:\n{server.output()[-4000:]}")
    answer = subprocess.run(["bash", "-c", request.command], stdin=subprocess.DEVNULL, capture_output=True,
                            text=True, timeout=REQUEST_SECONDS)
    if answer.returncode != 0:
        raise AssertionError(f"`{request.command}` exited with {answer.returncode}: {answer.stderr}")
    print(f"  {answer.stdout.strip()}", file=out, flush=True)
    try:
        actual = json.loads(answer.stdout)
    except json.JSONDecodeError:
        raise AssertionError(f"`{request.command}` answered what is not JSON: {answer.stdout!r}") from None
    found = differences(json.loads(request.answer), actual)
    if found:
        raise AssertionError(f"`{request.command}` answered otherwise than the README shows:\n  "
                             + "\n  ".join(found))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("readme", nargs="?", default="README.md")
    parser.add_argument("--only", choices=["test", "serve"])
    arguments = parser.parse_args(argv)
    with open(arguments.readme, encoding="utf-8") as readme:
        steps = parse(readme.read())
    if not any(s.kind == "test" for s in steps) or not any(s.kind == "serve" for s in steps):
        raise SystemExit(f"{arguments.readme} marks no test command or no serve command")
    run(steps, arguments.only)


if __name__ == "__main__":
    main()
