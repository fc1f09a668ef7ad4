"""The app map (docs/architecture.md): sponsorships sits on top, nothing below imports it.

Every module of the lower apps is parsed, imports inside functions included, and dotted
paths handed to ``import_string`` count as imports too. The project's wiring, which names
every app by design (``INSTALLED_APPS``, the root URLconf's ``include``), is not an import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOWER = ("sponsorship", "groups", "newcomers", "housing", "training", "matching")


def _imports_of(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "import_string":
            yield from (a.value for a in node.args if isinstance(a, ast.Constant))


def _offenders(app: str) -> list[str]:
    found = []
    for path in sorted((ROOT / app).rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for name in _imports_of(tree):
            if name == "sponsorships" or name.startswith("sponsorships."):
                found.append(f"{path.relative_to(ROOT)}: {name}")
    return found


@pytest.mark.parametrize("app", LOWER)
def test_no_lower_app_imports_sponsorships(app):
    assert _offenders(app) == []


def test_the_check_sees_an_import_inside_a_function(tmp_path):
    tree = ast.parse(
        "def f():\n    from sponsorships.services import start_sponsorship\n"
        "    return import_string('sponsorships.plan_models.Domain')\n"
    )
    assert sorted(_imports_of(tree)) == ["sponsorships.plan_models.Domain", "sponsorships.services"]
    assert _offenders("sponsorships")  # the app itself does import itself
