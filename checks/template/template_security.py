"""Security rules that cfn-lint does not check, over the CloudFormation a stack deploys: template.yaml after
AWS's SAM transform (sam_transform), its Conditions evaluated for one choice of the parameters. A list of
problems; empty is good.

- no role, a function's or another's (CodeDeploy's), carries a managed policy (SAM's AWSLambdaBasicExecutionRole
  may create and write any log group), but a Managed Instances capacity provider's operator role AWS's own
  policy for it (OPERATOR_POLICY), allows an action with a wildcard, or a resource "*" (except GetRandomPassword and X-Ray's two, which have
  no resource);
- every function logs to its own log group, with a retention, and may write to that log group only;
- only the functions that sign, verify or rotate with it may read the signing-key secret;
- every route of the API requires IAM (SigV4) authorization, unless the stack was deployed open on purpose
  (ApiAuth=open-to-anyone), and the API writes access logs to a log group with a retention.
"""
from sam_transform import Intrinsics, translate

SECRET = "SigningKeySecret"
SECRET_READERS = {"TransactionProcessorNativeFunction", "TransactionProcessorJvmFunction",
                  "TransactionProcessorJvmAotFunction", "GoBaselineFunction", "KeyRotatorFunction"}
# IAM has no resource for these actions: "*" is the only resource they accept.
RESOURCELESS_ACTIONS = {"secretsmanager:GetRandomPassword", "xray:PutTraceSegments", "xray:PutTelemetryRecords"}


def deployed(template: dict, parameters: dict[str, str]) -> dict:
    """The resources CloudFormation creates for these parameters: translated, Conditions evaluated."""
    translated = translate(template, parameters)
    intrinsics = Intrinsics(translated, parameters)

    def value(node):
        if isinstance(node, dict) and set(node) == {"Ref"}:
            return intrinsics.value(node)
        if isinstance(node, dict) and set(node) == {"Fn::If"}:
            name, when_true, when_false = node["Fn::If"]
            return value(when_true if intrinsics.condition(name) else when_false)
        if isinstance(node, dict):
            return {k: v for k, v in ((k, value(v)) for k, v in node.items()) if v != {"Ref": "AWS::NoValue"}}
        if isinstance(node, list):
            return [value(v) for v in node]
        return node

    return {name: value(resource) for name, resource in translated["Resources"].items()
            if "Condition" not in resource or intrinsics.condition(resource["Condition"])}


# What Lambda may do with EC2 to run a capacity provider's instances: AWS's policy for that role.
OPERATOR_POLICY = {"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/AWSLambdaManagedEC2ResourceOperator"}


def check(template: dict, parameters: dict[str, str]) -> list[str]:
    resources = deployed(template, parameters)
    problems = []
    role_users = {}
    for name, function in of_type(resources, "AWS::Lambda::Function"):
        role = function["Properties"]["Role"]["Fn::GetAtt"][0]
        role_users.setdefault(role, set()).add(name)
        log_group = function["Properties"].get("LoggingConfig", {}).get("LogGroup", {})
        group = log_group.get("Ref") if isinstance(log_group, dict) else None
        if resources.get(group, {}).get("Type") != "AWS::Logs::LogGroup":
            problems.append(f"{name}: no log group of its own in the template (LoggingConfig.LogGroup: !Ref ...)")
            continue
        if "RetentionInDays" not in resources[group]["Properties"]:
            problems.append(f"{name}: its log group {group} keeps logs forever (no RetentionInDays)")
        for statement in role_statements(resources[role]):
            if any(a.startswith("logs:") for a in actions(statement)) and \
                    as_list(statement.get("Resource")) != [{"Fn::GetAtt": [group, "Arn"]}]:
                problems.append(f"{name}: may write logs to {statement.get('Resource')}, not only its {group}")
    for role, users in role_users.items():
        properties = resources[role]["Properties"]
        for arn in properties.get("ManagedPolicyArns", []):
            problems.append(f"{role} of {sorted(users)}: managed policy {arn}; grant the actions it needs instead")
        for statement in role_statements(resources[role]):
            problems += [f"{role} of {sorted(users)}: {p}" for p in statement_problems(statement)]
            if reads_secret(statement) and not users <= SECRET_READERS:
                problems.append(f"{role}: lets {sorted(users - SECRET_READERS)} read {SECRET}, "
                                f"which only {sorted(SECRET_READERS)} may")
    operator_roles = {provider["Properties"]["PermissionsConfig"]["CapacityProviderOperatorRoleArn"]["Fn::GetAtt"][0]
                      for _, provider in of_type(resources, "AWS::Lambda::CapacityProvider")}
    for role, properties in ((n, r["Properties"]) for n, r in of_type(resources, "AWS::IAM::Role") if n not in role_users):
        for arn in properties.get("ManagedPolicyArns", []):
            if not (role in operator_roles and arn == OPERATOR_POLICY):
                problems.append(f"{role}: managed policy {arn}")
        for statement in role_statements(resources[role]):
            problems += [f"{role}: {p}" for p in statement_problems(statement)]
    open_on_purpose = parameters.get("ApiAuth") == "open-to-anyone"
    for name, route in of_type(resources, "AWS::ApiGatewayV2::Route"):
        if route["Properties"].get("AuthorizationType", "NONE") != "AWS_IAM" and not open_on_purpose:
            problems.append(f"{name} ({route['Properties']['RouteKey']}): no IAM authorization")
    for name, stage in of_type(resources, "AWS::ApiGatewayV2::Stage"):
        destination = stage["Properties"].get("AccessLogSettings", {}).get("DestinationArn", {})
        group = destination.get("Fn::GetAtt", [None])[0] if isinstance(destination, dict) else None
        if "RetentionInDays" not in resources.get(group, {}).get("Properties", {}):
            problems.append(f"{name}: no access logs to a log group of the template with a retention")
    return problems


def of_type(resources: dict, type_name: str) -> list[tuple[str, dict]]:
    return [(name, r) for name, r in resources.items() if r["Type"] == type_name]


def role_statements(role: dict) -> list[dict]:
    return [s for policy in role["Properties"].get("Policies", [])
            for s in as_list(policy["PolicyDocument"]["Statement"])]


def as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def actions(statement: dict) -> list[str]:
    return [a for a in as_list(statement.get("Action", [])) if isinstance(a, str)]


def statement_problems(statement: dict) -> list[str]:
    problems = [f"action {a} has a wildcard" for a in actions(statement) if "*" in a]
    if "*" in as_list(statement.get("Resource", [])) and not set(actions(statement)) <= RESOURCELESS_ACTIONS:
        problems.append(f"resource \"*\" for {actions(statement)}")
    if "NotAction" in statement or "NotResource" in statement:
        problems.append("NotAction/NotResource grants everything else")
    return problems


def reads_secret(statement: dict) -> bool:
    return "secretsmanager:GetSecretValue" in actions(statement) and any(
        isinstance(r, dict) and r.get("Ref") == SECRET for r in as_list(statement.get("Resource", [])))

