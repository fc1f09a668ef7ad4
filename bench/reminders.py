"""Reminder benchmark: 100,000 candidate reminders through the real run, twice.

The first run inserts every notification (batched ``INSERT ... ON CONFLICT DO NOTHING``),
the second must insert none (the exactly-once key). Runs against DATABASE_URL (migrated),
creates its own users and removes them afterwards. Results replace the section between
the markers in docs/benchmarks.md.

    python -m bench reminders [--users 1000 --keys 100 --no-write]
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench:reminders:start -->", "<!-- bench:reminders:end -->"
TARGET_S = 60.0
PREFIX = "bench-reminders-"


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sponsorship.settings")
    import django

    django.setup()


def measure(users: int, keys: int) -> dict:
    from django.contrib.auth.hashers import make_password

    from sponsorship import reminders
    from sponsorship.models import User
    from sponsorship.notifications import Candidate, Notification

    User.objects.filter(email__startswith=PREFIX).delete()
    password = make_password(None)
    ids = [
        u.pk
        for u in User.objects.bulk_create(
            User(email=f"{PREFIX}{i}@example.org", password=password) for i in range(users)
        )
    ]

    def rule(today):
        for user_id in ids:
            for k in range(keys):
                yield Candidate(user_id, f"bench:{k}:{today}", "bench", f"Reminder {k}")

    try:
        timings = []
        for _ in range(2):
            start = time.perf_counter()
            result = reminders.run(date(2027, 1, 4), {"bench": rule})
            timings.append((time.perf_counter() - start, result.candidates, result.created))
        stored = Notification.objects.filter(user_id__in=ids).count()
    finally:
        Notification.objects.filter(user_id__in=ids).delete()
        User.objects.filter(pk__in=ids).delete()
    return {
        "users": users,
        "keys": keys,
        "runs": timings,
        "stored": stored,
        "batch": reminders.BATCH_SIZE,
    }


def _section(r: dict) -> str:
    (t1, c1, n1), (t2, c2, n2) = r["runs"]
    ok = t1 < TARGET_S and t2 < TARGET_S and n2 == 0 and r["stored"] == c1
    return f"""{START}
## Reminders (exactly-once notifications)

`python -m bench reminders` — {r["users"]:,} users × {r["keys"]} reminders = {c1:,} candidates,
batches of {r["batch"]:,}, `INSERT ... ON CONFLICT (user_id, key) DO NOTHING RETURNING id`
with one array parameter per column. Target: each run under {TARGET_S:.0f} s; the second run
inserts nothing.

| run | candidates | inserted | seconds | candidates/s |
|---|---:|---:|---:|---:|
| first | {c1:,} | {n1:,} | {t1:.2f} | {c1 / t1:,.0f} |
| second (repeat) | {c2:,} | {n2:,} | {t2:.2f} | {c2 / t2:,.0f} |

Rows stored afterwards: {r["stored"]:,} (one per user and key).
Result: **{"pass" if ok else "FAIL"}**.
Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.processor() or platform.machine()},
Python {platform.python_version()}, PostgreSQL on the same machine.
{END}"""


def write_report(section: str, path: Path = REPORT) -> None:
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        text = before + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    path.write_text(text)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench reminders")
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--keys", type=int, default=100)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    _setup_django()
    result = measure(args.users, args.keys)
    section = _section(result)
    print(section)
    if not args.no_write:
        write_report(section)
        print(f"written to {REPORT.relative_to(ROOT)}")
    (t1, _c, _n), (t2, _c2, n2) = result["runs"]
    return 0 if t1 < TARGET_S and t2 < TARGET_S and n2 == 0 else 1
