"""Safe YAML loading that remembers the line of every mapping key and list item.

libyaml's C parser does the parsing when it is installed (CSafeLoader); construction stays PyYAML's safe
constructor, with line numbers recorded on the side so every error can name its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # the C parser is several times faster; the pure-Python one gives the same result
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - libyaml is part of the PyYAML wheels
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


@dataclass
class Lines:
    """Line numbers (1-based) of mapping keys and list items, keyed by the id() of the container."""

    keys: dict[int, dict[Any, int]] = field(default_factory=dict)
    items: dict[int, list[int]] = field(default_factory=dict)
    starts: dict[int, int] = field(default_factory=dict)
    duplicate_keys: list[tuple[int, str]] = field(default_factory=list)
    text: str = ""

    def of(self, root: Any, path: tuple[Any, ...]) -> int | None:
        """The line of the deepest element of `path` (keys and indexes) below `root` that has one."""
        line = self.starts.get(id(root))
        node = root
        for step in path:
            if isinstance(node, dict):
                key_line = self.keys.get(id(node), {}).get(step)
                if key_line is None:
                    break
                line, node = key_line, node.get(step)
            elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
                item_lines = self.items.get(id(node), [])
                if step < len(item_lines):
                    line = item_lines[step]
                node = node[step]
            else:
                break
        return line


class _LineLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    lines: Lines

    def construct_yaml_map(self, node: yaml.MappingNode):  # type: ignore[override]
        data: dict[Any, Any] = {}
        yield data
        self.flatten_mapping(node)  # YAML merge keys (<<) as PyYAML's own constructor does
        keys: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | float | bool) and key is not None:
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be a plain value", key_node.start_mark
                )
            line = key_node.start_mark.line + 1
            if key in keys:
                self.lines.duplicate_keys.append((line, str(key)))
            keys[key] = line
            data[key] = self.construct_object(value_node, deep=True)
        self.lines.keys[id(data)] = keys
        self.lines.starts[id(data)] = node.start_mark.line + 1

    def construct_yaml_seq(self, node: yaml.SequenceNode):  # type: ignore[override]
        data: list[Any] = []
        yield data
        data.extend([self.construct_object(child, deep=True) for child in node.value])
        self.lines.items[id(data)] = [child.start_mark.line + 1 for child in node.value]
        self.lines.starts[id(data)] = node.start_mark.line + 1


_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_yaml_map)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _LineLoader.construct_yaml_seq)


class YamlError(Exception):
    """A file that cannot be read as YAML; `line` is 1-based when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def load(path: Path) -> tuple[Any, Lines]:
    """Reads one YAML document safely, with its line map.

    Raises:
        YamlError: unreadable bytes, invalid UTF-8, a syntax error or an empty file.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlError(f"cannot read the file: {exc.strerror}") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError(
            f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); save the file as UTF-8", line
        ) from exc
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise YamlError("the file is empty; add `bank: dlquiz`, `schema_version: 1` and a list", 1)
    loader = _LineLoader(text)
    loader.lines = Lines(text=text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        where = f" (column {mark.column + 1})" if mark else ""
        if exc.context and exc.context_mark and "end of stream" in problem:
            # The end of the file is not where the mistake is: point at what was left open.
            mark = exc.context_mark
            opened = exc.context.removeprefix("while scanning ").removeprefix("while parsing ")
            problem, where = f"{opened} starting at column {mark.column + 1} is never closed", ""
        raise YamlError(f"YAML syntax error: {problem}{where}", mark.line + 1 if mark else None) from exc
    except yaml.YAMLError as exc:
        raise YamlError(f"YAML error: {exc}") from exc
    finally:
        loader.dispose()
    return data, loader.lines
