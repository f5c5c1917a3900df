"""The operator's dashboard and saved queries in every combination the template accepts, through AWS's SAM
translator; and on copies of the template with one widget broken, which must fail."""
import copy
import json
import unittest

from sam_transform import GIVEN, combinations, load, translate
from template_dashboard import ROOT, Resolver, emitted, problems, render_svg

TEMPLATE = load()
PICTURE = ROOT / "docs" / "operations-dashboard.svg"
# The combination docs/operations.md draws: every widget, the Managed Instances row included.
DRAWN = dict(GIVEN, Variant="jvm-aot", DeployGoBaseline="false", AlarmTopicArn="", ApiAuth="iam",
             Compute="managed-instances")


def broken(old: str, new: str, parameters: dict | None = None) -> list[str]:
    """The problems of a copy of the template whose dashboard body has old replaced by new."""
    template = copy.deepcopy(TEMPLATE)
    body = template["Resources"]["OperationsDashboard"]["Properties"]["DashboardBody"]["Fn::Sub"]
    if old not in body[0]:
        raise AssertionError(f"{old!r} is not in the dashboard body")
    body[0] = body[0].replace(old, new)
    parameters = parameters or combinations(TEMPLATE)[0]
    return problems(translate(template, parameters), parameters)


class TemplateDashboardTest(unittest.TestCase):
    def test_reads_what_the_function_emits_from_its_code(self):
        self.assertEqual({("Tally", ("FunctionName",)): {"ColdStart", "Transactions", "SigningKeyFetches", "SigningKeyFetchFailures"},
                          ("Tally", ("FunctionName", "Error")): {"Refusals"}}, emitted())

    def test_every_combination_has_a_dashboard_and_queries_that_name_only_what_exists(self):
        for parameters in combinations(TEMPLATE):
            with self.subTest(**{k: v for k, v in parameters.items() if k not in GIVEN}):
                self.assertEqual([], problems(translate(TEMPLATE, parameters), parameters))

    def test_managed_instances_add_the_capacity_providers_row(self):
        on_demand = dict(DRAWN, Compute="on-demand")
        widgets = {}
        for compute, parameters in (("managed-instances", DRAWN), ("on-demand", on_demand)):
            translated = translate(TEMPLATE, parameters)
            body = Resolver(translated, parameters).resolve(
                translated["Resources"]["OperationsDashboard"]["Properties"]["DashboardBody"])
            widgets[compute] = [w["properties"].get("title", "") for w in json.loads(body)["widgets"]]
        added = [t for t in widgets["managed-instances"] if t not in widgets["on-demand"]]
        self.assertEqual(["Managed Instances: CPU and memory utilization (%)", "Managed Instances: vCPUs allocated and available"], added)

    def test_fails_when_a_widget_names_a_metric_the_function_does_not_emit(self):
        found = broken('"SigningKeyFetchFailures", "FunctionName"', '"SigningKeyFetchErrors", "FunctionName"')
        self.assertIn("Tally: signing-key fetches and failures: Tally SigningKeyFetchErrors by ['FunctionName'] is neither "
                      "emitted by the function nor documented by AWS", found)
        self.assertIn("the dashboard leaves out Tally SigningKeyFetchFailures by ['FunctionName'], which the function emits", found)

    def test_fails_when_a_widget_names_an_aws_metric_that_does_not_exist(self):
        found = broken('"ConcurrentExecutions", "FunctionName"', '"Concurrency", "FunctionName"')
        self.assertEqual(1, len(found), found)

    def test_fails_when_a_widget_reads_a_log_group_the_stack_does_not_have(self):
        found = broken("SOURCE '/aws/lambda/${AWS::StackName}-transaction-processor' | filter loggerName",
                       "SOURCE '/aws/lambda/${AWS::StackName}-processor' | filter loggerName")
        self.assertEqual(["The slowest requests: reads /aws/lambda/tally-check-processor, which is not a log group of this stack"], found)

    def test_fails_when_the_alarm_widget_leaves_an_alarm_out(self):
        found = broken('"${ThrottlesAlarm.Arn}", ', "")
        self.assertEqual(["the alarm widget leaves out ThrottlesAlarm"], found)

    def test_fails_when_two_widgets_overlap(self):
        found = broken('"x": 8, "y": 23', '"x": 6, "y": 23')
        self.assertEqual(["Tally: signing-key fetches and failures and Tally: refusals by error code overlap"], found)

    def test_fails_when_the_body_is_not_json(self):
        found = broken('"widgets": [', '"widgets": [[')
        self.assertEqual(1, len(found))
        self.assertTrue(found[0].startswith("the dashboard body is not JSON"), found)

    def test_the_picture_in_docs_is_the_template_s_layout(self):
        self.assertEqual(picture(), PICTURE.read_text() if PICTURE.exists() else "",
                         "regenerate it: python3 -c 'import test_template_dashboard as t; t.draw()' in checks/template")


def picture() -> str:
    """docs/operations-dashboard.svg as template.yaml lays the dashboard out now."""
    translated = translate(TEMPLATE, DRAWN)
    body = json.loads(Resolver(translated, DRAWN).resolve(
        translated["Resources"]["OperationsDashboard"]["Properties"]["DashboardBody"]))
    return render_svg(body, "The operations dashboard of template.yaml (the last row: Compute=managed-instances only)")


def draw():
    PICTURE.write_text(picture())


if __name__ == "__main__":
    unittest.main()
