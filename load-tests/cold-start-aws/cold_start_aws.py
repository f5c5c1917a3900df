#!/usr/bin/env python3
"""Cold starts of a deployed function, as its users meet them, read from the REPORT line of each invocation's
tail log (Init or Restore Duration, Duration, Max Memory Used). Writes a CSV, a Markdown table and, with
matplotlib, a PNG chart.

What it measures follows the function's configuration, read before anything is changed:
- on demand (native, jvm-aot): `init`, fresh environments of $LATEST, each forced by a configuration change
  (lambda-perf's way). The change is undone when the run ends.
- SnapStart (jvm): `restores` (the default), the restores users see: a burst of --samples concurrent
  invocations of an already published version (--qualifier, the stack's alias `live`), each landing in an
  environment restored from that version's snapshot; or `first-restore`, each sample a newly published version
  invoked once, the worst case after a deploy (minutes a sample while the snapshot is made; the versions are
  deleted afterwards and the alias is never moved).
Refused before anything changes: a qualifier for an on-demand function (a configuration change makes fresh
environments of $LATEST only), $LATEST of a SnapStart function (SnapStart applies to published versions only).
A sample that failed (FunctionError, or an answer whose status is not success) or that reports neither an init
nor a restore (a warm or pre-initialised environment) is rejected and counted, not measured. Below 100
samples the table gives the maximum, not a p99.

Usage: load-tests/cold-start-aws/cold_start_aws.py FUNCTION [--mode init|restores|first-restore]
       [--qualifier live] [--samples 20] [--event events/batch.json] [--out docs/results/cold-start-aws]
       (needs boto3; matplotlib for the chart)
"""
import argparse
import base64
import concurrent.futures
import csv
import json
import re
import statistics
import time
import uuid
from pathlib import Path

NONCE = "TALLY_COLD_START_NONCE"
REPORT_TEXT = re.compile(
    r"REPORT RequestId: (?P<request>\S+)\s+Duration: (?P<duration>[\d.]+) ms\s+Billed Duration: [\d.]+ ms"
    r"\s+Memory Size: (?P<memory>\d+) MB\s+Max Memory Used: (?P<max_memory>\d+) MB"
    r"(?:\s+Init Duration: (?P<init>[\d.]+) ms)?(?:\s+Restore Duration: (?P<restore>[\d.]+) ms)?")


def parse_report(log: str) -> dict | None:
    """The REPORT of an invocation's tail log, in the text format or the JSON one (platform.report). The tail
    is the log's last 4 KB, so its first line may be cut: a line that does not parse is passed over."""
    for line in reversed(log.splitlines()):
        line = line.strip()
        if line.startswith("{") and '"platform.report"' in line:
            try:
                metrics = json.loads(line)["record"]["metrics"]
            except (ValueError, KeyError):
                continue
            return {"duration_ms": metrics["durationMs"], "max_memory_mb": metrics["maxMemoryUsedMB"],
                    "init_ms": metrics.get("initDurationMs"), "restore_ms": metrics.get("restoreDurationMs")}
        match = REPORT_TEXT.search(line)
        if match:
            number = lambda key: float(match[key]) if match[key] else None
            return {"duration_ms": float(match["duration"]), "max_memory_mb": int(match["max_memory"]),
                    "init_ms": number("init"), "restore_ms": number("restore")}
    return None


class Refused(Exception):
    """A run that would measure the wrong thing, refused before anything was changed."""


def plan(configuration: dict, mode: str | None, qualifier: str | None) -> str:
    """The mode to run, from the function's configuration and the flags; refuses what would measure the wrong thing."""
    snapstart = configuration.get("SnapStart", {}).get("ApplyOn") == "PublishedVersions"
    if not snapstart:
        if qualifier:
            raise Refused("an on-demand function: a configuration change makes fresh environments of $LATEST only, "
                          "so --qualifier would measure warm calls; leave it out")
        if mode not in (None, "init"):
            raise Refused(f"--mode {mode} is for SnapStart functions; this one starts on demand (--mode init)")
        return "init"
    if mode == "init":
        raise Refused("a SnapStart function: users only ever meet restores of published versions "
                      "(--mode restores or first-restore)")
    if not qualifier or qualifier == "$LATEST":
        raise Refused("SnapStart applies to published versions only: name one with --qualifier (the stack's alias: live)")
    return mode or "restores"


def sample(client, function: str, qualifier: str | None, payload: bytes) -> dict:
    """One invocation: its REPORT figures, the client-observed time, and why it is rejected, if it is."""
    request = {"FunctionName": function, "LogType": "Tail", "Payload": payload}
    if qualifier:
        request["Qualifier"] = qualifier
    started = time.perf_counter()
    response = client.invoke(**request)
    client_ms = round((time.perf_counter() - started) * 1000, 1)
    report = parse_report(base64.b64decode(response.get("LogResult", "")).decode(errors="replace"))
    row = {"client_ms": client_ms, "duration_ms": None, "max_memory_mb": None, "init_ms": None, "restore_ms": None,
           "rejected": None}
    if report:
        row.update(report)
    answer = response["Payload"].read()
    if response.get("FunctionError"):
        row["rejected"] = f"function error ({response['FunctionError']})"
    elif b'"status":"success"' not in answer:
        row["rejected"] = "the answer is not a success"
    elif report is None:
        row["rejected"] = "no REPORT line in the tail log"
    elif report["init_ms"] is None and report["restore_ms"] is None:
        row["rejected"] = "neither init nor restore: a warm or pre-initialised environment"
    return row


