"""The published schema, derived from the record classes: card features and row validation.

`datasets` trusts declared features blindly (a missing key silently becomes null, DESIGN.md §3),
so the writer validates every row here before it reaches disk.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import operator
import types
import typing
from typing import Annotated, Any, get_args, get_origin, get_type_hints

from builder.records import Label

_DTYPES = {str: "string", int: "int64", bool: "bool"}


class SchemaError(ValueError):
    """A row that does not match its record class."""


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls, include_extras=True)


def _unwrap_optional(tp):
    """Return (inner type, nullable) for `X | None`."""
    if get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return tp, False


def _feature(tp) -> dict:
    """One field's Hub YAML feature description (the body after `name:`)."""
    tp, _ = _unwrap_optional(tp)
    if get_origin(tp) is Annotated:
        base, *extra = get_args(tp)
        label = next(x for x in extra if isinstance(x, Label))
        return {"dtype": {"class_label": {"names": {str(i): n for i, n in enumerate(label.names)}}}}
    if get_origin(tp) is list:
        (item,) = get_args(tp)
        if dataclasses.is_dataclass(item):
            return {"list": features_yaml(item)}
        return {"list": _DTYPES[item]}
    if dataclasses.is_dataclass(tp):
        return {"struct": features_yaml(tp)}
    return {"dtype": _DTYPES[tp]}


def features_yaml(cls: type) -> list[dict]:
    """The `features:` list of a config's `dataset_info`, in field order."""
    return [{"name": f.name, **_feature(_hints(cls)[f.name])} for f in dataclasses.fields(cls)]


def _check(value, tp, where: str) -> None:
    tp, nullable = _unwrap_optional(tp)
    if value is None:
        if not nullable:
            raise SchemaError(f"{where}: null in a non-nullable field")
        return
    if get_origin(tp) is Annotated:
        base, *extra = get_args(tp)
        label = next(x for x in extra if isinstance(x, Label))
        if value not in label.names:
            raise SchemaError(f"{where}: {value!r} is not one of {label.names}")
        return
    if get_origin(tp) is list:
        (item,) = get_args(tp)
        if not isinstance(value, list):
            raise SchemaError(f"{where}: expected a list, got {type(value).__name__}")
        for i, v in enumerate(value):
            # a list of strings (a speaker's 50 000 articles) needs only a type test per element
            if item not in _DTYPES or type(v) is not item:
                _check(v, item, f"{where}[{i}]")
        return
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise SchemaError(f"{where}: expected an object, got {type(value).__name__}")
        validate_row(value, tp, where)
        return
    # bool is an int subclass: refuse it where an int is expected, and vice versa.
    if type(value) is not tp:
        raise SchemaError(f"{where}: expected {tp.__name__}, got {type(value).__name__} {value!r}")


def validate_row(row: dict, cls: type, where: str = "") -> None:
    """Raise SchemaError unless `row` has exactly the fields of `cls` with the right types."""
    names = [f.name for f in dataclasses.fields(cls)]
    if list(row) != names:
        unknown = sorted(set(row) - set(names))
        missing = [n for n in names if n not in row]
        raise SchemaError(f"{where or cls.__name__}: unknown keys {unknown}, missing keys {missing}"
                          if unknown or missing else f"{where}: keys out of order")
    hints = _hints(cls)
    for name in names:
        _check(row[name], hints[name], f"{where}.{name}" if where else name)


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def as_row(record) -> dict:
    """A record as a plain dict in field order (nested records become dicts), like `dataclasses.asdict`.

    Written out because `asdict` deep-copies every value: it was a quarter of `extract`'s time.
    """
    return {name: value if value is None or type(value) in _SCALARS else _plain(value)
            for name, value in zip(_field_names(type(record)), _fields_of(type(record))(record))}


_SCALARS = frozenset((str, int, bool))


@functools.cache
def _fields_of(cls: type):
    """A getter of every field value of `cls` at once, in field order (one C call per record)."""
    getter = operator.attrgetter(*_field_names(cls))
    return getter if len(_field_names(cls)) > 1 else lambda record: (getter(record),)


def _plain(value):
    if value is None or type(value) in _SCALARS:
        return value
    if type(value) is list:
        return [v if type(v) is str else _plain(v) for v in value]
    if type(value) is tuple:
        return tuple([_plain(v) for v in value])
    if dataclasses.is_dataclass(value):
        return as_row(value)
    if type(value) is dict:
        return {_plain(k): _plain(v) for k, v in value.items()}
    return copy.deepcopy(value)
