"""template.yaml through AWS's SAM translator for every combination of the parameters that shape it, then
cfn-lint over each CloudFormation template that comes out, with the same parameters."""
import json
import os
import unittest
from concurrent.futures import ProcessPoolExecutor

import cfnlint.api
from cfnlint.api import ManualArgs

from sam_transform import CHOICES, DEPLOYMENT_CHOICES, GIVEN, REGION, combinations, load, refusals, translate

TEMPLATE = load()


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
        self.assertEqual(set(), read - set(CHOICES) - set(DEPLOYMENT_CHOICES), "add these parameters' values to CHOICES")
        for name, values in CHOICES.items():
            allowed = TEMPLATE["Parameters"][name].get("AllowedValues")
            if allowed:
                self.assertEqual(set(allowed), set(values), name)
        for name, values in DEPLOYMENT_CHOICES.items():
            self.assertLessEqual(set(values), set(TEMPLATE["Parameters"][name].get("AllowedValues", values)), name)

    def test_provisioned_concurrency_is_refused_on_managed_instances(self):
        managed = dict(GIVEN, Variant="jvm", Compute="managed-instances")
        self.assertEqual([], refusals(TEMPLATE, managed))
        self.assertEqual(1, len(refusals(TEMPLATE, dict(managed, ProvisionedConcurrency="2"))))
        self.assertEqual([], refusals(TEMPLATE, dict(managed, Compute="on-demand", ProvisionedConcurrency="2")))

    def test_the_deployed_variant_shifts_its_live_alias_with_the_rollback_alarms(self):
        for variant, function in (("native", "TransactionProcessorNativeFunction"), ("jvm", "TransactionProcessorJvmFunction")):
            with self.subTest(variant=variant):
                resources = translate(TEMPLATE, dict(GIVEN, Variant=variant))["Resources"]
                group = resources[f"{function}DeploymentGroup"]["Properties"]
                self.assertEqual({"Fn::Sub": ["CodeDeployDefault.Lambda${ConfigName}", {"ConfigName": "Canary10Percent5Minutes"}]},
                                 group["DeploymentConfigName"])
                alarms = [alarm["Name"] for alarm in group["AlarmConfiguration"]["Alarms"]]
                self.assertEqual([{"Ref": "ApiServerErrorsAlarm"}, {"Ref": "ProcessorErrorsAlarm"}], alarms)
                self.assertEqual({"Fn::GetAtt": ["CodeDeployRole", "Arn"]}, group["ServiceRoleArn"])
                alias = resources[f"{function}Aliaslive"]
                self.assertIn("CodeDeployLambdaAliasUpdate", alias["UpdatePolicy"])

    def test_every_strategy_names_codedeploys_config(self):
        for strategy in TEMPLATE["Parameters"]["DeploymentStrategy"]["AllowedValues"]:
            with self.subTest(strategy=strategy):
                resources = translate(TEMPLATE, dict(GIVEN, Variant="jvm-aot", DeploymentStrategy=strategy))["Resources"]
                config = resources["TransactionProcessorJvmAotFunctionDeploymentGroup"]["Properties"]["DeploymentConfigName"]
                self.assertEqual({"Fn::Sub": ["CodeDeployDefault.Lambda${ConfigName}", {"ConfigName": strategy}]}, config)

    def test_provisioned_and_reserved_concurrency_and_tracing_reach_the_function_only_when_asked(self):
        chosen = dict(GIVEN, Variant="jvm", Tracing="Active", ProvisionedConcurrency="2", ReservedConcurrency="10")
        resources = translate(TEMPLATE, chosen)["Resources"]
        self.assertEqual({"Mode": "Active"}, resources["TransactionProcessorJvmFunction"]["Properties"]["TracingConfig"])
        self.assertEqual(10, int(resources["TransactionProcessorJvmFunction"]["Properties"]["ReservedConcurrentExecutions"]))
        self.assertEqual(2, int(resources["TransactionProcessorJvmFunctionAliaslive"]["Properties"]
                                ["ProvisionedConcurrencyConfig"]["ProvisionedConcurrentExecutions"]))
        plain = translate(TEMPLATE, dict(GIVEN, Variant="jvm"))["Resources"]
        self.assertEqual({"Mode": "PassThrough"}, plain["TransactionProcessorJvmFunction"]["Properties"]["TracingConfig"])
        self.assertNotIn("ReservedConcurrentExecutions", plain["TransactionProcessorJvmFunction"]["Properties"])
        self.assertNotIn("ProvisionedConcurrencyConfig", plain["TransactionProcessorJvmFunctionAliaslive"]["Properties"])

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
        translated = [(parameters, json.dumps(translate(TEMPLATE, parameters))) for parameters in combinations()]
        # cfn-lint in a process a core, each template linted alone with its own parameters.
        with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
            lints = list(pool.map(lint, *zip(*translated)))
        for (parameters, _), problems in zip(translated, lints):
            with self.subTest(**parameters):
                self.assertEqual([], problems)


def lint(parameters: dict[str, str], template: str) -> list[str]:
    """cfn-lint over one translated template. AWS::LanguageExtensions has resolved the parameters, so the
    Conditions compare constants (W8003), some conditions and parameters are read no more (W8001, W2001), and
    the alarms and outputs name the one function this combination deploys, whose Condition cfn-lint does not
    evaluate (W1001). The source template gets every check: `sam validate --lint` in .ci/run."""
    chosen = {k: v for k, v in parameters.items() if k in CHOICES or k in DEPLOYMENT_CHOICES}
    config = ManualArgs(regions=[REGION], ignore_checks=["W1001", "W2001", "W8001", "W8003"], parameters=[chosen])
    return [str(match) for match in cfnlint.api.lint(template, config=config)]

if __name__ == "__main__":
    unittest.main()
