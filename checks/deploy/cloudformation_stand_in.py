"""A stand-in for the CloudFormation API, on 127.0.0.1, for rehearsing `sam deploy`.

It answers the calls the SAM CLI's deploy makes (its managed bucket's stack, a change set, its execution, the
stack's events and outputs) and records each request, so a test can assert what the SAM CLI asked for. A change
set is checked as CloudFormation checks one: parameters without a default must have values, the template's Rules
must hold, and its transforms must accept it, run here by AWS's own code (the SAM CLI's language extensions, then
AWS's SAM translator, as checks/template/ runs them). It creates nothing: the templates and artifacts the SAM CLI
uploads go to S3 (moto_server), where the test reads them.

    python3 cloudformation_stand_in.py PORT RECORD_FILE BUCKET
"""
import datetime
import json
import logging
import sys
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

import boto3
from samtranslator.yaml_helper import yaml_parse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "template"))
import sam_transform  # noqa: E402  (AWS's SAM translator behind the SAM CLI's language extensions)

# The translator logs its feature toggles and metrics at every run; CloudFormation shows none of it.
logging.getLogger("samtranslator").setLevel(logging.ERROR)
NS = "http://cloudformation.amazonaws.com/doc/2010-05-15/"
MANAGED_STACK = "aws-sam-cli-managed-default"


def now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def members(items, render):
    return "".join(f"<member>{render(item)}</member>" for item in items)


class CloudFormation:
    """The stacks this stand-in has 'created', by name, and the change sets waiting to be executed."""

    def __init__(self, record_file, bucket):
        self.record_file = record_file
        self.lock = threading.Lock()
        self.stacks = {MANAGED_STACK: {
            "StackName": MANAGED_STACK, "StackStatus": "CREATE_COMPLETE", "Parameters": [],
            "Tags": [{"Key": "ManagedStackSource", "Value": "AwsSamCli"}],
            "Outputs": [{"OutputKey": "SourceBucket", "OutputValue": bucket}], "Events": []}}
        self.change_sets = {}

    def record(self, action, params):
        with self.lock, open(self.record_file, "a") as out:
            out.write(json.dumps({"Action": action, **params}) + "\n")

    def handle(self, action, params):
        self.record(action, params)
        handler = getattr(self, action, None)
        if handler is None:
            return 400, error("InvalidAction", f"the stand-in does not answer {action}")
        return handler(params)

    def DescribeStacks(self, params):
        stack = self.stacks.get(params.get("StackName"))
        if stack is None:
            return 400, error("ValidationError", f"Stack with id {params.get('StackName')} does not exist")
        return 200, result("DescribeStacks", "<Stacks><member>" + render_stack(stack) + "</member></Stacks>")

    def GetTemplateSummary(self, params):
        stack = self.stacks.get(params.get("StackName"), {})
        parameters = members(stack.get("Parameters", []), lambda p: f"<ParameterKey>{escape(p['ParameterKey'])}</ParameterKey>")
        return 200, result("GetTemplateSummary", f"<Parameters>{parameters}</Parameters>")

    def CreateChangeSet(self, params):
        """As CloudFormation checks a change set: its parameters and Rules at once (a ValidationError), then its
        transforms (the change set FAILED, with the transform's message), here by AWS's own code."""
        name = params["StackName"]
        template = fetch_template(params)
        previous = {p["ParameterKey"]: p["ParameterValue"] for p in self.stacks.get(name, {}).get("Parameters", [])}
        given = {key: previous.get(key) if value is None else value for key, value in parameters(params).items()}
        missing = [key for key, spec in template.get("Parameters", {}).items() if "Default" not in spec and given.get(key) is None]
        if missing:
            return 400, error("ValidationError", f"Parameters: [{', '.join(missing)}] must have values")
        refused = sam_transform.refusals(template, given)
        if refused:
            return 400, error("ValidationError", refused[0])
        params["Status"], params["StatusReason"] = "CREATE_COMPLETE", ""
        try:
            sam_transform.translate(template, given, packaged=True)
        except Exception as transform_refused:  # the translator's refusal, whatever its class
            params["Status"] = "FAILED"
            causes = getattr(transform_refused, "causes", [])
            reason = " ".join([getattr(transform_refused, "message", str(transform_refused))] + [c.message for c in causes])
            params["StatusReason"] = f"Transform AWS::Serverless-2016-10-31 failed with: {reason}"
        change_set = f"arn:aws:cloudformation:eu-west-1:123456789012:changeSet/{params['ChangeSetName']}/{uuid.uuid4()}"
        self.change_sets[change_set] = params
        if name not in self.stacks:
            self.stacks[name] = {"StackName": name, "Tags": [], "Parameters": [], "Outputs": [], "Events": []}
            self.event(name, "REVIEW_IN_PROGRESS")
        return 200, result("CreateChangeSet", f"<Id>{change_set}</Id><StackId>{stack_id(name)}</StackId>")

    def DescribeChangeSet(self, params):
        change_set = self.change_sets[params["ChangeSetName"]]
        change = ("<member><Type>Resource</Type><ResourceChange><Action>Add</Action>"
                  "<LogicalResourceId>Stack</LogicalResourceId><ResourceType>AWS::CloudFormation::Stack</ResourceType>"
                  "<Replacement>N/A</Replacement></ResourceChange></member>")
        body = (f"<ChangeSetName>{escape(change_set['ChangeSetName'])}</ChangeSetName>"
                f"<ChangeSetId>{escape(params['ChangeSetName'])}</ChangeSetId>"
                f"<StackName>{escape(change_set['StackName'])}</StackName>"
                f"<Status>{change_set['Status']}</Status><StatusReason>{escape(change_set['StatusReason'])}</StatusReason>"
                "<ExecutionStatus>AVAILABLE</ExecutionStatus>"
                f"<Changes>{change}</Changes>")
        return 200, result("DescribeChangeSet", body)

    def ExecuteChangeSet(self, params):
        change_set = self.change_sets[params["ChangeSetName"]]
        stack = self.stacks[change_set["StackName"]]
        previous = {p["ParameterKey"]: p["ParameterValue"] for p in stack["Parameters"]}
        stack["Parameters"] = [{"ParameterKey": key, "ParameterValue": previous.get(key, "") if value is None else value}
                               for key, value in parameters(change_set).items()]
        stack["Outputs"] = [{"OutputKey": "ApiEndpoint",
                             "OutputValue": "https://abcdef1234.execute-api.eu-west-1.amazonaws.com"}]
        self.event(stack["StackName"], "UPDATE_COMPLETE" if change_set.get("ChangeSetType") == "UPDATE" else "CREATE_COMPLETE")
        return 200, result("ExecuteChangeSet", "")

    def DescribeStackEvents(self, params):
        stack = self.stacks.get(params.get("StackName"))
        if stack is None:
            return 400, error("ValidationError", f"Stack with id {params.get('StackName')} does not exist")
        events = members(reversed(stack["Events"]), lambda e: (
            f"<EventId>{e['EventId']}</EventId><StackName>{escape(stack['StackName'])}</StackName>"
            f"<StackId>{stack_id(stack['StackName'])}</StackId><PhysicalResourceId>{stack_id(stack['StackName'])}</PhysicalResourceId>"
            f"<LogicalResourceId>{escape(stack['StackName'])}</LogicalResourceId>"
            "<ResourceType>AWS::CloudFormation::Stack</ResourceType>"
            f"<Timestamp>{e['Timestamp']}</Timestamp><ResourceStatus>{e['ResourceStatus']}</ResourceStatus>"))
        return 200, result("DescribeStackEvents", f"<StackEvents>{events}</StackEvents>")

    def event(self, name, status):
        time.sleep(0.002)
        stack = self.stacks[name]
        stack["StackStatus"] = status
        stack["Events"].append({"EventId": str(uuid.uuid4()), "Timestamp": now(), "ResourceStatus": status})


