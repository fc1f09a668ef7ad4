"""Malformed input is the client's error (400), never the server's (500).

``InputGuardMiddleware`` refuses, before any view or query runs, what no page of the
portal can use: a NUL character (PostgreSQL refuses NUL in text, so it would surface as
a 500 wherever a value reaches a query) and bytes that are not UTF-8, in the path, the
query string and form fields. ``parse_int`` is the one way views read an integer from
request data: ``str.isdigit`` accepts "²" and "١", which ``int()`` then refuses or reads.
"""

from __future__ import annotations

import logging
from urllib.parse import unquote_to_bytes

from django.core.exceptions import BadRequest
from django.http.multipartparser import MultiPartParserError
from django.views.defaults import bad_request

logger = logging.getLogger("sponsorship.input_guard")

# Primary keys are bigint (DEFAULT_AUTO_FIELD = BigAutoField); beyond is no row of ours.
MAX_ID = 2**63 - 1
MAX_DIGITS = len(str(MAX_ID))


def parse_int(value, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """``value`` as an int if it is plain ASCII decimal digits within bounds, else None."""
    if not isinstance(value, str) or not value.isascii() or not value.isdecimal():
        return None
    if len(value) > MAX_DIGITS:
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None


def _raw_bytes(text: str) -> bytes:
    # WSGI hands PATH_INFO and QUERY_STRING over as latin-1 decoded bytes; ASGI as text.
    try:
        return text.encode("iso-8859-1")
    except UnicodeEncodeError:
        return text.encode("utf-8")


def _bytes_problem(decoded: bytes, where: str) -> str | None:
    """Why these (percent-decoded) bytes cannot be used as text, or None."""
    if b"\x00" in decoded:
        return f"NUL character in {where}"
    try:
        decoded.decode("utf-8")
    except UnicodeDecodeError:
        return f"not UTF-8 in {where}"
    return None


def _form_encoded_problem(raw: bytes) -> str | None:
    """Why an application/x-www-form-urlencoded string (query or body) is unusable."""
    return _bytes_problem(unquote_to_bytes(raw.replace(b"+", b" ")), "request parameters")


def _path_problem(request) -> str | None:
    if "\x00" in request.path_info:
        return "NUL character in the path"
    raw = unquote_to_bytes(_raw_bytes(request.META.get("PATH_INFO", "")))
    return _bytes_problem(raw, "the path")


def _body_problem(request) -> str | None:
    content_type = request.content_type or ""
    if content_type == "application/x-www-form-urlencoded":
        # Django reads the same bytes into request.POST later (size-limited there too).
        return _form_encoded_problem(request.body)
    if content_type == "multipart/form-data":
        try:
            fields = request.POST
        except MultiPartParserError:
            return "malformed multipart body"
        # Field values only: uploaded files are data for their importer to judge.
        for key, values in fields.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return "NUL character in a form field"
    return None


def request_problem(request) -> str | None:
    """Why the request's path, query string or form fields cannot be used, or None."""
    problem = _path_problem(request) or _form_encoded_problem(
        _raw_bytes(request.META.get("QUERY_STRING", ""))
    )
    if problem is None and request.method == "POST":
        problem = _body_problem(request)
    return problem


class InputGuardMiddleware:
    """Answer 400 for NUL characters or non-UTF-8 bytes in path, query or form fields."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = request_problem(request)
        if problem:
            # One line, no traceback: a scanner sending NUL everywhere must not flood the log.
            logger.warning("400 %s: %r", problem, request.path[:200])
            return bad_request(request, BadRequest(problem))
        return self.get_response(request)
