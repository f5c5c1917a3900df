"""The Maven wrapper under a JDK other than 25: one line that names JDK 25 and JAVA_HOME, and a non-zero
exit, where the JVM used to crash on .mvn/jvm.config."""

import glob
import os
import subprocess
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def java_major(java_home):
    """The JDK's major version from its release file, as the wrapper reads it."""
    try:
        with open(os.path.join(java_home, "release"), encoding="utf-8") as release:
            for line in release:
                if line.startswith("JAVA_VERSION="):
                    return line.split("=", 1)[1].strip().strip('"').split(".")[0]
    except OSError:
        return None
    return None


def jdks():
    found = {}
    for home in sorted(glob.glob("/usr/lib/jvm/*")):
        major = java_major(home)
        if major and os.path.isfile(os.path.join(home, "bin", "javac")) and not os.path.islink(home):
            found.setdefault(major, home)
    return found


class MavenWrapperTest(unittest.TestCase):
    def wrapper(self, java_home):
        return subprocess.run([os.path.join(ROOT, "mvnw"), "-v"], cwd=ROOT, capture_output=True, text=True,
                              env=dict(os.environ, JAVA_HOME=java_home), timeout=300)

    def test_another_jdk_gets_one_line_naming_jdk_25_and_java_home(self):
        others = {major: home for major, home in jdks().items() if major != "25"}
        if not others:
            self.skipTest("no JDK other than 25 under /usr/lib/jvm (apt-get install openjdk-17-jdk-headless)")
        for major, home in others.items():
            with self.subTest(jdk=major):
                run = self.wrapper(home)
                self.assertNotEqual(0, run.returncode)
                lines = (run.stdout + run.stderr).strip().splitlines()
                self.assertEqual(1, len(lines), lines)
                self.assertIn("JDK 25", lines[0])
                self.assertIn("JAVA_HOME", lines[0])
                self.assertIn(f"Java {major}", lines[0])

    def test_jdk_25_runs_maven(self):
        home = jdks().get("25")
        if not home:
            self.skipTest("no JDK 25 under /usr/lib/jvm")
        run = self.wrapper(home)
        self.assertEqual(0, run.returncode, run.stderr)
        self.assertIn("Apache Maven", run.stdout)


if __name__ == "__main__":
    unittest.main()
