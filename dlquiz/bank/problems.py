"""Problems found in the bank, and plain-language messages for pydantic's validation errors."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the bank: where it is and what to do about it."""

    file: str
    line: int
    item_id: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.item_id}: {self.message}" if self.item_id else f"{where}: {self.message}"


def display_path(path: Path) -> str:
    """A path as short as it can be said: relative to the working directory when below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def field_path(loc: Iterable[Any]) -> str:
    """`('options', 1, 'correct')` → `options[1].correct`."""
    text = ""
    for step in loc:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def _known_fields(model: type[BaseModel], seen: set[type] | None = None) -> set[str]:
    seen = seen if seen is not None else set()
    if model in seen:
        return set()
    seen.add(model)
    names = set(model.model_fields)
    for info in model.model_fields.values():
        for arg in _types_in(info.annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                names |= _known_fields(arg, seen)
    return names


def _types_in(annotation: Any) -> Iterable[Any]:
    yield annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        yield from _types_in(arg)
    for arg in getattr(annotation, "__metadata__", ()) or ():
        yield from _types_in(arg)


_FIELD_CACHE: dict[type[BaseModel], list[str]] = {}


def _suggest(name: str, model: type[BaseModel]) -> str:
    if model not in _FIELD_CACHE:
        _FIELD_CACHE[model] = sorted(_known_fields(model))
    close = difflib.get_close_matches(name, _FIELD_CACHE[model], n=1, cutoff=0.7)
    return f" (did you mean `{close[0]}`?)" if close else " (remove it or check its spelling)"


def describe(error: dict[str, Any], model: type[BaseModel]) -> tuple[tuple[Any, ...], str]:
    """Turns one pydantic error into (location, message that says how to fix it)."""
    loc = tuple(error["loc"])
    kind, got = error["type"], error.get("input")
    name = field_path(loc)
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return loc, f"missing required field `{name}`"
    if kind == "extra_forbidden":
        if any(ch.isspace() for ch in str(loc[-1])):
            return loc, (f"unknown field `{name}`: a comma inside a {{…}} mapping ended the text before it; "
                         "put that text in quotes")
        return loc, f"unknown field `{name}`{_suggest(str(loc[-1]), model)}"
    if kind == "string_pattern_mismatch":
        return loc, f"`{name}` is {got!r}, which does not match the pattern {ctx.get('pattern')}"
    if kind == "too_short" and isinstance(got, str):
        return loc, f"`{name}` must not be empty"
    if kind == "too_short" and isinstance(got, list | dict):
        least = ctx.get("min_length", 1)
        return loc, f"`{name}` needs at least {least} entr{'y' if least == 1 else 'ies'}, it has {len(got)}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return loc, f"`{name}` must be a whole number, not {got!r}"
    if kind in ("float_parsing", "float_type"):
        return loc, f"`{name}` must be a number, not {got!r}"
    if kind in ("bool_parsing", "bool_type"):
        return loc, f"`{name}` must be true or false, not {got!r}"
    if kind in ("string_type",):
        return loc, f"`{name}` must be text, not {type(got).__name__} {got!r}"
    if kind in ("list_type", "tuple_type"):
        return loc, f"`{name}` must be a list, not {type(got).__name__}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return loc, f"`{name}` must be a mapping (key: value), not {type(got).__name__} {got!r}"
    if kind == "value_error":
        return loc, f"`{name}`: {error['msg'].removeprefix('Value error, ')}"
    return loc, f"`{name}`: {error['msg']} (got {got!r})"


def real_path(raw: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """The steps of `loc` that exist in the raw YAML data.

    pydantic puts the tags of discriminated unions into error locations (`seed`, `text`, `int` …); some of
    them are also real keys, so each step is taken as a key when that resolves more of the path, and
    skipped as a tag otherwise.
    """

    def walk(node: Any, steps: tuple[Any, ...]) -> tuple[Any, ...]:
        if not steps:
            return ()
        step, rest = steps[0], steps[1:]
        consumed: tuple[Any, ...] | None = None
        in_dict = isinstance(node, dict) and step in node
        in_list = isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)
        if in_dict or in_list:
            consumed = (step, *walk(node[step], rest))
        skipped = walk(node, rest)
        if consumed is not None and len(consumed) > len(skipped):
            return consumed
        return skipped

    return walk(raw, loc)


def from_validation_error(
    exc: ValidationError, model: type[BaseModel], raw: Any
) -> list[tuple[tuple[Any, ...], str]]:
    """Every error of a failed validation: (path in the raw data, message)."""
    described = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        path = real_path(raw, loc)
        shown = path if error["type"] != "missing" or not loc or (path and path[-1] == loc[-1]) else (*path, loc[-1])
        described.append((path, describe({**error, "loc": shown}, model)[1]))
    return described
