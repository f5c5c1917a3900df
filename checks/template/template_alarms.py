"""The alarms an operator of the transaction-processor needs, checked in template.yaml (an empty list is good):
API 5xx, the processor's errors (which, with the API's 5xx, roll a deployment back), Lambda throttles, the p99
duration, failed signing-key fetches (the function's own EMF metric), and the
key-rotator's errors (a failed rotation).
"""

PROCESSORS = {"TransactionProcessorNativeFunction", "TransactionProcessorJvmFunction", "TransactionProcessorJvmAotFunction"}
# (namespace, metric, statistic, what its dimension must point at)
REQUIRED = [
    ("AWS/ApiGateway", "5xx", "Sum", {"HttpApi"}),
    ("AWS/Lambda", "Errors", "Sum", PROCESSORS),
    ("AWS/Lambda", "Throttles", "Sum", PROCESSORS),
    ("AWS/Lambda", "Duration", "p99", PROCESSORS),
    ("Tally", "SigningKeyFetchFailures", "Sum", PROCESSORS),
    ("AWS/Lambda", "Errors", "Sum", {"KeyRotatorFunction"}),
]


def refs(value) -> set[str]:
    """Every resource a dimension value refers to, through !Ref and !If."""
    if isinstance(value, dict):
        if "Ref" in value:
            return {value["Ref"]}
        return set().union(*(refs(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(refs(v) for v in value)) if value else set()
    return set()


def missing(template: dict) -> list[str]:
    alarms = [r["Properties"] for r in template["Resources"].values() if r["Type"] == "AWS::CloudWatch::Alarm"]
    problems = []
    for namespace, metric, statistic, targets in REQUIRED:
        found = [a for a in alarms if a.get("Namespace") == namespace and a.get("MetricName") == metric
                 and statistic in (a.get("Statistic"), a.get("ExtendedStatistic"))
                 and targets <= set().union(*(refs(d["Value"]) for d in a.get("Dimensions", [])))]
        if not found:
            problems.append(f"no alarm on {namespace} {metric} ({statistic}) for {sorted(targets)}")
    return problems
