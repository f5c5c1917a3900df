"""A stand-in for a deployed Tally stack's HTTP API, to test load-tests/gatling.sh without AWS.

It answers as API Gateway's HTTP API does for the stack's IAM-authorized route: it checks each request's
SigV4 signature with botocore (the code the AWS CLI signs with) and refuses a bad one, or every request with
--deny (credentials without execute-api:Invoke), with 403 {"message":"Forbidden"}; it can throttle, with 429
{"message":"Too Many Requests"} as the stage's limits do, and with API Gateway's 500
{"message":"Internal Server Error"} as a Lambda concurrency throttle shows through the API; and it passes the
rest to the packaged function through its Lambda runtime API as an HTTP API event, returning the function's
answer. It also answers Lambda's GetAccountSettings (AWS_ENDPOINT_URL_LAMBDA) with --account-concurrency,
and GET /_standin/counts with its answers by kind.

Usage: api_standin.py PORT FUNCTION_RUNTIME_API_URL [--deny] [--throttle-every N] [--lambda-throttle-every N]
                      [--account-concurrency N]    (the caller's credentials: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)
"""

import argparse
import hmac
import json
import os
import re
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

EVENT_TEMPLATE = Path(__file__).resolve().parents[3] / "events" / "apigw-post-transactions.json"
AUTHORIZATION = re.compile(
    r"AWS4-HMAC-SHA256 Credential=(?P<key>[^/]+)/\d{8}/(?P<region>[^/]+)/(?P<service>[^/]+)/aws4_request,\s*"
    r"SignedHeaders=(?P<signed>[^,]+),\s*Signature=(?P<signature>[0-9a-f]{64})$")


def signature_valid(method, url, headers, body, service, credentials):
    """Whether botocore, given the same credentials and X-Amz-Date, computes the request's signature."""
    match = AUTHORIZATION.match(headers.get("authorization", ""))
    if not match or match["key"] != credentials.access_key or match["service"] != service:
        return False
    signed = match["signed"].split(";")
    if any(name not in headers for name in signed):
        return False
    request = AWSRequest(method=method, url=url, data=body, headers={name: headers[name] for name in signed})
    request.context["timestamp"] = headers.get("x-amz-date", "")
    signer = SigV4Auth(credentials, service, match["region"])
    expected = signer.signature(signer.string_to_sign(request, signer.canonical_request(request)), request)
    return hmac.compare_digest(expected, match["signature"])


class Counts:
    def __init__(self):
        self.lock = threading.Lock()
        self.by_kind = {}
        self.requests = 0

    def next_request(self):
        with self.lock:
            self.requests += 1
            return self.requests

    def add(self, kind):
        with self.lock:
            self.by_kind[kind] = self.by_kind.get(kind, 0) + 1


def handler(options, credentials, counts):
    template = json.loads(EVENT_TEMPLATE.read_text())

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def answer(self, status, body, kind):
            counts.add(kind)
            data = body.encode() if isinstance(body, str) else body
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def signed(self, body, service):
            headers = {name.lower(): value for name, value in self.headers.items()}
            url = f"http://{headers.get('host', '')}{self.path}"
            return signature_valid(self.command, url, headers, body, service, credentials)

        def do_GET(self):
            if self.path.startswith("/2016-08-19/account-settings"):
                if not self.signed(b"", "lambda"):
                    return self.answer(403, '{"message":"The request signature we calculated does not match"}', "lambda-refused")
                limit = options.account_concurrency
                return self.answer(200, json.dumps({
                    "AccountLimit": {"ConcurrentExecutions": limit, "UnreservedConcurrentExecutions": limit,
                                     "CodeSizeUnzipped": 262144000, "CodeSizeZipped": 52428800, "TotalCodeSize": 80530636800},
                    "AccountUsage": {"FunctionCount": 3, "TotalCodeSize": 0}}), "account-settings")
            if self.path == "/_standin/counts":
                with counts.lock:
                    by_kind = json.dumps(counts.by_kind)
                return self.answer(200, by_kind, "counts")
            self.answer(404, '{"message":"Not Found"}', "not-found")

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            if self.path != "/transactions":
                return self.answer(404, '{"message":"Not Found"}', "not-found")
            if options.deny or not self.signed(body, "execute-api"):
                return self.answer(403, '{"message":"Forbidden"}', "forbidden")
            number = counts.next_request()
            if options.throttle_every and number % options.throttle_every == 0:
                return self.answer(429, '{"message":"Too Many Requests"}', "throttled-429")
            if options.lambda_throttle_every and number % options.lambda_throttle_every == 0:
                return self.answer(500, '{"message":"Internal Server Error"}', "lambda-throttled-500")
            event = dict(template, body=body.decode(), isBase64Encoded=False)
            invocation = urllib.request.Request(options.function, data=json.dumps(event).encode(),
                                                headers={"content-type": "application/json"})
            with urllib.request.urlopen(invocation, timeout=60) as response:
                answer = json.loads(response.read())
            self.answer(answer["statusCode"], answer.get("body", ""), f"function-{answer['statusCode']}")

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("port", type=int)
    parser.add_argument("function", help="the function's Lambda runtime API, e.g. http://127.0.0.1:9000/")
    parser.add_argument("--deny", action="store_true")
    parser.add_argument("--throttle-every", type=int, default=0)
    parser.add_argument("--lambda-throttle-every", type=int, default=0)
    parser.add_argument("--account-concurrency", type=int, default=1000)
    options = parser.parse_args()
    credentials = Credentials(os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"],
                              os.environ.get("AWS_SESSION_TOKEN"))
    counts = Counts()
    server = ThreadingHTTPServer(("127.0.0.1", options.port), handler(options, credentials, counts))
    server.serve_forever()


if __name__ == "__main__":
    main()
