"""template.yaml as CloudFormation deploys it, for one choice of the parameters: AWS::LanguageExtensions
resolved by the SAM CLI's implementation of it (samcli.lib.cfn_language_extensions, which follows
CloudFormation's own), then expanded by AWS's SAM translator (aws-sam-translator, the code behind
Transform: AWS::Serverless-2016-10-31).

cfn-lint on template.yaml alone does not run the transforms, and the SAM transform sees every function
whatever its Condition: a template that lints clean can still be refused by `sam deploy`.
"""
import copy
import itertools
import os
from pathlib import Path

from samcli.lib.cfn_language_extensions.api import process_template
from samcli.lib.cfn_language_extensions.models import PseudoParameterValues
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

TEMPLATE = Path(__file__).resolve().parent.parent.parent / "template.yaml"
REGION = "eu-west-1"

# Every parameter a Condition reads, with the values that change which resources exist or how they are
# wired; test_sam_transform fails when a Condition reads a parameter missing here.
CHOICES = {
    "Variant": ["native", "jvm", "jvm-aot"],
    "DeployGoBaseline": ["false", "true"],
    "AlarmTopicArn": ["", f"arn:aws:sns:{REGION}:123456789012:tally-alarms"],
    "ApiAuth": ["iam", "open-to-anyone"],
    "Compute": ["on-demand", "managed-instances"],
}
# The processor's deployment parameters: each shapes only the processor function, its role and its CodeDeploy
# role, so they are crossed with the choices that meet them there (Variant, Compute), the others at their
# defaults. One strategy stands for all: they differ only in the name of CodeDeploy's config, which
# test_sam_transform checks for each.
DEPLOYMENT_CHOICES = {
    "DeploymentStrategy": ["Canary10Percent5Minutes"],
    "Tracing": ["PassThrough", "Active"],
    "ProvisionedConcurrency": ["0", "2"],
    "ReservedConcurrency": ["-1", "10"],
}
# Parameters with no default a deployment gives, in every combination (only Managed Instances reads them).
GIVEN = {
    "ManagedInstancesSubnetIds": "subnet-0a1b2c3d4e5f60718,subnet-0b2c3d4e5f6071829",
    "ManagedInstancesSecurityGroupIds": "sg-0a1b2c3d4e5f60718",
}


def load(path: Path = TEMPLATE) -> dict:
    return yaml_parse(path.read_text())


def combinations(template: dict | None = None) -> list[dict[str, str]]:
    """Every choice of CHOICES, then every choice of DEPLOYMENT_CHOICES for each Variant and Compute, that the
    template's Rules accept, with GIVEN."""
    template = template or load()
    every = [dict(GIVEN, **dict(zip(CHOICES, values))) for values in itertools.product(*CHOICES.values())]
    every += [dict(GIVEN, Variant=variant, Compute=compute, **dict(zip(DEPLOYMENT_CHOICES, values)))
              for variant, compute in itertools.product(CHOICES["Variant"], CHOICES["Compute"])
              for values in itertools.product(*DEPLOYMENT_CHOICES.values())]
    return [parameters for parameters in every if not refusals(template, parameters)]


class Intrinsics:
    """The condition functions of a template's Conditions and Rules (Ref to a parameter, Condition, Fn::Equals,
    Fn::Not, Fn::And, Fn::Or, Fn::Contains), evaluated for one choice of the parameters, defaults for the rest."""

    def __init__(self, template: dict, parameters: dict[str, str]):
        specs = template.get("Parameters", {})
        self._values = {name: str(spec.get("Default", "")) for name, spec in specs.items()} | parameters
        self._lists = {name for name, spec in specs.items() if spec["Type"] == "CommaDelimitedList"}
        self._conditions = template.get("Conditions", {})
        self._held = {}

    def value(self, node):
        """A Ref to a parameter as its value (a list for a CommaDelimitedList); any other node as it is."""
        if isinstance(node, dict) and set(node) == {"Ref"} and node["Ref"] in self._values:
            value = self._values[node["Ref"]]
            return value.split(",") if node["Ref"] in self._lists else value
        return node

    def condition(self, name: str) -> bool:
        if name not in self._held:
            self._held[name] = self.holds(self._conditions[name])
        return self._held[name]

    def holds(self, node) -> bool:
        (function, argument), = node.items()
        if function == "Condition":
            return self.condition(argument)
        if function == "Fn::Equals":
            return self.value(argument[0]) == self.value(argument[1])
        if function == "Fn::Not":
            return not self.holds(argument[0])
        if function == "Fn::And":
            return all(self.holds(a) for a in argument)
        if function == "Fn::Or":
            return any(self.holds(a) for a in argument)
        if function == "Fn::Contains":
            return self.value(argument[1]) in self.value(argument[0])
        raise ValueError(f"condition function {function} is not evaluated here")


