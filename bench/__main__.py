"""`python -m bench` runs every benchmark; `python -m bench matching [args]` runs one."""

from __future__ import annotations

import importlib
import sys

# name -> module with a `main(argv: list[str]) -> int`
BENCHMARKS = {"matching": "bench.matching", "reminders": "bench.reminders"}


def main(argv: list[str]) -> int:
    if argv and argv[0] in ("-h", "--help"):
        print(f"usage: python -m bench [{'|'.join(BENCHMARKS)}] [options]")
        return 0
    if argv and not argv[0].startswith("-"):
        name, rest = argv[0], argv[1:]
        if name not in BENCHMARKS:
            print(f"unknown benchmark {name!r}; known: {', '.join(BENCHMARKS)}", file=sys.stderr)
            return 2
        return importlib.import_module(BENCHMARKS[name]).main(rest)
    return max(importlib.import_module(module).main(argv) for module in BENCHMARKS.values())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
