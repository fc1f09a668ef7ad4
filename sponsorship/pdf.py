"""The one WeasyPrint helper: render a Django template to PDF bytes.

Templates extend ``pdf/base.html`` (A4, DejaVu Sans, which has Latin, Cyrillic and Arabic
glyphs). Rendering never fetches anything over the network or from disk: only ``data:``
URLs are allowed, so user-supplied text cannot make the server load a URL (SSRF) and a
document renders the same on every machine.

Every PDF is tagged (PDF/UA-1: a structure tree of headings, paragraphs and tables that
screen readers follow) and carries its title (the template's ``<title>``) and language
(``<html lang>``), so a reader announces it in the right voice.
"""

from __future__ import annotations

from contextlib import nullcontext

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

PDF_CONTENT_TYPE = "application/pdf"
PDF_VARIANT = "pdf/ua-1"


def render_pdf(template_name: str, context: dict, *, language: str | None = None) -> bytes:
    """``template_name`` rendered with ``context`` (in ``language`` if given) as a PDF."""
    # Imported here: loading WeasyPrint costs time and log lines in every process otherwise.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    with translation.override(language) if language else nullcontext():
        html = render_to_string(template_name, context)
    fetcher = URLFetcher(allowed_protocols={"data"}, timeout=2)
    document = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher)
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """A Content-Disposition header value for a PDF download (ASCII-safe name)."""
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "-" for ch in filename)
    return f'{"inline" if inline else "attachment"}; filename="{safe}"'
