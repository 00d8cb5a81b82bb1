#!/usr/bin/env python3
"""Asks one instance for customers' balances at a steady rate, as a till would, and counts the answers.

    tools/balance-queries.py URL SECONDS [--rate 50] [--customers 2000] [--probe 2000] [--seed 7] [--started-file F]

Runs for SECONDS or until SIGTERM. Customers are those of `./loyalty simulate --seed SEED --customers N`
(sim-SEED-c<n>) that the instance knows when it starts: it first asks once for each of a random PROBE of
them (all when there are fewer) and then asks only for those that answered 200 (a customer the system knows never becomes unknown, so any other
answer later is a failure), and creates F when that is done. Prints one JSON object at the end: answers by status, how many were marked
X-Loyalty-Stale, the slowest answer, and the first five answers of each other status with their reason. Standard
library only.
"""
import argparse
import json
import random
import signal
import time
import urllib.error
import urllib.request


def ask(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get("X-Loyalty-Stale") == "true", None
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("X-Loyalty-Stale") == "true", e.read().decode("utf-8", "replace")[:200]
    except (urllib.error.URLError, OSError) as e:
        return 0, False, str(e)[:200]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("seconds", type=float)
    parser.add_argument("--rate", type=float, default=50)
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--probe", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--started-file")
    args = parser.parse_args()

    rng = random.Random(1)
    customers = ["sim-%d-c%d" % (args.seed, n) for n in range(args.customers)]
    probed = rng.sample(customers, min(args.probe, len(customers)))
    known = [c for c in probed if ask("%s/customers/%s" % (args.url, c))[0] == 200]
    if args.started_file:
        open(args.started_file, "w").close()

    stopped = []
    signal.signal(signal.SIGTERM, lambda *_: stopped.append(True))
    by_status, stale, reasons = {}, 0, []
    slowest = 0.0
    interval = 1 / args.rate
    start = time.monotonic()
    next_at = start
    while time.monotonic() - start < args.seconds and not stopped:
        customer = rng.choice(known)
        asked = time.monotonic()
        status, was_stale, reason = ask("%s/customers/%s" % (args.url, customer))
        slowest = max(slowest, time.monotonic() - asked)
        by_status[status] = by_status.get(status, 0) + 1
        stale += was_stale
        if status != 200 and sum(r["status"] == status for r in reasons) < 5:
            reasons.append({"at_s": round(asked - start, 1), "status": status, "customer": customer, "reason": reason})
        next_at += interval
        time.sleep(max(0.0, next_at - time.monotonic()))
    total = sum(by_status.values())
    print(json.dumps({
        "known_customers": len(known),
        "answers": total,
        "by_status": {str(k): v for k, v in sorted(by_status.items())},
        "ok_percent": round(100 * by_status.get(200, 0) / total, 2) if total else None,
        "stale": stale,
        "slowest_s": round(slowest, 2),
        "first_failures": reasons,
    }, indent=1))


if __name__ == "__main__":
    main()