def fetch_template(params):
    """The template a change set names: its body, or what its TemplateURL (the SAM CLI's upload to S3) holds."""
    body = params.get("TemplateBody")
    if body is None:
        url = urllib.parse.urlparse(params["TemplateURL"])
        bucket, key = url.path.lstrip("/").split("/", 1)
        s3 = boto3.client("s3", endpoint_url=f"{url.scheme}://{url.netloc}", region_name="eu-west-1",
                          aws_access_key_id="stand-in", aws_secret_access_key="stand-in")
        body = s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode()
    return yaml_parse(body)


def parameters(change_set):
    """Parameters.member.N.ParameterKey/ParameterValue of a query-protocol request, in order; None for UsePreviousValue."""
    found = {}
    n = 1
    while f"Parameters.member.{n}.ParameterKey" in change_set:
        key = change_set[f"Parameters.member.{n}.ParameterKey"]
        found[key] = change_set.get(f"Parameters.member.{n}.ParameterValue", "(previous value)")
        n += 1
    return found


def stack_id(name):
    return f"arn:aws:cloudformation:eu-west-1:123456789012:stack/{escape(name)}/0"


def render_stack(stack):
    tags = members(stack["Tags"], lambda t: f"<Key>{escape(t['Key'])}</Key><Value>{escape(t['Value'])}</Value>")
    outputs = members(stack["Outputs"], lambda o: f"<OutputKey>{escape(o['OutputKey'])}</OutputKey>"
                                                  f"<OutputValue>{escape(o['OutputValue'])}</OutputValue>")
    stack_parameters = members(stack["Parameters"], lambda p: f"<ParameterKey>{escape(p['ParameterKey'])}</ParameterKey>"
                                                              f"<ParameterValue>{escape(p['ParameterValue'])}</ParameterValue>")
    return (f"<StackName>{escape(stack['StackName'])}</StackName>"
            f"<StackId>{stack_id(stack['StackName'])}</StackId>"
            f"<CreationTime>{now()}</CreationTime><StackStatus>{stack['StackStatus']}</StackStatus>"
            f"<Parameters>{stack_parameters}</Parameters><Tags>{tags}</Tags><Outputs>{outputs}</Outputs>")


def result(action, body):
    return (f'<{action}Response xmlns="{NS}"><{action}Result>{body}</{action}Result>'
            f"<ResponseMetadata><RequestId>{uuid.uuid4()}</RequestId></ResponseMetadata></{action}Response>")


def error(code, message):
    return (f'<ErrorResponse xmlns="{NS}"><Error><Type>Sender</Type><Code>{code}</Code>'
            f"<Message>{escape(message)}</Message></Error><RequestId>{uuid.uuid4()}</RequestId></ErrorResponse>")


def serve(port, record_file, bucket):
    cloudformation = CloudFormation(record_file, bucket)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            form = urllib.parse.parse_qs(self.rfile.read(int(self.headers.get("Content-Length", 0))).decode(), keep_blank_values=True)
            params = {key: values[0] for key, values in form.items()}
            status, body = cloudformation.handle(params.pop("Action", ""), params)
            payload = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print(f"cloudformation stand-in on 127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    serve(int(sys.argv[1]), sys.argv[2], sys.argv[3])
