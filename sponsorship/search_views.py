"""The results page of the header search (sponsorship/search.py)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from sponsorship import search


def search_page(request):
    if not search.may_search(request.user):
        raise PermissionDenied
    terms, sections = search.search(request.user, request.GET.get("q", ""))
    return render(
        request,
        "sponsorship/search.html",
        {"q": terms.text, "searched": bool(terms.words), "sections": sections},
    )
