"""The reference's comments say why; measured figures live in docs/, where a run names its command and conditions.

A figure in a comment drifts from the docs the day after the next run. This reads the comments of the reference
(the functions, the core, the key cache, their packaging scripts, the template and the build) and fails on a
figure with a unit of measurement: a duration, a percentage, a multiple, a price.
"""
import re
import subprocess
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
REFERENCE = ["services/transaction-processor/src/main", "services/key-rotator/src/main", "shared/transaction-core/src/main",
             "shared/signing-keys/src/main", "template.yaml", "samconfig.toml", "Makefile", "scripts"]
FIGURE = re.compile(r"\d[\d,.]*\s?(ms|µs|%|times\b|×)|\$\d")
JAVA_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
HASH_COMMENT = re.compile(r"(?:^|\s)#[^\n]*")


def comments(path: Path) -> list[tuple[int, str]]:
    """Each comment's first line number and text; in YAML, a parameter's Description too."""
    text = path.read_text()
    found = []
    if path.suffix == ".java":
        pattern = JAVA_COMMENT
    else:
        pattern = HASH_COMMENT
        if path.suffix == ".yaml":
            found += [(text.count("\n", 0, m.start()) + 1, m.group(0))
                      for m in re.finditer(r"Description: >-\n(?:\s{6,}[^\n]*\n)+", text)]
    found += [(text.count("\n", 0, m.start()) + 1, m.group(0)) for m in pattern.finditer(text)]
    return found


def figures(paths) -> list[str]:
    return [f"{path.relative_to(ROOT)}:{line}: {FIGURE.search(comment).group(0)!r} in {comment.strip()[:100]!r}"
            for path in paths for line, comment in comments(path) if FIGURE.search(comment)]


def reference_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", *REFERENCE], cwd=ROOT, capture_output=True, text=True, check=True)
    return [ROOT / name for name in listed.stdout.split() if (ROOT / name).is_file()]


class ReferenceCommentsTest(unittest.TestCase):
    def test_no_comment_of_the_reference_carries_a_measured_figure(self):
        self.assertEqual([], figures(reference_files()))

    def test_finds_a_figure_in_a_comment_and_not_in_code(self):
        planted = ROOT / "checks" / "reference" / "Planted.java"
        planted.write_text("class Planted {\n    int x = 7 % 3; // cost 40 ms of the first request\n}\n")
        try:
            self.assertEqual(1, len(figures([planted])))
        finally:
            planted.unlink()


if __name__ == "__main__":
    unittest.main()
