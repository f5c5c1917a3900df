"""template_alarms on the real template.yaml, and on copies with one alarm taken away or pointed elsewhere."""
import copy
import unittest

from sam_transform import load
from template_alarms import missing

TEMPLATE = load()


def without(change) -> list[str]:
    template = copy.deepcopy(TEMPLATE)
    change(template["Resources"])
    return missing(template)


class TemplateAlarmsTest(unittest.TestCase):
    def test_passes_the_real_template(self):
        self.assertEqual([], missing(TEMPLATE))

    def test_fails_without_the_key_fetch_alarm(self):
        problems = without(lambda r: r.pop("SigningKeyFetchFailuresAlarm"))
        self.assertEqual(["no alarm on Tally SigningKeyFetchFailures (Sum) for ['TransactionProcessorJvmAotFunction', "
                          "'TransactionProcessorJvmFunction', 'TransactionProcessorNativeFunction']"], problems)

    def test_fails_without_the_processor_errors_alarm_that_rolls_a_deployment_back(self):
        problems = without(lambda r: r.pop("ProcessorErrorsAlarm"))
        self.assertEqual(["no alarm on AWS/Lambda Errors (Sum) for ['TransactionProcessorJvmAotFunction', "
                          "'TransactionProcessorJvmFunction', 'TransactionProcessorNativeFunction']"], problems)

    def test_fails_when_the_duration_alarm_watches_the_average(self):
        def average(resources):
            del resources["DurationP99Alarm"]["Properties"]["ExtendedStatistic"]
            resources["DurationP99Alarm"]["Properties"]["Statistic"] = "Average"
        self.assertEqual(1, len(without(average)))

    def test_fails_when_the_throttles_alarm_watches_another_function(self):
        def elsewhere(resources):
            resources["ThrottlesAlarm"]["Properties"]["Dimensions"][0]["Value"] = {"Ref": "KeyRotatorFunction"}
        self.assertEqual(1, len(without(elsewhere)))

    def test_fails_without_the_rotator_alarm(self):
        problems = without(lambda r: r.pop("KeyRotatorErrorsAlarm"))
        self.assertEqual(["no alarm on AWS/Lambda Errors (Sum) for ['KeyRotatorFunction']"], problems)


if __name__ == "__main__":
    unittest.main()
