"""The soak test's verdict, from its work folder: answers by status, emails created
against emails received, memory of each process; exits 1 on any failure.

    python report.py <work folder> <duration in seconds>
"""
import collections
import csv
import email
import email.policy
import json
import pathlib
import sys


def main() -> int:
    work, duration = pathlib.Path(sys.argv[1]), float(sys.argv[2])
    failures = []
    load = json.loads((work / "load.json").read_text())
    answers = load["answers"]
    server_errors = sum(n for status, n in answers.items() if status[:1] == "5" and " " not in status)
    print(f"answers in {load['seconds']} s: " + ", ".join(
        f"{status}: {n}" for status, n in sorted(answers.items())))
    if server_errors or answers.get("connection_error") or answers.get("verification_email_missing"):
        failures.append("server errors, lost connections or missing verification emails")
    logged = sum(
        1 for log in work.glob("*.log") for line in log.read_text().splitlines()
        if '"level":"ERROR"' in line)
    print(f"error lines logged by the processes: {logged}")

    outbox = [line.split(" ", 1) for line in (work / "outbox.txt").read_text().splitlines() if line]
    by_status = collections.Counter(status for _, status in outbox)
    received = collections.Counter()
    for path in (work / "mail").glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        received[str(message["Message-ID"]).strip()] += 1
    sent = {message_id for message_id, status in outbox if status == "sent"}
    pending = {message_id for message_id, status in outbox if status == "pending"}
    created = {message_id for message_id, _ in outbox}
    # Lost: marked sent but never received. Still pending when the drain ended is not
    # lost (the outbox keeps it) but is reported: the worker did not keep up.
    lost = sent - set(received)
    drain = (work / "drain.txt").read_text().strip() if (work / "drain.txt").exists() else ""
    twice = [m for m, n in received.items() if n > 1]
    print(f"emails created: {len(created)} ({dict(by_status)}); received: {sum(received.values())}"
          f" ({len(received)} distinct); lost (sent, never received): {len(lost)};"
          f" received twice: {len(twice)}; registrations: {load['registrations']}; {drain}")
    if lost or by_status.get("failed"):
        failures.append(f"{len(lost)} emails lost, {by_status.get('failed', 0)} failed")
    if pending:
        failures.append(f"{len(pending)} emails still pending after the drain")

    samples = collections.defaultdict(list)
    threads = collections.defaultdict(list)
    huge = collections.defaultdict(list)
    with open(work / "memory.csv") as f:
        for row in csv.reader(f):
            at, name, rss, count = row[:4]
            if int(rss) > 0:
                samples[name].append((int(at), int(rss) / 1024))
                threads[name].append(int(count))
                huge[name].append(int(row[6]) / 1024 if len(row) > 6 else 0)
    for name, points in sorted(samples.items()):
        tenth = min(points, key=lambda p: abs(p[0] - 600))[1]
        last = [mb for at, mb in points if at >= duration - 600]
        mean = sum(last) / len(last) if last else float("nan")
        drift = (mean - tenth) / tenth * 100
        verdict = "flat" if abs(drift) <= 5 else "NOT flat"
        print(f"memory {name}: {tenth:.0f} MB at 10 min, {mean:.0f} MB over the last 10 min"
              f" ({drift:+.1f} %), peak {max(mb for _, mb in points):.0f} MB,"
              f" threads {min(threads[name])} to {max(threads[name])},"
              f" huge pages up to {max(huge[name]):.0f} MB: {verdict}")
        if duration >= 1200 and abs(drift) > 5:
            failures.append(f"{name} memory grew {drift:+.1f} %")
    if failures:
        print("FAILED: " + "; ".join(failures))
        return 1
    print("passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
