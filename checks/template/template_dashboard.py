"""The operator's dashboard and saved queries as CloudFormation creates them for one choice of the parameters:
the dashboard body is JSON once its Fn::Sub is resolved, its widgets inside the grid and apart; every metric it shows is one the function emits (read
from RequestTelemetry.java, the code that writes the EMF documents) or one AWS documents for that namespace and
resource; it shows every metric the function emits and every alarm of the stack; and every log group a widget
or a saved query reads exists in that stack.
"""
import json
import re
from pathlib import Path

from sam_transform import REGION, Intrinsics

ROOT = Path(__file__).resolve().parent.parent.parent
TELEMETRY = ROOT / "services/transaction-processor/src/main/java/dev/tally/processor/RequestTelemetry.java"
STACK = "tally-check"
ACCOUNT = "123456789012"

# The metrics AWS documents for what the dashboard reads, by namespace and dimensions:
# HTTP APIs: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html
# functions: https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
# capacity providers: https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-monitoring.html
DOCUMENTED = {
    ("AWS/ApiGateway", ("ApiId", "Stage")): {"Count", "4xx", "5xx", "Latency", "IntegrationLatency", "DataProcessed"},
    ("AWS/Lambda", ("FunctionName",)): {"Invocations", "Errors", "Throttles", "Duration", "ConcurrentExecutions",
                                        "DeadLetterErrors", "DestinationDeliveryFailures", "UnreservedConcurrentExecutions"},
    ("AWS/Lambda", ("CapacityProviderName", "InstanceType")): {"CPUUtilization", "MemoryUtilization", "NetworkIn",
                                                               "NetworkOut", "DiskReadBytes", "DiskWriteBytes",
                                                               "vCPUAvailable", "MemoryAvailable", "vCPUAllocated",
                                                               "MemoryAllocated"},
}
SEARCH = re.compile(r"SEARCH\('\{(?P<schema>[^}]*)\}(?P<terms>[^']*)'")


def emitted(source: Path = TELEMETRY) -> dict:
    """{(namespace, dimensions): metric names} as RequestTelemetry writes its directives."""
    text = source.read_text()
    namespace = re.search(r'NAMESPACE = "(\w+)"', text).group(1)
    dimension_sets = {name: tuple(re.findall(r'"(\w+)"', body))
                      for name, body in re.findall(r"String\[\] (\w+) = \{([^}]*)\}", text)}
    metrics = {}
    for dimensions, names in re.findall(r'directive\(json, (\w+), ((?:"\w+"(?:, )?)+)\)', text):
        metrics.setdefault((namespace, dimension_sets[dimensions]), set()).update(re.findall(r'"(\w+)"', names))
    return metrics


class Resolver:
    """Fn::Sub, Fn::If, Ref and Fn::GetAtt as CloudFormation resolves them at deployment, a resource's Ref as its
    logical ID and an attribute as LogicalId.Attribute, so that what a value names can be checked."""

    def __init__(self, template: dict, parameters: dict[str, str]):
        self.template = template
        self.intrinsics = Intrinsics(template, parameters)
        self.pseudo = {"AWS::Region": REGION, "AWS::StackName": STACK, "AWS::AccountId": ACCOUNT,
                       "AWS::URLSuffix": "amazonaws.com", "AWS::Partition": "aws"}

    def resolve(self, node, variables=None):
        variables = variables or {}
        if isinstance(node, list):
            return [self.resolve(n, variables) for n in node]
        if not isinstance(node, dict):
            return node
        if set(node) == {"Ref"}:
            return self.ref(node["Ref"])
        if set(node) == {"Fn::GetAtt"}:
            target = node["Fn::GetAtt"]
            return ".".join(target) if isinstance(target, list) else target
        if set(node) == {"Fn::If"}:
            condition, yes, no = node["Fn::If"]
            return self.resolve(yes if self.intrinsics.condition(condition) else no, variables)
        if set(node) == {"Fn::Sub"}:
            argument = node["Fn::Sub"]
            text, own = (argument, {}) if isinstance(argument, str) else argument
            values = {name: self.resolve(value) for name, value in own.items()}
            return re.sub(r"\$\{([^}]+)\}", lambda m: str(self.name(m.group(1), values)), text)
        return {key: self.resolve(value, variables) for key, value in node.items()}

    def ref(self, name: str):
        if name in self.pseudo:
            return self.pseudo[name]
        value = self.intrinsics.value({"Ref": name})
        return name if isinstance(value, dict) else value

    def name(self, name: str, variables: dict):
        if name in variables:
            return variables[name]
        return name if "." in name else self.ref(name)