def refusals(template: dict, parameters: dict[str, str]) -> list[str]:
    """The AssertDescription of every Rules assertion these parameters fail, as CloudFormation checks them
    before it creates anything."""
    intrinsics = Intrinsics(template, parameters)
    failed = []
    for rule in template.get("Rules", {}).values():
        if "RuleCondition" not in rule or intrinsics.holds(rule["RuleCondition"]):
            failed += [a["AssertDescription"] for a in rule["Assertions"] if not intrinsics.holds(a["Assert"])]
    return failed


class _NoManagedPolicies:
    """The translator looks managed policies named in Policies up in IAM; the template names none."""

    def load(self) -> dict:
        return {}


# The SAM CLI's implementation turns an Fn::Sub naming a resource (${HttpApi}) into a plain string with the
# ${...} left in, where CloudFormation keeps the Fn::Sub for later; Fn::Sub is hidden from it under this name.
_SHIELDED_SUB = "Tally::ShieldedSub"


def _rename_key(value, old: str, new: str):
    if isinstance(value, dict):
        return {(new if k == old else k): _rename_key(v, old, new) for k, v in value.items()}
    if isinstance(value, list):
        return [_rename_key(v, old, new) for v in value]
    return value


def translate(template: dict, parameters: dict[str, str], packaged: bool = False) -> dict:
    """The CloudFormation the transform produces, with every function's code where `sam package` puts it, or,
    for a template `sam deploy` has already packaged, where that put it."""
    os.environ.setdefault("AWS_DEFAULT_REGION", REGION)
    document = copy.deepcopy(template)
    if not packaged:
        for name, resource in document["Resources"].items():
            if resource["Type"] == "AWS::Serverless::Function":
                resource["Properties"]["CodeUri"] = f"s3://tally-artifacts/{name}.zip"
    transforms = document["Transform"] if isinstance(document["Transform"], list) else [document["Transform"]]
    if "AWS::LanguageExtensions" in transforms:
        shielded = _rename_key(document, "Fn::Sub", _SHIELDED_SUB)
        expanded = process_template(shielded, parameters, PseudoParameterValues(region=REGION, account_id="123456789012"))
        document = _rename_key(expanded, _SHIELDED_SUB, "Fn::Sub")
        document["Transform"] = [t for t in transforms if t != "AWS::LanguageExtensions"]
    values = dict(parameters, **{"AWS::Region": REGION, "AWS::AccountId": "123456789012"})
    translated = transform(document, values, _NoManagedPolicies())
    return _without_unmet_conditions(translated, parameters) if "AWS::LanguageExtensions" in transforms else translated


def _without_unmet_conditions(template: dict, parameters: dict[str, str]) -> dict:
    """The resources and outputs CloudFormation creates: AWS::LanguageExtensions empties the references of a
    resource whose Condition is false (as CloudFormation skips it, it does not check it)."""
    intrinsics = Intrinsics(template, parameters)
    kept = copy.deepcopy(template)
    for section in ("Resources", "Outputs"):
        kept[section] = {name: entry for name, entry in kept.get(section, {}).items()
                         if "Condition" not in entry or intrinsics.condition(entry["Condition"])}
    return kept
