"""Format versions: where a version 1 file uses what only version 2 has, and walking the models.

A field made with `fields.new_in_2`, or a condition or effect kind whose `since` is 2, needs
`schema_version: 2`; in a version 1 file each use is an error at its key, telling the author
to set the version (or run `truce scenario upgrade`).
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from game.scenario.checks import Finding
from game.scenario.fields import SINCE
from game.scenario.format import ScenarioModel

Path = tuple[Any, ...]


def strip(tp: Any) -> Any:
    """The type under Annotated[...] and Optional[...]."""
    while True:
        if get_origin(tp) is not None and hasattr(tp, "__metadata__"):
            tp = get_args(tp)[0]
        elif is_union(tp) and sum(a is not type(None) for a in get_args(tp)) == 1:
            tp = next(a for a in get_args(tp) if a is not type(None))
        else:
            return tp


def is_union(tp: Any) -> bool:
    """Whether an annotation is a union (X | Y)."""
    return get_origin(tp) in (Union, types.UnionType)


def tags(tp: Any) -> dict[str, Any] | None:
    """Discriminated union members by their `kind` tag, or None if tp is not one."""
    if not is_union(tp):
        return None
    members = {}
    for member in get_args(tp):
        kind = getattr(member, "model_fields", {}).get("kind")
        if kind is not None and get_origin(kind.annotation) is Literal:
            members[get_args(kind.annotation)[0]] = member
    return members


def child(tp: Any, key: Any) -> Any:
    """The annotation of a model's field, a list's items or a mapping's values."""
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        info = tp.model_fields.get(key) if isinstance(key, str) else None
        return info.annotation if info else None
    if get_origin(tp) is list:
        return get_args(tp)[0]
    if get_origin(tp) is dict:
        return get_args(tp)[1]
    return None


def since(info: Any) -> int:
    """The format version that introduced a model field."""
    extra = info.json_schema_extra
    return extra.get(SINCE, 1) if isinstance(extra, dict) else 1


def _needs(what: str) -> str:
    return (f"{what} is new in format 2: set schema_version: 2 (this file says 1; "
            "`truce scenario upgrade FILE` does it)")


def _walk(tp: Any, data: Any, path: Path) -> Iterator[Finding]:
    tp = strip(tp)
    members = tags(tp)
    if members is not None:
        if isinstance(data, dict) and data.get("kind") in members:
            member = members[data["kind"]]
            if getattr(member, "since", 1) > 1:
                yield Finding((*path, "kind"), "error", _needs(f"kind '{data['kind']}'"),
                              "version")
                return
            yield from _walk(member, data, path)
        return
    if isinstance(tp, type) and issubclass(tp, BaseModel) and isinstance(data, dict):
        for key, value in data.items():
            info = tp.model_fields.get(key) if isinstance(key, str) else None
            if info is None:
                continue
            if since(info) > 1:
                yield Finding((*path, key), "error", _needs(f"'{key}'"), "version", at_key=True)
                continue
            yield from _walk(info.annotation, value, (*path, key))
    elif get_origin(tp) is list and isinstance(data, list):
        for i, item in enumerate(data):
            yield from _walk(get_args(tp)[0], item, (*path, i))
    elif get_origin(tp) is dict and isinstance(data, dict):
        for key, value in data.items():
            yield from _walk(get_args(tp)[1], value, (*path, key))


def newer(data: Any) -> list[Finding]:
    """Uses of version 2 fields and kinds in a file that says `schema_version: 1`."""
    if not isinstance(data, dict) or data.get("schema_version") != 1 \
            or type(data.get("schema_version")) is not int:
        return []
    return list(_walk(ScenarioModel, data, ()))
