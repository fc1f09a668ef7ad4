"""Secret link tokens (an invitation, an application draft): the person holds the token,
the database only its SHA-256.

A database dump or a backup then opens no draft and creates no account. The token is 256
random bits, so a fast unsalted hash is enough: there is nothing to guess. The clear token
exists in the e-mail that carries it (its ``OutgoingMail`` row keeps it only until it is
sent, sponsorship/mail.py) and in the holder's browser.
"""

from __future__ import annotations

import hashlib
import secrets


def digest(token: str) -> str:
    """What the database stores and looks up for ``token`` (64 hex characters)."""
    return hashlib.sha256(token.encode()).hexdigest()


def new() -> tuple[str, str]:
    """A fresh token and its digest."""
    token = secrets.token_urlsafe(32)
    return token, digest(token)
