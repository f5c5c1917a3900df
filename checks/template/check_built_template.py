"""What `sam build --config-env jvm` wrote to .aws-sam/build/template.yaml points the java25 functions at
their built artifacts: each function's CodeUri is its own build folder, with the runtime, handler, exec
wrapper and SnapStart the template gives it. Run by checks/deploy/check-sam-build.sh; exits non-zero on a mismatch.

Usage: python check_built_template.py .aws-sam/build/template.yaml
"""
import sys
from pathlib import Path

from sam_transform import load

HANDLERS = {"TransactionProcessorJvmFunction": "dev.tally.processor.TallyStreamHandler::handleRequest",
            "KeyRotatorFunction": "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest"}


def problems(template: dict) -> list[str]:
    resources = template["Resources"]
    found = []
    for name in ("TransactionProcessorJvmFunction", "KeyRotatorFunction"):
        properties = resources[name]["Properties"]
        for key, expected in (("Runtime", "java25"), ("CodeUri", name), ("Handler", HANDLERS[name])):
            if properties.get(key) != expected:
                found.append(f"{name}: {key} is {properties.get(key)!r}, not {expected!r}")
    jvm = resources["TransactionProcessorJvmFunction"]["Properties"]
    if jvm["Environment"]["Variables"].get("AWS_LAMBDA_EXEC_WRAPPER") != "/var/task/tally-exec-wrapper":
        found.append("TransactionProcessorJvmFunction: AWS_LAMBDA_EXEC_WRAPPER is not /var/task/tally-exec-wrapper")
    source = load()["Resources"]["TransactionProcessorJvmFunction"]["Properties"]["SnapStart"]
    if jvm.get("SnapStart") != source:
        found.append(f"TransactionProcessorJvmFunction: SnapStart is {jvm.get('SnapStart')!r}, not the template's {source!r}")
    return found


if __name__ == "__main__":
    found = problems(load(Path(sys.argv[1])))
    for problem in found:
        print(f"check-sam-build: {problem}", file=sys.stderr)
    if found:
        sys.exit(1)
    print("check-sam-build: the built template points java25 at the built artifacts")
