"""The Dutch catalogue is complete and up to date with the source."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"
SOURCE_DIRS = [
    "sponsorship",
    "groups",
    "newcomers",
    "housing",
    "training",
    "matching",
    "sponsorships",
    "templates",
]


def parse_po(path: Path) -> list[dict]:
    """Minimal .po reader: entries with msgid, msgid_plural, msgstr[*] and flags."""
    entries, entry, key = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry is not None:
                entries.append(entry)
            entry, key = None, None
            continue
        entry = entry if entry is not None else {"flags": "", "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"] += line
        elif line.startswith("#"):
            continue
        elif m := re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[(\d+)\])?) "(.*)"$', line):
            key = m.group(1)
            entry.setdefault("texts", {})[key] = m.group(3)
        elif line.startswith('"') and key:
            entry["texts"][key] += line[1:-1]
    return [e for e in entries if "texts" in e]


def _untranslated(entries):
    missing = []
    for entry in entries:
        texts = entry["texts"]
        if texts.get("msgid", "") == "":
            continue  # header
        translations = [v for k, v in texts.items() if k.startswith("msgstr")]
        if "fuzzy" in entry["flags"] or not all(translations):
            missing.append(texts["msgid"])
    return missing


def test_dutch_catalogue_has_no_untranslated_or_fuzzy_entries():
    missing = _untranslated(parse_po(PO))
    assert not missing, f"{len(missing)} untranslated Dutch strings, e.g. {missing[:10]}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is not installed")
def test_dutch_catalogue_is_up_to_date(tmp_path):
    """makemessages on a copy of the source finds no string the catalogue lacks."""
    for name in SOURCE_DIRS + ["manage.py"]:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, tmp_path / name)
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "nl", "--no-obsolete"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=300,
    )
    fresh = {e["texts"]["msgid"] for e in parse_po(tmp_path / PO.relative_to(ROOT))}
    committed = {e["texts"]["msgid"] for e in parse_po(PO)}
    new = sorted(fresh - committed)
    assert not new, f"run `make messages` and translate: {new[:10]}"


def test_dutch_is_the_default_language_of_the_portal(client, settings):
    settings.LANGUAGE_CODE = "nl"
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response["Content-Language"] == "nl"
    assert "Inloggen" in response.content.decode()


def test_language_switch_turns_the_page_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response["Content-Language"] == "en"
    assert "Log in" in response.content.decode()
