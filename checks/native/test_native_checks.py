"""The native build's host checks and BuildTimeInitialization.java, on stand-ins and planted problems.

The host checks run as `sam build` runs them (the Makefile's targets), with stand-ins on PATH for the container
runtime (container-runtime/docker) and for `uname`, so a Mac, an arm64 Linux host, a small VM, a first build
and a pull that fails can be had on any machine. Needs a JDK 25 first on PATH (as .ci/run has it).
"""
import os
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
STAND_IN = ROOT / "checks/native" / "container-runtime" / "docker"


class HostChecksTest(unittest.TestCase):
    def setUp(self):
        self.bin = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.bin)
        shutil.copy(STAND_IN, self.bin / "docker")
        (self.bin / "uname").write_text('#!/bin/sh\ncase "$1" in -s) echo "$STAND_IN_OS";; *) echo "$STAND_IN_MACHINE";; esac\n')
        (self.bin / "uname").chmod(0o755)
        self.log = self.bin / "calls.log"

    def run_here(self, command, machine="x86_64", system="Linux", **stand_in):
        env = dict(os.environ, PATH=f"{self.bin}:{os.environ['PATH']}", TALLY_STAND_IN_LOG=str(self.log),
                   STAND_IN_MACHINE=machine, STAND_IN_OS=system, **stand_in)
        return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)

    def native_host_check(self, **kwargs):
        return self.run_here(["make", "-s", "require-arm64-container-runtime"], **kwargs)

    def calls(self):
        return self.log.read_text() if self.log.exists() else ""

    def test_refuses_a_container_runtime_with_less_than_8_gb_in_one_line_before_anything_runs(self):
        result = self.native_host_check(TALLY_STAND_IN_MEMORY=str(4 * 1024 ** 3))

        self.assertNotEqual(0, result.returncode)
        said = [line for line in result.stderr.splitlines() if not line.startswith("make:")]
        self.assertEqual(1, len(said), result.stderr)
        self.assertIn("native-image needs 8 GB", said[0])
        self.assertNotIn("pull", self.calls())

    def test_pulls_the_builder_image_in_sight_on_a_first_build(self):
        result = self.native_host_check(TALLY_STAND_IN_IMAGE="missing")

        self.assertEqual(0, result.returncode, result.stderr)
        self.assertIn("Pulling the Mandrel builder image", result.stderr)
        self.assertIn("pull --platform=linux/arm64 quay.io/quarkus/ubi9-quarkus-mandrel-builder-image", self.calls())

    def test_reports_a_pull_that_fails_as_a_pull_that_failed(self):
        result = self.native_host_check(TALLY_STAND_IN_IMAGE="missing", TALLY_STAND_IN_PULL="fails")

        self.assertNotEqual(0, result.returncode)
        self.assertIn("could not pull", result.stderr)
        self.assertIn("manifest unknown", result.stderr)
        self.assertNotIn("cannot run linux/arm64", result.stderr)

    def test_knows_apple_silicon_and_arm64_linux_as_arm64_hosts(self):
        for machine, system in (("arm64", "Darwin"), ("aarch64", "Linux")):
            with self.subTest(machine=machine):
                result = self.native_host_check(machine=machine, system=system)

                self.assertEqual(0, result.returncode, result.stderr)
                self.assertNotIn("emulation", result.stderr)

    def test_says_an_x86_64_host_builds_under_emulation(self):
        self.assertIn("under emulation on x86_64", self.native_host_check().stderr)

    def test_assembles_jvm_aot_for_lambda_on_arm64_linux_only(self):
        assemble = [str(ROOT / "services/transaction-processor/src/main/lambda/jvm-aot/assemble.sh"), "--check-host"]
        self.assertEqual(0, self.run_here(assemble, machine="aarch64", system="Linux").returncode)
        for machine, system in (("arm64", "Darwin"), ("x86_64", "Linux")):
            with self.subTest(machine=machine, system=system):
                result = self.run_here(assemble, machine=machine, system=system)

                self.assertNotEqual(0, result.returncode)
                self.assertEqual(1, len(result.stderr.strip().splitlines()), result.stderr)
                self.assertIn(f"this host is {system} {machine}", result.stderr)


PLANTED = """
package software.amazon.awssdk.planted;

public class Planted {
    static final java.util.Random JITTER = new java.util.Random();
}
"""


class BuildTimeInitializationTest(unittest.TestCase):
    """Planted in a native-image input of its own: a class the check must find, and interceptor files."""

    def setUp(self):
        self.work = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.work)
        source = self.work / "src" / "software" / "amazon" / "awssdk" / "planted"
        source.mkdir(parents=True)
        (source / "Planted.java").write_text(PLANTED)
        (self.work / "interceptors").mkdir()
        self.jar("planted.jar", self.work / "classes", compile_from=source / "Planted.java")

    def jar(self, name, directory, compile_from=None):
        directory.mkdir(parents=True, exist_ok=True)
        if compile_from:
            subprocess.run(["javac", "-d", str(directory), str(compile_from)], check=True)
        (self.work / "input").mkdir(exist_ok=True)
        subprocess.run(["jar", "cf", str(self.work / "input" / name), "-C", str(directory), "."], check=True)

    def check(self, command_line=""):
        return subprocess.run(["java", str(ROOT / "checks/native" / "BuildTimeInitialization.java"),
                               str(self.work / "input"), command_line], capture_output=True, text=True)

    def test_fails_on_a_random_made_at_build_time(self):
        result = self.check()

        self.assertNotEqual(0, result.returncode)
        self.assertIn("BUILD TIME software.amazon.awssdk.planted.Planted", result.stdout)
        self.assertIn("java.util.Random.<init> (a Random)", result.stdout)

    def test_passes_once_the_class_is_initialised_at_run_time(self):
        result = self.check("native-image --initialize-at-run-time=software.amazon.awssdk.planted.Planted -jar x.jar")

        self.assertEqual(0, result.returncode, result.stdout + result.stderr)

    def test_fails_on_an_execution_interceptor_the_image_cannot_instantiate(self):
        named = self.work / "interceptors" / "software" / "amazon" / "awssdk" / "global" / "handlers"
        named.mkdir(parents=True)
        (named / "execution.interceptors").write_text("software.amazon.awssdk.planted.Interceptor\n")
        self.jar("interceptors.jar", self.work / "interceptors")

        result = self.check("--initialize-at-run-time=software.amazon.awssdk.planted.Planted")

        self.assertNotEqual(0, result.returncode)
        self.assertIn("software.amazon.awssdk.planted.Interceptor (named by software/amazon/awssdk/global/handlers/"
                      "execution.interceptors, not registered for reflection)", result.stderr)


if __name__ == "__main__":
    unittest.main()
