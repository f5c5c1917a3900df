"""template.yaml through AWS's SAM translator for every combination of the parameters that shape it, then
cfn-lint over each CloudFormation template that comes out, with the same parameters."""
import json
import os
import subprocess
import sys
import tempfile
import unittest
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sam_transform import CHOICES, GIVEN, REGION, combinations, load, refusals, translate

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

    def test_managed_instances_take_a_jvm_variant_and_the_vpc_it_runs_in(self):
        managed = dict(GIVEN, Variant="jvm", DeployGoBaseline="false", AlarmTopicArn="", ApiAuth="iam",
                       Compute="managed-instances")
        self.assertEqual([], refusals(TEMPLATE, managed))
        self.assertEqual(1, len(refusals(TEMPLATE, dict(managed, Variant="native"))))
        self.assertEqual(1, len(refusals(TEMPLATE, dict(managed, ManagedInstancesSubnetIds=""))))
        self.assertEqual(1, len(refusals(TEMPLATE, dict(managed, ManagedInstancesSecurityGroupIds=""))))
        self.assertEqual([], refusals(TEMPLATE, dict(managed, Compute="on-demand", Variant="native",
                                                      ManagedInstancesSubnetIds="", ManagedInstancesSecurityGroupIds="")))

    def test_managed_instances_put_the_function_on_the_capacity_provider_without_snapstart(self):
        for variant, function in (("jvm", "TransactionProcessorJvmFunction"), ("jvm-aot", "TransactionProcessorJvmAotFunction")):
            managed = dict(GIVEN, Variant=variant, DeployGoBaseline="false", AlarmTopicArn="", ApiAuth="iam",
                           Compute="managed-instances")
            with self.subTest(variant=variant):
                properties = translate(TEMPLATE, managed)["Resources"][function]["Properties"]
                config = properties["CapacityProviderConfig"]["LambdaManagedInstancesCapacityProviderConfig"]
                self.assertEqual({"Fn::GetAtt": ["ManagedInstancesCapacityProvider", "Arn"]}, config["CapacityProviderArn"])
                self.assertEqual(8, int(config["PerExecutionEnvironmentMaxConcurrency"]))
                self.assertNotIn("SnapStart", properties)
                self.assertGreaterEqual(int(properties["MemorySize"]), 2048)
                on_demand = translate(TEMPLATE, dict(managed, Compute="on-demand"))["Resources"][function]["Properties"]
                self.assertNotIn("CapacityProviderConfig", on_demand)
                if variant == "jvm":
                    self.assertEqual({"ApplyOn": "PublishedVersions"}, on_demand["SnapStart"])

    def test_every_combination_translates_and_lints_clean(self):
        with tempfile.TemporaryDirectory() as work:
            translated = []
            for n, parameters in enumerate(combinations()):
                path = Path(work) / f"translated-{n}.json"
                path.write_text(json.dumps(translate(TEMPLATE, parameters), indent=1))
                translated.append((parameters, path))
            # One cfn-lint process a core: each template is linted alone, with its own parameters.
            with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
                lints = list(pool.map(lambda entry: lint(*entry), translated))
            for (parameters, _), result in zip(translated, lints):
                with self.subTest(**parameters):
                    self.assertEqual(0, result.returncode, result.stdout + result.stderr)


def lint(parameters: dict[str, str], path: Path) -> subprocess.CompletedProcess:
    """cfn-lint over one translated template. AWS::LanguageExtensions has resolved the parameters, so the
    Conditions compare constants (W8003), some conditions and parameters are read no more (W8001, W2001), and
    the alarms and outputs name the one function this combination deploys, whose Condition cfn-lint does not
    evaluate (W1001). The source template gets every check: `sam validate --lint` in .ci/run."""
    return subprocess.run(
        [CFN_LINT, "--regions", REGION, "--ignore-checks", "W1001", "W2001", "W8001", "W8003", "--parameters",
         *(f"{k}={v}" for k, v in parameters.items() if k in CHOICES), "--", str(path)],
        capture_output=True, text=True)

if __name__ == "__main__":
    unittest.main()
