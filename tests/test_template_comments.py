"""A multi-line {# ... #} is not a comment in Django: its content renders (once, an
{% include %} inside it included its own template until the recursion limit)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "node_modules", ".local", "staticfiles"}


def test_no_template_has_a_multi_line_short_comment():
    offenders = []
    for path in ROOT.rglob("templates/**/*.html"):
        if SKIP & set(path.relative_to(ROOT).parts):
            continue
        for match in re.finditer(r"\{#(.*?)#\}", path.read_text(), re.S):
            if "\n" in match.group(1):
                offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)[:60]!r}")
    assert not offenders, "use {% comment %} for several lines:\n" + "\n".join(offenders)
