"""Frozen dataclasses to JSON-ready data and back, driven by their type hints.

Views and events travel to browsers, journals and other processes as JSON; `to_plain` turns a
dataclass (and the tuples, mappings and frozensets inside it) into dicts, lists and scalars,
and `from_plain(cls, data)` rebuilds an equal value, so `from_plain(C, to_plain(x)) == x`.
Mappings come back read-only. Malformed data raises `PlainError` (a ValueError) saying where.
"""

from __future__ import annotations

import copyreg
import dataclasses
import types
import typing
from collections.abc import Mapping
from functools import cache
from types import MappingProxyType
from typing import Any, Union


def read_only(mapping: dict) -> MappingProxyType:
    """A read-only view of a dict (what views and events hold; rebuilt this way by pickle)."""
    return MappingProxyType(mapping)


def _reduce_read_only(mapping: MappingProxyType) -> tuple:
    return read_only, (dict(mapping),)


# Views and events hold read-only mappings; states and events cross to worker processes by
# pickle, which cannot pickle a mappingproxy by itself: rebuild one from a plain copy.
copyreg.pickle(MappingProxyType, _reduce_read_only)


class PlainError(ValueError):
    """Data that does not match the shape of the value it should rebuild."""


ADDED = "added"  # field metadata: a field added with scenario format 2 (see `added`)


def added(default: Any = dataclasses.MISSING, *, default_factory: Any = dataclasses.MISSING,
          kw_only: bool = False) -> Any:
    """A dataclass field added with format 2: left out of plain and canonical forms while it
    holds its default, so what format 1 made serialises and hashes exactly as before."""
    return dataclasses.field(default=default, default_factory=default_factory, kw_only=kw_only,
                             metadata={ADDED: True})


def at_default(f: dataclasses.Field, value: Any) -> bool:
    """Whether an added field holds its default (so its plain and canonical forms omit it)."""
    if not f.metadata.get(ADDED):
        return False
    if f.default is not dataclasses.MISSING:
        return value == f.default
    return value == f.default_factory()  # type: ignore[misc]


def to_plain(value: Any) -> Any:
    """A JSON-ready form: dataclasses as dicts of their fields, tuples and sets as lists,
    mapping keys as strings (frozensets sorted, so equal values give equal output)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in _fields(type(value))
                if not at_default(f, getattr(value, f.name))}
    if isinstance(value, Mapping):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [to_plain(v) for v in value]
    if isinstance(value, frozenset | set):
        return sorted((to_plain(v) for v in value), key=repr)
    return value


def from_plain(hint: Any, data: Any, where: str = "") -> Any:
    """Rebuild a value of type `hint` (a dataclass, or a typing form) from its plain form."""
    origin = typing.get_origin(hint)
    if hint is Any:
        return data
    if origin in (Union, types.UnionType):
        options = typing.get_args(hint)
        if data is None and type(None) in options:
            return None
        problems = []
        for option in options:
            if option is type(None):
                continue
            try:
                return from_plain(option, data, where)
            except PlainError as problem:
                problems.append(str(problem))
        raise PlainError(problems[0] if problems else f"{where or 'value'}: unexpected null")
    if dataclasses.is_dataclass(hint):
        if not isinstance(data, dict):
            raise PlainError(f"{where or hint.__name__}: expected an object")
        hints = _hints(hint)
        values = {}
        for f in _fields(hint):
            if f.name in data:
                values[f.name] = from_plain(hints[f.name], data[f.name], _at(where, f.name))
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise PlainError(f"{_at(where, f.name)}: missing")
        return hint(**values)
    if origin is tuple:
        args = typing.get_args(hint)
        if isinstance(data, dict) and len(args) == 2 and args[1] is Ellipsis:
            data = [list(item) for item in data.items()]  # pairs may come as an object
        if not isinstance(data, list):
            raise PlainError(f"{where or 'value'}: expected a list")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_plain(args[0], v, f"{where}[{n}]") for n, v in enumerate(data))
        if len(args) != len(data):
            raise PlainError(f"{where or 'value'}: expected {len(args)} items")
        return tuple(from_plain(a, v, f"{where}[{n}]") for n, (a, v) in enumerate(zip(args, data,
                                                                                        strict=True)))
    if origin in (frozenset, set):
        (arg,) = typing.get_args(hint)
        if not isinstance(data, list):
            raise PlainError(f"{where or 'value'}: expected a list")
        return frozenset(from_plain(arg, v, where) for v in data)
    if origin in (Mapping, dict, typing.Mapping) or hint in (Mapping, dict):
        key, val = typing.get_args(hint) or (str, Any)
        if not isinstance(data, dict):
            raise PlainError(f"{where or 'value'}: expected an object")
        out = {}
        for k, v in data.items():
            try:
                real = int(k) if key is int else k
            except ValueError:
                raise PlainError(f"{where or 'value'}: key {k!r} is not a number") from None
            out[real] = from_plain(val, v, _at(where, str(k)))
        return MappingProxyType(out)
    if hint is float:
        if type(data) in (int, float):
            return float(data)
        raise PlainError(f"{where or 'value'}: expected a number")
    if hint in (int, str, bool):
        if type(data) is hint:
            return data
        raise PlainError(f"{where or 'value'}: expected {hint.__name__}")
    if hint is type(None):
        if data is None:
            return None
        raise PlainError(f"{where or 'value'}: expected null")
    raise PlainError(f"{where or 'value'}: cannot rebuild a {hint!r}")


def _at(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


@cache
def _fields(cls: type) -> tuple[dataclasses.Field, ...]:
    return tuple(f for f in dataclasses.fields(cls) if f.init)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def quick_init(cls: type) -> type:
    """Give a frozen dataclass an __init__ that fills the instance's dict directly: the same
    signature, defaults and result as the generated one (which calls object.__setattr__ once
    per field), at half the cost, for the records a game makes by the hundred."""
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} has a __post_init__: keep its own __init__")
    fields = [f for f in dataclasses.fields(cls) if f.init]
    scope: dict[str, Any] = {"MISSING": dataclasses.MISSING}
    params, keywords, body = ["self"], [], ["    values = self.__dict__"]
    for f in fields:
        if f.default is not dataclasses.MISSING:
            scope[f"_d_{f.name}"] = f.default
            param = f"{f.name}=_d_{f.name}"
        elif f.default_factory is not dataclasses.MISSING:
            scope[f"_f_{f.name}"] = f.default_factory
            param = f"{f.name}=MISSING"
            body.append(f"    if {f.name} is MISSING: {f.name} = _f_{f.name}()")
        else:
            param = f.name
        (keywords if f.kw_only else params).append(param)
        body.append(f"    values[{f.name!r}] = {f.name}")
    signature = ", ".join(params + (["*", *keywords] if keywords else []))
    exec(f"def __init__({signature}):\n" + "\n".join(body), scope)  # noqa: S102
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    cls.__init__ = init  # type: ignore[misc]
    return cls
