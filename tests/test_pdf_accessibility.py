"""Every PDF the portal serves is tagged (PDF/UA-1) and names its title and language."""

import io

import pypdf
import pytest
from django.conf import settings
from django.urls import reverse

from sponsorship.pdf import render_pdf
from tests.a11y import build_world
from tests.access import all_routes
from tests.conftest import login_client


def accessibility_facts(pdf: bytes) -> dict:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    return {
        "tagged": "/StructTreeRoot" in root and root.get("/MarkInfo", {}).get("/Marked"),
        "lang": str(root.get("/Lang", "")),
        "title": (reader.metadata or {}).get("/Title"),
        "shows_title": root.get("/ViewerPreferences", {}).get("/DisplayDocTitle"),
    }


@pytest.mark.django_db
def test_the_pdf_helper_tags_the_document_with_title_and_language():
    facts = accessibility_facts(
        render_pdf("training/pdf/attendance.html", {"session": None, "rows": []}, language="nl")
    )
    assert facts["tagged"] and facts["shows_title"]
    assert facts["lang"] == "nl"
    assert facts["title"] == "Presentielijst"


@pytest.fixture
def world(town, coordinator, municipal_officer, group_member, administrator, programme):
    return build_world(
        {
            "coordinator": coordinator,
            "municipal": municipal_officer,
            "member": group_member,
            "admin": administrator,
            "anonymous": None,
            "_town": town,
            "_programme": programme,
        }
    )


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_pdf_route_serves_a_tagged_pdf(world, language):
    failures, seen = [], set()
    for role in ("coordinator", "member", "municipal", "admin"):
        client = login_client(world.users[role])
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for name, route in sorted(all_routes().items()):
            if route.method != "get" or route.expect[role] != 200 or name in seen:
                continue
            url = reverse(name, kwargs=route.kwargs(world) if route.kwargs else None)
            response = client.get(url + route.query)
            if response.get("Content-Type") != "application/pdf":
                continue
            seen.add(name)
            facts = accessibility_facts(
                b"".join(response) if response.streaming else response.content
            )
            if not (facts["tagged"] and facts["lang"] and facts["title"]):
                failures.append(f"{name} as {role}: {facts}")
    assert len(seen) >= 3, f"expected the plan, attendance and dossier PDFs, found {seen}"
    assert not failures, "\n".join(failures)
