import importlib
import random
import sys
from datetime import date

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sponsorship.demo import DemoContext
from sponsorship.models import Municipality

SEED = 20261126


class Command(BaseCommand):
    help = "Load deterministic demo data (towns, programmes, users per role, and every app's)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the database already has data."
        )
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="Pretend today is this date (YYYY-MM-DD).",
        )

    def handle(self, *args, if_empty=False, today=None, **options):
        if Municipality.objects.exists():
            if if_empty:
                self.stdout.write("Demo data already present; keeping it.")
                return
            raise CommandError("The database is not empty; seed_demo loads into an empty one.")
        ctx = DemoContext(rng=random.Random(SEED), today=today or date.today())
        with transaction.atomic():
            for config in apps.get_app_configs():
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                module.seed(ctx)
                self.stdout.write(f"  seeded {config.label}")
            # Second pass: ``seed_late(ctx)`` for data that needs every app's objects.
            for config in apps.get_app_configs():
                module = sys.modules.get(f"{config.name}.demo")
                if module is not None and hasattr(module, "seed_late"):
                    module.seed_late(ctx)
                    self.stdout.write(f"  seeded {config.label} (late)")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
