"""List every record whose states contradict each other; exit 1 when there is any.

The rules are each app's ``INVARIANTS`` (see sponsorship/integrity.py and
docs/integrity.md). Output names records by model and id with codes only, never personal
data. ``--json`` gives the same as one JSON object for scripts and monitoring.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from sponsorship import integrity


class Command(BaseCommand):
    help = "List records whose states contradict each other; exit 1 when there is any."

    def add_arguments(self, parser):
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Write one JSON object."
        )
        parser.add_argument(
            "--code",
            action="append",
            dest="codes",
            metavar="CODE",
            help="Check only this invariant (repeatable).",
        )
        parser.add_argument(
            "--list",
            action="store_true",
            dest="list_only",
            help="List the invariants without checking them.",
        )

    def handle(self, *args, as_json=False, codes=None, list_only=False, **options):
        if list_only:
            for invariant in integrity.invariants():
                self.stdout.write(f"{invariant.code}: {invariant.description}")
            return
        try:
            results = integrity.run(codes)
        except KeyError as exc:
            raise CommandError(f"Unknown invariant: {exc.args[0]}") from exc
        broken = [(invariant, found) for invariant, found in results if found]
        count = sum(len(found) for _, found in broken)
        if as_json:
            self._write_json(results, count)
        else:
            self._write_text(results, broken, count)
        if count:
            raise CommandError(
                f"{count} contradiction(s) in {len(broken)} of {len(results)} invariants.",
                returncode=1,
            )

    def _write_text(self, results, broken, count) -> None:
        for invariant, found in broken:
            self.stdout.write(f"{invariant.code}: {invariant.description}")
            for offence in found:
                self.stdout.write(f"  {offence}")
        if not count:
            self.stdout.write(
                self.style.SUCCESS(f"No contradictions ({len(results)} invariants checked).")
            )

    def _write_json(self, results, count) -> None:
        payload = {
            "invariants_checked": len(results),
            "contradictions": count,
            "offences": [
                {
                    "code": invariant.code,
                    "description": invariant.description,
                    "model": offence.label,
                    "pk": offence.pk,
                    "detail": offence.detail,
                }
                for invariant, found in results
                for offence in found
            ],
        }
        self.stdout.write(json.dumps(payload, indent=2))
