"""A password hasher for the test suite only.

The production PBKDF2 hasher costs 1.5 million iterations (~0.4 s a hash on CI), paid for
every user a test creates and every login; over the suite that was a third of its time.
This one is the same algorithm with few iterations: the hash it stores
(``pbkdf2_sha256$1000$…``) names its own iteration count, so the production hasher in a
subprocess (a Celery worker, ``manage.py``) verifies it unchanged.
"""

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class QuickPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    iterations = 1000
