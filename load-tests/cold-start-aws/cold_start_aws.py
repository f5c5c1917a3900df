#!/usr/bin/env python3
"""Cold starts of a deployed function, lambda-perf's way: force a fresh environment by changing an
environment variable, invoke with LogType=Tail, and read the REPORT line (Init or Restore Duration,
Duration, Max Memory Used). Writes a CSV, a Markdown table and a PNG chart.

A SnapStart function (the jvm variant) restores from a published version: with --publish, each sample
publishes a new version and points the alias at it (several minutes each, while the snapshot is made).

Usage: load-tests/cold-start-aws/cold_start_aws.py FUNCTION [--samples 20] [--qualifier live --publish]
       [--event events/batch.json] [--out docs/cold-start-aws]     (needs boto3 and matplotlib)
"""
import argparse
import base64
import csv
import json
import re
import statistics
import time
import uuid
from pathlib import Path

REPORT_TEXT = re.compile(
    r"REPORT RequestId: (?P<request>\S+)\s+Duration: (?P<duration>[\d.]+) ms\s+Billed Duration: [\d.]+ ms"
    r"\s+Memory Size: (?P<memory>\d+) MB\s+Max Memory Used: (?P<max_memory>\d+) MB"
    r"(?:\s+Init Duration: (?P<init>[\d.]+) ms)?(?:\s+Restore Duration: (?P<restore>[\d.]+) ms)?")


def parse_report(log: str) -> dict | None:
    """The REPORT of an invocation's tail log, in the text format or the JSON one (platform.report)."""
    for line in reversed(log.splitlines()):
        line = line.strip()
        if line.startswith("{") and '"platform.report"' in line:
            metrics = json.loads(line)["record"]["metrics"]
            return {"duration_ms": metrics["durationMs"], "max_memory_mb": metrics["maxMemoryUsedMB"],
                    "init_ms": metrics.get("initDurationMs"), "restore_ms": metrics.get("restoreDurationMs")}
        match = REPORT_TEXT.search(line)
        if match:
            number = lambda key: float(match[key]) if match[key] else None
            return {"duration_ms": float(match["duration"]), "max_memory_mb": int(match["max_memory"]),
                    "init_ms": number("init"), "restore_ms": number("restore")}
    return None


def force_fresh_environment(client, function: str, qualifier: str | None, publish: bool) -> None:
    configuration = client.get_function_configuration(FunctionName=function)
    variables = configuration.get("Environment", {}).get("Variables", {})
    variables["TALLY_COLD_START_NONCE"] = uuid.uuid4().hex
    client.update_function_configuration(FunctionName=function, Environment={"Variables": variables})
    client.get_waiter("function_updated_v2").wait(FunctionName=function)
    if publish:
        version = client.publish_version(FunctionName=function)["Version"]
        client.get_waiter("published_version_active").wait(FunctionName=function, Qualifier=version)
        client.update_alias(FunctionName=function, Name=qualifier, FunctionVersion=version)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("function")
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--qualifier")
    parser.add_argument("--publish", action="store_true")
    parser.add_argument("--event", default="events/batch.json")
    parser.add_argument("--out", default="docs/cold-start-aws")
    args = parser.parse_args()

    import boto3
    client = boto3.client("lambda")
    payload = Path(args.event).read_bytes()
    rows = []
    for sample in range(args.samples):
        force_fresh_environment(client, args.function, args.qualifier, args.publish)
        invoke = {"FunctionName": args.function, "LogType": "Tail", "Payload": payload}
        if args.qualifier:
            invoke["Qualifier"] = args.qualifier
        started = time.perf_counter()
        response = client.invoke(**invoke)
        client_ms = (time.perf_counter() - started) * 1000
        report = parse_report(base64.b64decode(response["LogResult"]).decode())
        if report is None:
            raise SystemExit(f"sample {sample}: no REPORT line in the tail log")
        rows.append({"sample": sample, "client_ms": round(client_ms, 1), **report})
        print(rows[-1])

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "cold-starts.csv", "w", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=rows[0].keys())
        writer.writeheader()
        writer.writerows(rows)
    (out / "cold-starts.md").write_text(table(args.function, rows))
    chart(out / "cold-starts.png", args.function, rows)
    print(table(args.function, rows))


def percentiles(values: list[float]) -> str:
    if not values:
        return "-"
    cuts = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else values * 99
    return f"{statistics.median(values):.1f} / {cuts[89]:.1f} / {cuts[98]:.1f}"


def table(function: str, rows: list[dict]) -> str:
    column = lambda key: [r[key] for r in rows if r[key] is not None]
    return (f"{len(rows)} forced cold starts of `{function}`. p50 / p90 / p99, ms (MB for memory).\n\n"
            "| Init Duration | Restore Duration | Duration | client-observed | Max Memory Used |\n"
            "|---|---|---|---|---|\n"
            f"| {percentiles(column('init_ms'))} | {percentiles(column('restore_ms'))} | "
            f"{percentiles(column('duration_ms'))} | {percentiles(column('client_ms'))} | "
            f"{percentiles([float(v) for v in column('max_memory_mb')])} |\n")


def chart(path: Path, function: str, rows: list[dict]) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    figure, axes = plt.subplots(figsize=(9, 5))
    for key, label in [("init_ms", "Init Duration"), ("restore_ms", "Restore Duration"),
                       ("duration_ms", "Duration"), ("client_ms", "client-observed")]:
        values = [r[key] for r in rows]
        if any(v is not None for v in values):
            axes.plot([r["sample"] for r in rows], values, marker="o", label=label)
    axes.set(title=f"Forced cold starts: {function}", xlabel="sample", ylabel="ms")
    axes.legend()
    figure.savefig(path, dpi=100, bbox_inches="tight")


if __name__ == "__main__":
    main()
