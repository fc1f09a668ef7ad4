"""Accessibility of the shared markup, without a browser: sortable headers, the error summary
and page title, references between ids, the language switcher, the empty choice in Dutch."""

from html.parser import HTMLParser

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from sponsorship.models import Municipality
from tests.groups.test_groups_application import (
    CAPACITY,
    GROUP,
    _step,
    member,
    members_post,
    token_from,
)

pytestmark = pytest.mark.django_db


class Markup(HTMLParser):
    """Ids, id references and elements of a page."""

    REFS = ("aria-describedby", "aria-labelledby", "aria-controls", "for")

    def __init__(self, html: str):
        super().__init__()
        self.ids, self.refs, self.elements = set(), [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in self.REFS:
            for ref in (attrs.get(name) or "").split():
                self.refs.append((tag, name, ref))

    def dangling(self) -> list:
        return [r for r in self.refs if r[2] not in self.ids]

    def find(self, tag, **match) -> list[dict]:
        return [
            a
            for t, a in self.elements
            if t == tag and all(a.get(k.replace("_", "-")) == v for k, v in match.items())
        ]


def test_sorted_column_header_carries_aria_sort_and_the_link_does_not(coordinator, client_for):
    html = client_for(coordinator).get(reverse("groups:list"), {"sort": "-name"}).content
    page = Markup(html.decode())
    sorted_headers = [a for t, a in page.elements if t == "th" and "aria-sort" in a]
    assert sorted_headers == [{"scope": "col", "aria-sort": "descending"}]
    assert not [a for t, a in page.elements if t == "a" and "aria-sort" in a]


def test_sort_header_marks_only_the_sorted_column():
    template = Template(
        '{% load portal %}{% sort_header "name" "Name" %}{% sort_header "town" "Town" %}'
    )
    html = template.render(Context({"sort": "name", "query_without_sort": "status=new"}))
    assert html.startswith(
        '<th scope="col" aria-sort="ascending"><a href="?status=new&amp;sort=-name">Name '
    )
    assert '<th scope="col"><a href="?status=new&amp;sort=town">Town</a></th>' in html


def _error_summary_links(page: Markup) -> list[str]:
    return [
        a["href"] for t, a in page.elements if t == "a" and a.get("href", "").startswith("#id_")
    ]


def test_group_step_with_errors_has_a_summary_linking_to_each_field(client, programme, town):
    url = reverse("groups:apply_start", args=[programme.slug, town.pk])
    response = client.post(url, {**GROUP, "name": "", "email": "not-an-address"})
    html = response.content.decode()
    page = Markup(html)
    summary = page.find("div", role="alert", tabindex="-1")
    assert summary and "data-error-summary" in summary[0]
    assert _error_summary_links(page) == ["#id_name", "#id_email"]
    assert {"#id_name", "#id_email"} <= {f"#{i}" for i in page.ids}
    assert page.dangling() == []
    assert "<title>Error: " in html


def test_every_application_step_with_errors_references_only_existing_ids(client, programme, town):
    start = reverse("groups:apply_start", args=[programme.slug, town.pk])
    response = client.post(start, GROUP)
    assert response.status_code == 302
    token = token_from(response)
    problems = {}
    # A browser always sends a field (the CSRF token); an empty POST is an unbound form.
    blank = {"website": ""}
    pages = {
        "group: errors": client.post(_step(token, "group"), blank),
        "group: filled": client.get(_step(token, "group")),
        "members: errors": client.post(
            _step(token, "members"), members_post([member(0, email="bad")])
        ),
    }
    assert (
        client.post(
            _step(token, "members"), members_post([member(i) for i in range(3)])
        ).status_code
        == 302
    )
    pages["capacity: errors"] = client.post(_step(token, "capacity"), blank)
    assert client.post(_step(token, "capacity"), CAPACITY).status_code == 302
    pages["consent"] = client.get(_step(token, "consent"))
    pages["consent: errors"] = client.post(_step(token, "consent"), blank)
    for name, response in pages.items():
        page = Markup(response.content.decode())
        if page.dangling():
            problems[name] = page.dangling()
        if "errors" in name and not page.find("div", role="alert"):
            problems[name] = "no error summary"
    assert not problems


def test_a_page_without_errors_keeps_its_title(client, programme, town):
    html = client.get(reverse("groups:apply_start", args=[programme.slug, town.pk])).content
    assert b"<title>Error" not in html
    assert b"data-error-summary" not in html


def test_error_prefix_in_the_title_is_translated(client, programme, town, settings):
    url = reverse("groups:apply_start", args=[programme.slug, town.pk])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    html = client.post(url, {"website": ""}).content.decode()
    with translation.override("nl"):
        prefix = translation.gettext("Error:")
    assert f"<title>{prefix} " in html


def test_language_switcher_names_each_language_in_its_own_language(client):
    page = Markup(client.get(reverse("account_login")).content.decode())
    options = [a for t, a in page.elements if t == "option" and a.get("value") in ("nl", "en")]
    assert [(o["value"], o.get("lang")) for o in options] == [("nl", "nl"), ("en", "en")]


class _Optional(forms.Form):
    town = forms.ModelChoiceField(Municipality.objects.all(), required=False)
    kind = forms.TypedChoiceField(choices=[("a", "A")], required=False)


def test_the_empty_choice_is_translated_on_dutch_pages(town):
    from django.db.models.utils import get_blank_choice_label

    with translation.override("nl"):
        label = str(get_blank_choice_label())
        html = str(_Optional()["town"])
    assert label != "- Select an option -", "no Dutch for Django 6.1's empty choice"
    assert f'<option value="" selected>{label}</option>' in html