def problems(template: dict, parameters: dict[str, str], code_metrics: dict | None = None) -> list[str]:
    """What is wrong with the dashboard and the saved queries of the translated template for these parameters."""
    code_metrics = emitted() if code_metrics is None else code_metrics
    resources = template["Resources"]
    resolver = Resolver(template, parameters)
    dashboards = [r for r in resources.values() if r["Type"] == "AWS::CloudWatch::Dashboard"]
    if len(dashboards) != 1:
        return [f"{len(dashboards)} dashboards, not one"]
    try:
        body = json.loads(resolver.resolve(dashboards[0]["Properties"]["DashboardBody"]))
    except json.JSONDecodeError as e:
        return [f"the dashboard body is not JSON: {e}"]

    log_groups = {resolver.resolve(r["Properties"]["LogGroupName"]): name
                  for name, r in resources.items() if r["Type"] == "AWS::Logs::LogGroup"}
    known = dict(DOCUMENTED)
    for key, names in code_metrics.items():
        known[key] = known.get(key, set()) | names
    found, shown = [], set()
    for widget in body["widgets"]:
        title = widget["properties"].get("title", widget["type"])
        if widget["type"] == "metric":
            for namespace, dimensions, metric, values in _metrics(widget):
                if metric not in known.get((namespace, dimensions), set()):
                    found.append(f"{title}: {namespace} {metric} by {list(dimensions)} is neither emitted by the "
                                 f"function nor documented by AWS")
                found += [f"{title}: {metric} of {v}, which is not a resource of this stack"
                          for dimension, v in zip(dimensions, values)
                          if dimension == "FunctionName" and v not in resources]
                shown.add((namespace, dimensions, metric))
        if widget["type"] == "log":
            for source in re.findall(r"SOURCE '([^']+)'", widget["properties"]["query"]):
                if source not in log_groups:
                    found.append(f"{title}: reads {source}, which is not a log group of this stack")
        if widget["type"] == "alarm":
            alarms = {arn.split(".")[0] for arn in widget["properties"]["alarms"]}
            every = {name for name, r in resources.items() if r["Type"] == "AWS::CloudWatch::Alarm"}
            found += [f"the alarm widget leaves out {name}" for name in sorted(every - alarms)]
            found += [f"the alarm widget shows {name}, which is not an alarm of this stack" for name in sorted(alarms - every)]
    found += _layout(body["widgets"])
    for (namespace, dimensions), names in code_metrics.items():
        found += [f"the dashboard leaves out {namespace} {name} by {list(dimensions)}, which the function emits"
                  for name in sorted(names) if (namespace, dimensions, name) not in shown]

    queries = {name: r for name, r in resources.items() if r["Type"] == "AWS::Logs::QueryDefinition"}
    if not queries:
        found.append("no saved Logs Insights queries")
    for name, query in queries.items():
        for group in query["Properties"]["LogGroupNames"]:
            if resolver.resolve(group) not in log_groups.values():
                found.append(f"{name} reads {group}, which is not a log group of this stack")
    return found


def _layout(widgets: list) -> list[str]:
    """Widgets outside the dashboard's 24 columns, or on top of one another."""
    def title(w):
        return w["properties"].get("title", w["type"])
    found = [f"{title(w)} is outside the 24 columns" for w in widgets if w["x"] < 0 or w["x"] + w["width"] > 24]
    for i, a in enumerate(widgets):
        for b in widgets[i + 1:]:
            if (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
                    and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]):
                found.append(f"{title(a)} and {title(b)} overlap")
    return found


def _metrics(widget: dict):
    """(namespace, dimension names, metric, dimension values) of each metric a metric widget shows: rows of
    [namespace, name, dimension, value, ...] and SEARCH expressions over {namespace,dimension,...}."""
    for row in widget["properties"]["metrics"]:
        head = [item for item in row if isinstance(item, str)]
        expression = next((item["expression"] for item in row if isinstance(item, dict) and "expression" in item), None)
        if expression:
            search = SEARCH.search(expression)
            schema = [part.strip() for part in search.group("schema").split(",")]
            metric = re.search(r'MetricName="([^"]+)"', search.group("terms")).group(1)
            terms = dict(re.findall(r'(\w+)="([^"]+)"', search.group("terms")))
            yield schema[0], tuple(schema[1:]), metric, [terms.get(d) for d in schema[1:]]
        elif head:
            yield head[0], tuple(head[2::2]), head[1], head[3::2]


def render_svg(body: dict, title: str) -> str:
    """The dashboard's grid as an SVG: each widget a box at its place, with its kind and title."""
    unit_x, unit_y, margin = 40, 24, 10
    width = 24 * unit_x + 2 * margin
    height = max(w["y"] + w["height"] for w in body["widgets"]) * unit_y + 2 * margin + 30
    colours = {"text": "#f4f4f4", "alarm": "#fde2e1", "metric": "#e3eefc", "log": "#e6f4e6"}
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif">',
             f'<text x="{margin}" y="20" font-size="15" font-weight="bold">{_escape(title)}</text>']
    for widget in body["widgets"]:
        x, y = margin + widget["x"] * unit_x, 30 + margin + widget["y"] * unit_y
        w, h = widget["width"] * unit_x - 4, widget["height"] * unit_y - 4
        label = widget["properties"].get("title") or widget["properties"].get("markdown", "").split("\n")[0].lstrip("# ")
        parts.append(f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="4" fill="{colours[widget["type"]]}" stroke="#888"/>')
        parts.append(f'<text x="{x + 8}" y="{y + 18}" font-size="12">{_escape(label)}</text>')
        parts.append(f'<text x="{x + 8}" y="{y + 34}" font-size="10" fill="#555">{widget["type"]}</text>')
    parts.append("</svg>\n")
    return "\n".join(parts)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
