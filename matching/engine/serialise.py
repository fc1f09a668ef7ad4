"""JSON round trip of a `Snapshot`, driven by the dataclass type hints.

Sets become sorted lists and dates ISO strings, with sorted keys and no whitespace
variation, so the same snapshot always serialises to the same text (hashable, diffable).
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import date

from . import model


def _encode(value):
    if dataclasses.is_dataclass(value):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, frozenset | set):
        return sorted((_encode(item) for item in value), key=_sort_key)
    if isinstance(value, tuple | list):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _encode(item) for key, item in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    return value


def _sort_key(item):
    # Mixed int/str never occurs within one set; lists (pairs) compare element-wise.
    return (str(type(item)), item)


def _decode(hint, value):
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if value is None:
        return None
    if origin in (typing.Union, types.UnionType):
        return _decode(next(arg for arg in args if arg is not type(None)), value)
    if dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint, vars(model))
        return hint(**{key: _decode(hints[key], item) for key, item in value.items()})
    if origin is frozenset:
        return frozenset(_decode(args[0], item) for item in value)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], item) for item in value)
        return tuple(_decode(arg, item) for arg, item in zip(args, value, strict=True))
    if origin is dict:
        return {_decode(args[0], key): _decode(args[1], item) for key, item in value.items()}
    if hint is date:
        return date.fromisoformat(value)
    if hint in (int, float, str, bool):
        return hint(value)
    raise TypeError(f"cannot decode {hint!r}")


def snapshot_to_json(snapshot: model.Snapshot) -> str:
    return json.dumps(_encode(snapshot), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def snapshot_from_json(text: str) -> model.Snapshot:
    return _decode(model.Snapshot, json.loads(text))
