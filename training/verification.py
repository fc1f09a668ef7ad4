"""Verification codes on certificates: an HMAC over what the certificate states.

The code is derived with the server's SECRET_KEY from the completion's id, the holder's
name, the module and the date, so nobody without the key can make a code for another
name or date; the public page looks the code up *and* recomputes it, so a code whose
record was altered afterwards fails too.
"""

from __future__ import annotations

import base64

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "training.certificate"
GROUP = 4


def _payload(completion) -> str:
    return "|".join(
        [
            str(completion.pk),
            completion.holder_name,
            completion.module.code,
            str(completion.module.programme_id),
            completion.completed_on.isoformat(),
        ]
    )


def _code(completion, secret: str) -> str:
    digest = salted_hmac(SALT, _payload(completion), secret=secret, algorithm="sha256").digest()
    text = base64.b32encode(digest[:15]).decode()  # 120 bits, 24 characters
    return "-".join(text[i : i + GROUP] for i in range(0, len(text), GROUP))


def make_code(completion) -> str:
    """The code for ``completion`` (its pk, holder_name and module must be set)."""
    return _code(completion, settings.SECRET_KEY)


def normalise(code: str) -> str:
    """Accept codes typed in lower case or without dashes and spaces."""
    text = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(text[i : i + GROUP] for i in range(0, len(text), GROUP))


def verify(code: str):
    """The confirmed completion this code certifies, or None (unknown or tampered)."""
    from training.models import Completion

    code = normalise(code)
    completion = (
        Completion.objects.confirmed()
        .select_related("module")
        .filter(verification_code=code)
        .first()
    )
    if completion is None:
        return None
    # Accept codes made before a key rotation (SECRET_KEY_FALLBACKS).
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    if any(constant_time_compare(_code(completion, s), code) for s in secrets):
        return completion
    return None


def initials(name: str) -> str:
    """ "Amal Haddad" -> "A. H.": the public page confirms a holder without naming them."""
    return " ".join(f"{part[0]}." for part in name.split() if part)
