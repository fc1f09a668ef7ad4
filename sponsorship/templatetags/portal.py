from django import template
from django.forms import BaseForm, BaseFormSet
from django.utils.html import format_html

register = template.Library()


def _sort_state(context, key: str) -> tuple[str, str]:
    """(aria-sort state, href that sorts by ``key``, toggling the direction)."""
    current = context.get("sort", "")
    base = context.get("query_without_sort", "")
    target = f"-{key}" if current == key else key
    state = "ascending" if current == key else "descending" if current == f"-{key}" else "none"
    href = f"?{base}&sort={target}" if base else f"?sort={target}"
    return state, href


def _sort_anchor(href: str, label: str, state: str):
    # The arrow is decoration: the header's aria-sort tells assistive technology.
    arrow = {"ascending": "▲", "descending": "▼", "none": ""}[state]
    if not arrow:
        return format_html('<a href="{}">{}</a>', href, label)
    return format_html('<a href="{}">{} <span aria-hidden="true">{}</span></a>', href, label, arrow)


@register.simple_tag(takes_context=True)
def sort_header(context, key: str, label: str, css_class: str = ""):
    """A sortable column header: ``<th>`` with the sort link inside. aria-sort belongs on
    the header cell (ARIA allows it on columnheader only) and only on the sorted column."""
    state, href = _sort_state(context, key)
    sort_attr = format_html(' aria-sort="{}"', state) if state != "none" else ""
    class_attr = format_html(' class="{}"', css_class) if css_class else ""
    return format_html(
        '<th scope="col"{}{}>{}</th>', class_attr, sort_attr, _sort_anchor(href, label, state)
    )


@register.simple_tag(takes_context=True)
def sort_link(context, key: str, label: str):
    """Only the link, for a header cell written by hand; prefer ``sort_header``, which also
    marks the sorted column for screen readers."""
    state, href = _sort_state(context, key)
    return _sort_anchor(href, label, state)


# --- form errors: one summary per form, announced and focused ----------------------------


def _forms_of(form):
    if isinstance(form, BaseFormSet):
        return list(form.forms)
    return [form] if isinstance(form, BaseForm) else []


def error_items(form) -> list[dict]:
    """Every error of a form or formset, in page order: ``href`` (the field's id, None for
    errors not tied to a visible field), ``label`` and ``message``."""
    items = []
    if isinstance(form, BaseFormSet):
        items += [{"href": None, "label": "", "message": e} for e in form.non_form_errors()]
    for each in _forms_of(form):
        if not each.is_bound:
            continue
        items += [{"href": None, "label": "", "message": e} for e in each.non_field_errors()]
        for field in each:
            for message in field.errors:
                if field.is_hidden:
                    items.append({"href": None, "label": "", "message": message})
                else:
                    items.append(
                        {"href": f"#{field.id_for_label}", "label": field.label, "message": message}
                    )
    return items


@register.inclusion_tag("fragments/error_summary.html")
def error_summary(form):
    """The list of a form's (or formset's) errors with links to the fields."""
    return {"items": error_items(form)}


def has_errors(value) -> bool:
    if isinstance(value, BaseFormSet):
        return value.is_bound and (value.total_error_count() > 0)
    return isinstance(value, BaseForm) and value.is_bound and bool(value.errors)


@register.simple_tag(takes_context=True)
def page_has_form_errors(context) -> bool:
    """Whether any form in the page's context has errors (the title then says so, WCAG
    3.3.1): looked up in the context so no view has to pass a flag."""
    return any(has_errors(value) for value in context.flatten().values())
