"""Move untranslated Dutch strings out to JSON and translations back into the catalogue.

    python scripts/po_tool.py export --chunks 4 --out .local/i18n     # chunk-N.json to translate
    python scripts/po_tool.py import .local/i18n/done-*.json           # merge translations

A chunk is a list of {"key", "msgid", "msgid_plural", "msgctxt", "where"}; a translation
file maps "key" to a string, or to [singular, plural] for plural entries.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def _key(entry) -> str:
    return f"{entry.msgctxt or ''}\x04{entry.msgid}"


def _open_entries(po):
    return [e for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]


def export(chunks: int, out: Path) -> None:
    po = polib.pofile(str(PO))
    entries = _open_entries(po)
    out.mkdir(parents=True, exist_ok=True)
    size = -(-len(entries) // chunks) if entries else 0
    for n in range(chunks):
        part = entries[n * size : (n + 1) * size]
        items = [
            {
                "key": _key(e),
                "msgid": e.msgid,
                "msgid_plural": e.msgid_plural or None,
                "msgctxt": e.msgctxt,
                "where": [f"{f}:{line}" for f, line in e.occurrences[:2]],
            }
            for e in part
        ]
        (out / f"chunk-{n + 1}.json").write_text(json.dumps(items, ensure_ascii=False, indent=1))
    print(f"{len(entries)} open entries in {chunks} chunks under {out}")


def merge(files: list[Path]) -> None:
    po = polib.pofile(str(PO))
    by_key = {_key(e): e for e in po}
    done = 0
    for path in files:
        for key, text in json.loads(path.read_text()).items():
            entry = by_key.get(key)
            if entry is None:
                continue
            if entry.msgid_plural:
                singular, plural = text if isinstance(text, list) else (text, text)
                entry.msgstr_plural = {0: singular, 1: plural}
            else:
                entry.msgstr = text if isinstance(text, str) else text[0]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            done += 1
    po.save(str(PO))
    print(f"merged {done} translations; {len(_open_entries(po))} still open")


def main(argv) -> int:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    e = sub.add_parser("export")
    e.add_argument("--chunks", type=int, default=1)
    e.add_argument("--out", type=Path, default=Path(".local/i18n"))
    i = sub.add_parser("import")
    i.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    if args.command == "export":
        export(args.chunks, args.out)
    else:
        merge(args.files)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
