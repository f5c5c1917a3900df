"""template_security over every combination of the parameters, and on copies of template.yaml with one
problem planted each (checked for the default parameters, or the ones that deploy the planted resource)."""
import copy
import unittest

from sam_transform import GIVEN, combinations, load
from template_security import check, deployed

TEMPLATE = load()
DEFAULTS = {"Variant": "native", "DeployGoBaseline": "false", "AlarmTopicArn": "", "ApiAuth": "iam", "Compute": "on-demand"}
MANAGED = dict(GIVEN, Variant="jvm", Compute="managed-instances")


def planted(change, **parameters) -> list[str]:
    template = copy.deepcopy(TEMPLATE)
    change(template["Resources"])
    return check(template, dict(DEFAULTS, **parameters))


def statements_of(resources, role):
    return resources[role]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]


class TemplateSecurityTest(unittest.TestCase):
    def test_passes_every_combination(self):
        for parameters in combinations():
            with self.subTest(**parameters):
                self.assertEqual([], check(TEMPLATE, parameters))

    def test_fails_on_a_wildcard_action(self):
        problems = planted(lambda r: statements_of(r, "KeyRotatorRole")[1].update(Action="secretsmanager:*"))
        self.assertIn("KeyRotatorRole of ['KeyRotatorFunction']: action secretsmanager:* has a wildcard", problems)

    def test_fails_on_a_wildcard_resource(self):
        problems = planted(lambda r: statements_of(r, "KeyRotatorRole")[1].update(Resource="*"))
        self.assertTrue(any("resource \"*\"" in p for p in problems), problems)

    def test_fails_on_sams_basic_execution_role(self):
        problems = planted(lambda r: r["KeyRotatorFunction"]["Properties"].pop("Role"))
        self.assertTrue(any("AWSLambdaBasicExecutionRole" in p for p in problems), problems)

    def test_lets_only_the_operator_role_carry_aws_policy_for_it(self):
        operator_policy = TEMPLATE["Resources"]["ManagedInstancesOperatorRole"]["Properties"]["ManagedPolicyArns"][0]
        self.assertEqual([], planted(lambda r: None, **MANAGED))
        problems = planted(lambda r: r["ManagedInstancesOperatorRole"]["Properties"]["ManagedPolicyArns"].append(
            "arn:aws:iam::aws:policy/AdministratorAccess"), **MANAGED)
        self.assertIn("ManagedInstancesOperatorRole: managed policy arn:aws:iam::aws:policy/AdministratorAccess", problems)
        problems = planted(lambda r: r["TransactionProcessorRole"]["Properties"].update(ManagedPolicyArns=[operator_policy]),
                           **MANAGED)
        self.assertTrue(any(p.startswith("TransactionProcessorRole of ['TransactionProcessorJvmFunction']: managed policy")
                            for p in problems), problems)

    def test_fails_on_logs_written_beyond_its_own_group(self):
        problems = planted(lambda r: statements_of(r, "TransactionProcessorRole")[0].update(Resource="*"))
        self.assertTrue(any(p.startswith("TransactionProcessorNativeFunction: may write logs to *") for p in problems),
                        problems)

    def test_fails_on_a_function_without_its_own_log_group(self):
        problems = planted(lambda r: r["KeyRotatorFunction"]["Properties"].pop("LoggingConfig"))
        self.assertTrue(any(p.startswith("KeyRotatorFunction: no log group") for p in problems), problems)

    def test_fails_on_a_log_group_without_retention(self):
        problems = planted(lambda r: r["KeyRotatorLogGroup"]["Properties"].pop("RetentionInDays"))
        self.assertTrue(any("keeps logs forever" in p for p in problems), problems)

    def test_fails_on_another_reader_of_the_signing_key(self):
        def add_reader(resources):
            reader = copy.deepcopy(resources["KeyRotatorFunction"])
            reader["Properties"]["LoggingConfig"]["LogGroup"] = {"Ref": "KeyRotatorLogGroup"}
            resources["ReportingFunction"] = reader
        problems = planted(add_reader)
        self.assertTrue(any("lets ['ReportingFunction'] read SigningKeySecret" in p for p in problems), problems)

    def test_fails_on_a_route_without_authorization(self):
        problems = planted(lambda r: r["VerifyRoute"]["Properties"].update(AuthorizationType="NONE"))
        self.assertEqual(["VerifyRoute (POST /transactions/verify): no IAM authorization"], problems)

    def test_an_open_api_is_chosen_by_its_parameter_only(self):
        self.assertEqual([], check(TEMPLATE, dict(DEFAULTS, ApiAuth="open-to-anyone")))

    def test_fails_without_access_logs(self):
        problems = planted(lambda r: r["HttpApiStage"]["Properties"].pop("AccessLogSettings"))
        self.assertEqual(["HttpApiStage: no access logs to a log group of the template with a retention"], problems)


if __name__ == "__main__":
    unittest.main()


class DeploymentPermissionsTest(unittest.TestCase):
    def test_lets_codedeploy_move_only_the_processors_alias_and_read_only_its_rollback_alarms(self):
        resources = deployed(TEMPLATE, dict(DEFAULTS, Variant="jvm"))
        statements = {s["Sid"]: s for s in statements_of(resources, "CodeDeployRole")}
        self.assertEqual({"MoveTheAlias", "ReadTheRollbackAlarms"}, set(statements))
        self.assertEqual([{"Fn::GetAtt": ["TransactionProcessorJvmFunction", "Arn"]},
                          {"Fn::Sub": ["${Function}:*", {"Function": {"Fn::GetAtt": ["TransactionProcessorJvmFunction", "Arn"]}}]}],
                         statements["MoveTheAlias"]["Resource"])
        self.assertEqual([{"Fn::GetAtt": ["ApiServerErrorsAlarm", "Arn"]}, {"Fn::GetAtt": ["ProcessorErrorsAlarm", "Arn"]}],
                         statements["ReadTheRollbackAlarms"]["Resource"])
        self.assertNotIn("ManagedPolicyArns", resources["CodeDeployRole"]["Properties"])

    def test_fails_when_codedeploy_may_move_any_alias(self):
        problems = planted(lambda r: statements_of(r, "CodeDeployRole")[0].update(Resource="*"))
        self.assertTrue(any(p.startswith("CodeDeployRole") and "resource \"*\"" in p for p in problems), problems)

    def test_grants_xray_only_when_tracing_is_active(self):
        def sids(parameters):
            return [s.get("Sid") for s in statements_of(deployed(TEMPLATE, parameters), "TransactionProcessorRole")]
        self.assertNotIn("SendTraces", sids(DEFAULTS))
        self.assertIn("SendTraces", sids(dict(DEFAULTS, Tracing="Active")))
