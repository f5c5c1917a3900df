#!/usr/bin/env python3
"""Writes a deterministic batch of N transactions (default 1000) to stdout, for curl and load tests.

Usage: events/generate-batch.py [N] > events/batch-1000.json
"""
import json
import random
import sys


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rng = random.Random(count)
    types = ["CREDIT", "CREDIT", "DEBIT", "REFUND"]
    transactions = [
        {
            "id": f"tx-{i:06d}",
            "amount": json.loads(f"{rng.randint(1, 9_999_999) / 100:.2f}"),
            "type": rng.choice(types),
        }
        for i in range(1, count + 1)
    ]
    json.dump({"requestId": f"batch-{count}", "transactions": transactions}, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
