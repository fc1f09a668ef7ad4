from django.core.management.base import BaseCommand

from sponsorship.demo import DEMO_ACCOUNTS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Print the demo accounts, their password and TOTP secrets."

    def handle(self, *args, **options):
        self.stdout.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD})")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.email:34} {account.description}")
            if account.totp_secret:
                code = f"import pyotp; print(pyotp.TOTP('{account.totp_secret}').now())"
                self.stdout.write(f"  {'':34} TOTP secret: {account.totp_secret}")
                hint = f'an authenticator app, or: .venv/bin/python -c "{code}"'
                self.stdout.write(f"  {'':34} ({hint})")
