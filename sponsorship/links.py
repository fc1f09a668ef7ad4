"""Absolute links for what leaves the portal: e-mails, PDFs, calendar files.

Every one is built here from ``SITE_URL``, never from a request (a background worker has
none) and never by hand. ``SITE_URL`` defaults to the local server on ``PORT``
(settings.py), and ``make run`` sets it from the port it serves on, so links in e-mails
reach the portal that sent them.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.urls import reverse


def absolute_url(path: str) -> str:
    """``path`` (a ``reverse()`` result) on SITE_URL; an absolute URL or "" is kept."""
    if not path.startswith("/"):
        return path
    return settings.SITE_URL.rstrip("/") + path


def absolute_reverse(viewname: str, *args) -> str:
    """``reverse(viewname, args)`` as an absolute URL on SITE_URL."""
    return absolute_url(reverse(viewname, args=args or None))


def on_site(url: str) -> str:
    """A link built from a request (allauth builds them from the Host header) moved onto
    SITE_URL: a password-reset link must never point at a host a request named."""
    parts = urlsplit(url)
    path = urlunsplit(("", "", parts.path, parts.query, parts.fragment))
    return absolute_url(path) if path.startswith("/") else url


def site_host() -> str:
    """The host name of SITE_URL, for identifiers (Message-ID, calendar UID)."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


# The portal's name in e-mails (allauth's templates greet with it).
SITE_NAME = "Samen Hier"


def site() -> dict:
    """What e-mail templates call ``current_site``: the name and SITE_URL's host."""
    return {"name": SITE_NAME, "domain": site_host()}
