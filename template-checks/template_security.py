"""Security rules for template.yaml that cfn-lint does not check, as a list of problems (empty is good):

- no function policy allows an action with a wildcard, or a resource "*" (except GetRandomPassword,
  which IAM scopes to no resource), and no function carries a managed policy by name;
- every function logs to its own log group, declared in the template with a retention (two functions
  may share one only when they are alternatives, under different Conditions);
- only the functions that sign, verify or rotate with it may read the signing-key secret.
"""
from cfnlint.decode import cfn_yaml

SECRET = "SigningKeySecret"
SECRET_READERS = {"TransactionProcessorNativeFunction", "TransactionProcessorJvmFunction",
                  "TransactionProcessorJvmAotFunction", "GoBaselineFunction", "KeyRotatorFunction"}
# IAM has no resource for these actions: "*" is the only resource they accept.
RESOURCELESS_ACTIONS = {"secretsmanager:GetRandomPassword"}


def load(path: str) -> dict:
    return cfn_yaml.load(path)


def check(template: dict) -> list[str]:
    resources = template["Resources"]
    functions = {name: r for name, r in resources.items() if r["Type"] == "AWS::Serverless::Function"}
    problems = []
    log_groups = {}
    for name, function in functions.items():
        properties = function["Properties"]
        for policy in properties.get("Policies", []):
            if isinstance(policy, str):
                problems.append(f"{name}: managed policy {policy} by name; grant the actions it needs instead")
                continue
            for statement in statements(policy):
                problems += statement_problems(name, statement)
                if reads_secret(statement) and name not in SECRET_READERS:
                    problems.append(f"{name}: may read {SECRET}, which only {sorted(SECRET_READERS)} may")
        log_group = properties.get("LoggingConfig", {}).get("LogGroup")
        group_name = log_group.get("Ref") if isinstance(log_group, dict) else None
        if group_name is None or resources.get(group_name, {}).get("Type") != "AWS::Logs::LogGroup":
            problems.append(f"{name}: no log group of its own in the template (LoggingConfig.LogGroup: !Ref ...)")
        elif "RetentionInDays" not in resources[group_name]["Properties"]:
            problems.append(f"{name}: its log group {group_name} keeps logs forever (no RetentionInDays)")
        else:
            log_groups.setdefault(group_name, []).append(name)
    for group_name, users in log_groups.items():
        conditions = [functions[user].get("Condition") for user in users]
        if len(users) > 1 and (None in conditions or len(set(conditions)) < len(users)):
            problems.append(f"{group_name}: shared by {users}, which can be deployed together")
    return problems


def statements(policy: dict) -> list[dict]:
    """Inline statements, and what the SAM policy templates used here expand to."""
    if "Statement" in policy:
        found = policy["Statement"]
        return found if isinstance(found, list) else [found]
    if "AWSSecretsManagerGetSecretValuePolicy" in policy:
        return [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
                 "Resource": policy["AWSSecretsManagerGetSecretValuePolicy"]["SecretArn"]}]
    return [{"Effect": "Allow", "Action": "*", "Resource": "*", "Unknown": list(policy)}]


def as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def statement_problems(name: str, statement: dict) -> list[str]:
    if "Unknown" in statement:
        return [f"{name}: policy template {statement['Unknown']} is not one this check knows; review it and add it"]
    actions = [a for a in as_list(statement.get("Action", [])) if isinstance(a, str)]
    problems = [f"{name}: action {a} has a wildcard" for a in actions if "*" in a]
    if "*" in as_list(statement.get("Resource", [])) and not set(actions) <= RESOURCELESS_ACTIONS:
        problems.append(f"{name}: resource \"*\" for {actions}")
    if "NotAction" in statement or "NotResource" in statement:
        problems.append(f"{name}: NotAction/NotResource grants everything else")
    return problems


def reads_secret(statement: dict) -> bool:
    actions = [a for a in as_list(statement.get("Action", [])) if isinstance(a, str)]
    return "secretsmanager:GetSecretValue" in actions and any(
        isinstance(r, dict) and r.get("Ref") == SECRET for r in as_list(statement.get("Resource", [])))
