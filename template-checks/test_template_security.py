"""template_security on the real template.yaml, and on copies with one problem planted each."""
import copy
import unittest
from pathlib import Path

from template_security import check, load

TEMPLATE = load(str(Path(__file__).resolve().parent.parent / "template.yaml"))


def planted(change) -> list[str]:
    template = copy.deepcopy(TEMPLATE)
    change(template["Resources"])
    return check(template)


def statements_of(resources, function):
    return resources[function]["Properties"]["Policies"][0]["Statement"]


class TemplateSecurityTest(unittest.TestCase):
    def test_passes_the_real_template(self):
        self.assertEqual([], check(TEMPLATE))

    def test_fails_on_a_wildcard_action(self):
        problems = planted(lambda r: statements_of(r, "KeyRotatorFunction")[0].update(Action="secretsmanager:*"))
        self.assertIn("KeyRotatorFunction: action secretsmanager:* has a wildcard", problems)

    def test_fails_on_a_wildcard_resource(self):
        problems = planted(lambda r: statements_of(r, "KeyRotatorFunction")[0].update(Resource="*"))
        self.assertTrue(any("resource \"*\"" in p for p in problems), problems)

    def test_fails_on_a_managed_policy_by_name(self):
        problems = planted(lambda r: r["TransactionProcessorJvmFunction"]["Properties"]["Policies"].append("AmazonS3FullAccess"))
        self.assertTrue(any("AmazonS3FullAccess" in p for p in problems), problems)

    def test_fails_on_a_function_without_its_own_log_group(self):
        problems = planted(lambda r: r["KeyRotatorFunction"]["Properties"].pop("LoggingConfig"))
        self.assertTrue(any(p.startswith("KeyRotatorFunction: no log group") for p in problems), problems)

    def test_fails_on_a_log_group_without_retention(self):
        problems = planted(lambda r: r["KeyRotatorLogGroup"]["Properties"].pop("RetentionInDays"))
        self.assertTrue(any("keeps logs forever" in p for p in problems), problems)

    def test_fails_on_a_shared_log_group(self):
        problems = planted(lambda r: r["KeyRotatorFunction"]["Properties"]["LoggingConfig"].update(
            LogGroup={"Ref": "TransactionProcessorLogGroup"}))
        self.assertTrue(any("can be deployed together" in p for p in problems), problems)

    def test_fails_on_another_reader_of_the_signing_key(self):
        def add_reader(resources):
            reader = copy.deepcopy(resources["KeyRotatorFunction"])
            reader["Properties"]["LoggingConfig"]["LogGroup"] = {"Ref": "ReaderLogGroup"}
            resources["ReportingFunction"] = reader
            resources["ReaderLogGroup"] = copy.deepcopy(resources["KeyRotatorLogGroup"])
        problems = planted(add_reader)
        self.assertTrue(any(p.startswith("ReportingFunction: may read SigningKeySecret") for p in problems), problems)


if __name__ == "__main__":
    unittest.main()
