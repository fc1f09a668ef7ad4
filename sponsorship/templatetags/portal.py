from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_link(context, key: str, label: str):
    """A column header that sorts by ``key`` and toggles direction; marks aria-sort."""
    current = context.get("sort", "")
    base = context.get("query_without_sort", "")
    descending = current == key
    target = f"-{key}" if descending else key
    state = "ascending" if current == key else "descending" if current == f"-{key}" else "none"
    arrow = {"ascending": " ▲", "descending": " ▼", "none": ""}[state]
    href = f"?{base}&sort={target}" if base else f"?sort={target}"
    return format_html('<a href="{}" aria-sort="{}">{}{}</a>', href, state, label, arrow)