def run(client, function: str, mode: str, qualifier: str | None, samples: int, payload: bytes) -> list[dict]:
    configuration = client.get_function_configuration(FunctionName=function)
    if mode == "restores":
        # Concurrent calls cannot share an environment: each lands in one restored for it.
        with concurrent.futures.ThreadPoolExecutor(max_workers=samples) as burst:
            return list(burst.map(lambda _: sample(client, function, qualifier, payload), range(samples)))
    original = configuration.get("Environment", {}).get("Variables", {})
    published = []
    rows = []
    try:
        for _ in range(samples):
            variables = dict(original, **{NONCE: uuid.uuid4().hex})
            client.update_function_configuration(FunctionName=function, Environment={"Variables": variables})
            client.get_waiter("function_updated_v2").wait(FunctionName=function)
            target = None
            if mode == "first-restore":
                target = client.publish_version(FunctionName=function)["Version"]
                published.append(target)
                client.get_waiter("published_version_active").wait(FunctionName=function, Qualifier=target)
            rows.append(sample(client, function, target, payload))
            print(rows[-1])
    finally:
        client.update_function_configuration(FunctionName=function, Environment={"Variables": original})
        client.get_waiter("function_updated_v2").wait(FunctionName=function)
        for version in published:
            client.delete_function(FunctionName=function, Qualifier=version)
    return rows


def summary(values: list[float]) -> str:
    """p50 / p90 / p99, or p50 / p90 / max below 100 values, where a p99 would be the maximum anyway."""
    if not values:
        return "-"
    ordered = sorted(values)
    rank = lambda p: ordered[max(0, min(len(ordered) - 1, -(-p * len(ordered) // 100) - 1))]
    return f"{statistics.median(ordered):.1f} / {rank(90):.1f} / {rank(99) if len(ordered) >= 100 else ordered[-1]:.1f}"


LABELS = {"init": "forced cold starts of $LATEST", "restores": "restores of a published version, one burst",
          "first-restore": "first restores, each of a version published for it"}


def table(function: str, mode: str, rows: list[dict]) -> str:
    measured = [r for r in rows if r["rejected"] is None]
    tail = "p99" if len(measured) >= 100 else "max"
    column = lambda key: [r[key] for r in measured if r[key] is not None]
    rejected = [r["rejected"] for r in rows if r["rejected"]]
    reasons = "; ".join(f"{reason}: {rejected.count(reason)}" for reason in sorted(set(rejected)))
    return (f"`{function}`, {LABELS[mode]}: {len(measured)} samples measured, {len(rejected)} rejected"
            f"{f' ({reasons})' if reasons else ''}. p50 / p90 / {tail}, ms (MB for memory).\n\n"
            "| Init Duration | Restore Duration | Duration | client-observed | Max Memory Used |\n"
            "|---|---|---|---|---|\n"
            f"| {summary(column('init_ms'))} | {summary(column('restore_ms'))} | "
            f"{summary(column('duration_ms'))} | {summary(column('client_ms'))} | "
            f"{summary([float(v) for v in column('max_memory_mb')])} |\n")


def write(out: Path, function: str, mode: str, rows: list[dict]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "cold-starts.csv", "w", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=["sample", *rows[0].keys()])
        writer.writeheader()
        writer.writerows({"sample": i, **row} for i, row in enumerate(rows))
    (out / "cold-starts.md").write_text(table(function, mode, rows))
    try:
        import matplotlib
    except ImportError:
        print("no matplotlib: the CSV and the table are written, the chart is not")
        return
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    figure, axes = plt.subplots(figsize=(9, 5))
    measured = [(i, r) for i, r in enumerate(rows) if r["rejected"] is None]
    for key, label in [("init_ms", "Init Duration"), ("restore_ms", "Restore Duration"),
                       ("duration_ms", "Duration"), ("client_ms", "client-observed")]:
        if any(r[key] is not None for _, r in measured):
            axes.plot([i for i, _ in measured], [r[key] for _, r in measured], marker="o", label=label)
    axes.set(title=f"{LABELS[mode]}: {function}", xlabel="sample", ylabel="ms")
    axes.legend()
    figure.savefig(out / "cold-starts.png", dpi=100, bbox_inches="tight")


def main(argv: list[str] | None = None, client=None) -> str:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("function")
    parser.add_argument("--mode", choices=sorted(LABELS))
    parser.add_argument("--qualifier")
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--event", default="events/batch.json")
    parser.add_argument("--out", default="docs/results/cold-start-aws")
    args = parser.parse_args(argv)
    if args.samples < 1:
        parser.error("--samples must be at least 1")
    payload = Path(args.event).read_bytes()
    if client is None:
        import boto3
        client = boto3.client("lambda")
    try:
        mode = plan(client.get_function_configuration(FunctionName=args.function), args.mode, args.qualifier)
    except Refused as refused:
        parser.error(str(refused))
    rows = run(client, args.function, mode, args.qualifier if mode == "restores" else None, args.samples, payload)
    write(Path(args.out), args.function, mode, rows)
    result = table(args.function, mode, rows)
    print(result)
    return result


if __name__ == "__main__":
    main()
