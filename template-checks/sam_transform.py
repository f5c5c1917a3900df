"""template.yaml as CloudFormation deploys it: expanded by AWS's SAM translator (aws-sam-translator, the code
behind Transform: AWS::Serverless-2016-10-31), for one choice of the parameters.

cfn-lint on template.yaml alone does not run the transform, and the transform sees every function whatever
its Condition: a template that lints clean can still be refused by `sam deploy`.
"""
import copy
import itertools
import os
from pathlib import Path

from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

TEMPLATE = Path(__file__).resolve().parent.parent / "template.yaml"
REGION = "eu-west-1"

# Every parameter a Condition reads, with the values that change which resources exist or how they are
# wired; test_sam_transform fails when a Condition reads a parameter missing here.
CHOICES = {
    "Variant": ["native", "jvm", "jvm-aot"],
    "DeployGoBaseline": ["false", "true"],
    "AlarmTopicArn": ["", f"arn:aws:sns:{REGION}:123456789012:tally-alarms"],
    "ApiAuth": ["iam", "open-to-anyone"],
}


def load(path: Path = TEMPLATE) -> dict:
    return yaml_parse(path.read_text())


def combinations() -> list[dict[str, str]]:
    return [dict(zip(CHOICES, values)) for values in itertools.product(*CHOICES.values())]


class _NoManagedPolicies:
    """The translator looks managed policies named in Policies up in IAM; the template names none."""

    def load(self) -> dict:
        return {}


def translate(template: dict, parameters: dict[str, str]) -> dict:
    """The CloudFormation the transform produces, with every function's code where `sam package` puts it."""
    os.environ.setdefault("AWS_DEFAULT_REGION", REGION)
    packaged = copy.deepcopy(template)
    for name, resource in packaged["Resources"].items():
        if resource["Type"] == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = f"s3://tally-artifacts/{name}.zip"
    values = dict(parameters, **{"AWS::Region": REGION, "AWS::AccountId": "123456789012"})
    return transform(packaged, values, _NoManagedPolicies())
