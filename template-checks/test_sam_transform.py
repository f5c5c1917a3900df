"""template.yaml through AWS's SAM translator for every combination of the parameters that shape it, then
cfn-lint over each CloudFormation template that comes out, with the same parameters."""
import json
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

from sam_transform import CHOICES, REGION, combinations, load, translate

TEMPLATE = load()
# cfn-lint of the same environment as the translator (.ci/run's template venv).
CFN_LINT = str(Path(sys.executable).parent / "cfn-lint")


def parameters_read_by_conditions(value) -> set[str]:
    if isinstance(value, dict):
        found = {value["Ref"]} if isinstance(value.get("Ref"), str) else set()
        return found.union(*(parameters_read_by_conditions(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(parameters_read_by_conditions(v) for v in value))
    return set()


class SamTransformTest(unittest.TestCase):
    def test_choices_cover_every_parameter_a_condition_reads(self):
        read = parameters_read_by_conditions(TEMPLATE.get("Conditions", {})) & set(TEMPLATE["Parameters"])
        self.assertEqual(set(), read - set(CHOICES), "add these parameters' values to CHOICES")
        for name, values in CHOICES.items():
            allowed = TEMPLATE["Parameters"][name].get("AllowedValues")
            if allowed:
                self.assertEqual(set(allowed), set(values), name)

    def test_every_combination_translates_and_lints_clean(self):
        with tempfile.TemporaryDirectory() as work:
            for parameters in combinations():
                with self.subTest(**parameters):
                    translated = translate(TEMPLATE, parameters)
                    path = Path(work) / "translated.json"
                    path.write_text(json.dumps(translated, indent=1))
                    lint = subprocess.run(
                        [CFN_LINT, "--regions", REGION, "--parameters",
                         *(f"{k}={v}" for k, v in parameters.items()), "--", str(path)],
                        capture_output=True, text=True)
                    self.assertEqual(0, lint.returncode, lint.stdout + lint.stderr)


if __name__ == "__main__":
    unittest.main()
