"""Loads the bank from disk into typed models, collecting every problem instead of stopping at the first.

Nothing is skipped silently: a file or item that cannot be used is reported, and `Bank.problems` says so.
Meaning (keys, references, quotes, golden cases) is checked by `dlquiz.bank.check`.
"""

from __future__ import annotations

import difflib
import gc
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from dlquiz.bank import schema, yamlfile
from dlquiz.bank.problems import Problem, display_path, from_validation_error

CATALOGUE_FILES = ("syllabus.yaml", "misconceptions.yaml", "synonyms.yaml")


@dataclass
class Located:
    """Where an item came from, and its raw data with line numbers, for precise messages later."""

    file: str
    line: int
    raw: dict[str, Any]
    lines: yamlfile.Lines

    def line_of(self, *path: Any) -> int:
        """The line of a field below the item (`line_of("options", 2)`), or the item's own line."""
        return self.lines.of(self.raw, path) or self.line


@dataclass
class Bank:
    """Everything loaded from one bank directory (or a set of files checked against its catalogues)."""

    root: Path
    questions: list[schema.QuestionBase] = field(default_factory=list)
    where: dict[str, Located] = field(default_factory=dict)
    syllabus: schema.Syllabus | None = None
    misconceptions: dict[str, schema.Misconception] = field(default_factory=dict)
    misconception_where: dict[str, Located] = field(default_factory=dict)
    synonyms: list[list[str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def by_id(self) -> dict[str, schema.QuestionBase]:
        return {q.id: q for q in self.questions}

    def topic(self, slug: str) -> schema.Topic | None:
        """The syllabus entry of a topic slug."""
        for topic in self.syllabus.topics if self.syllabus else ():
            if topic.slug == slug:
                return topic
        return None


def question_files(root: Path) -> list[Path]:
    """The question files below a bank directory, in a stable order."""
    return sorted(
        p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
        and not (p.parent == root and p.name in CATALOGUE_FILES)
    )


def load_bank(root: Path, files: list[Path] | None = None, catalogues: Path | None = None) -> Bank:
    """Loads a bank directory, or only `files` checked against the catalogues of `catalogues or root`.

    Catalogues (syllabus, misconceptions, synonyms) missing from `root` are taken from `catalogues`.
    """
    # Loading allocates hundreds of thousands of objects that all stay alive; the cyclic garbage
    # collector would rescan them again and again for nothing, so it waits until the bank is built.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_bank(root, files, catalogues)
    finally:
        if collecting:
            gc.enable()


def load_catalogues(root: Path, fallback: Path | None = None) -> Bank:
    """Only the catalogues (syllabus, misconceptions, synonyms) of a bank, without any question."""
    bank = Bank(root=root)
    _load_catalogues(bank, root, fallback)
    return bank


def _load_bank(root: Path, files: list[Path] | None, catalogues: Path | None) -> Bank:
    bank = Bank(root=root)
    _load_catalogues(bank, root, catalogues)
    if files is None:
        files = question_files(root)
        if not files:
            bank.problems.append(Problem(display_path(root), 0, "", "no question files (*.yaml) in this directory"))
    seen: dict[str, str] = {}
    for path in files:
        for question, located in _load_question_file(bank, path):
            if question.id in seen:
                bank.problems.append(Problem(
                    located.file, located.line, question.id,
                    f"duplicate id: also used at {seen[question.id]}; give this item a new id",
                ))
                continue
            seen[question.id] = f"{located.file}:{located.line}"
            bank.questions.append(question)
            bank.where[question.id] = located
    return bank


def _read(bank: Bank, path: Path) -> tuple[Any, yamlfile.Lines] | None:
    try:
        return yamlfile.load(path)
    except yamlfile.YamlError as exc:
        bank.problems.append(Problem(display_path(path), exc.line or 0, "", exc.message))
        return None


def _validate_document(
    bank: Bank, path: Path, data: Any, lines: yamlfile.Lines, model: type[BaseModel], list_key: str
) -> BaseModel | None:
    """Validates a catalogue file whose main content is one list under `list_key`."""
    shown = display_path(path)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for loc, message in from_validation_error(exc, model, data):
            item_id = ""
            if len(loc) >= 2 and loc[0] == list_key and isinstance(loc[1], int):
                item = data[list_key][loc[1]]
                item_id = str(item.get("id", "")) if isinstance(item, dict) else ""
            bank.problems.append(Problem(shown, lines.of(data, loc) or 1, item_id, message))
    return None


def _load_catalogues(bank: Bank, root: Path, fallback: Path | None) -> None:
    def pick(name: str) -> Path | None:
        for base in (root, fallback):
            if base is not None and (base / name).is_file():
                return base / name
        return None

    syllabus_path = pick("syllabus.yaml")
    if syllabus_path is None:
        bank.problems.append(Problem(display_path(root / "syllabus.yaml"), 0, "", "the syllabus is missing"))
    elif (read := _read(bank, syllabus_path)) is not None:
        bank.syllabus = _validate_document(bank, syllabus_path, *read, schema.Syllabus, "topics")  # type: ignore[assignment]

    synonyms_path = pick("synonyms.yaml")
    if synonyms_path is not None and (read := _read(bank, synonyms_path)) is not None:
        parsed = _validate_document(bank, synonyms_path, *read, schema.SynonymFile, "synonyms")
        bank.synonyms = list(parsed.synonyms) if parsed else []  # type: ignore[attr-defined]

    mis_path = pick("misconceptions.yaml")
    if mis_path is not None and (read := _read(bank, mis_path)) is not None:
        data, lines = read
        parsed = _validate_document(bank, mis_path, data, lines, schema.MisconceptionFile, "misconceptions")
        if parsed is None:
            return
        shown = display_path(mis_path)
        for index, entry in enumerate(parsed.misconceptions):  # type: ignore[attr-defined]
            line = lines.of(data, ("misconceptions", index)) or 1
            located = Located(shown, line, data["misconceptions"][index], lines)
            if entry.id in bank.misconceptions:
                first = bank.misconception_where[entry.id]
                bank.problems.append(Problem(shown, located.line, entry.id,
                                             f"duplicate misconception id: also at line {first.line}"))
                continue
            bank.misconceptions[entry.id] = entry
            bank.misconception_where[entry.id] = located


def _load_question_file(bank: Bank, path: Path) -> list[tuple[schema.QuestionBase, Located]]:
    shown = display_path(path)
    read = _read(bank, path)
    if read is None:
        return []
    data, lines = read
    for line, key in lines.duplicate_keys:
        bank.problems.append(Problem(shown, line, "", f"the key `{key}` appears twice in one mapping; keep one"))
    if not isinstance(data, dict):
        bank.problems.append(Problem(
            shown, 1, "", f"the file must be a mapping with `bank`, `schema_version` and `questions`, "
            f"not a {type(data).__name__}",
        ))
        return []
    header_ok = True
    if data.get("bank") != "dlquiz":
        line = lines.of(data, ("bank",)) or 1
        bank.problems.append(Problem(shown, line, "", "the file must start with `bank: dlquiz`"))
        header_ok = False
    if data.get("schema_version") != schema.SCHEMA_VERSION:
        bank.problems.append(Problem(shown, lines.of(data, ("schema_version",)) or 1, "",
                                     f"`schema_version` must be {schema.SCHEMA_VERSION}"))
        header_ok = False
    for key in data:
        if key not in ("bank", "schema_version", "questions"):
            bank.problems.append(Problem(shown, lines.of(data, (key,)) or 1, "",
                                         f"unknown top-level key `{key}` (allowed: bank, schema_version, questions)"))
    items = data.get("questions")
    if not isinstance(items, list) or not items:
        bank.problems.append(Problem(shown, lines.of(data, ("questions",)) or 1, "",
                                     "`questions` must be a non-empty list of items"))
        return []
    loaded = []
    for index, item in enumerate(items):
        line = lines.of(data, ("questions", index)) or 1
        result = _validate_question(bank, shown, line, item, lines)
        if result is not None:
            loaded.append((result, Located(shown, line, item, lines)))
    return loaded if header_ok else []


def _validate_question(
    bank: Bank, shown: str, line: int, item: Any, lines: yamlfile.Lines
) -> schema.QuestionBase | None:
    if not isinstance(item, dict):
        bank.problems.append(Problem(shown, line, "", f"each question must be a mapping, not {type(item).__name__}"))
        return None
    item_id = str(item.get("id", "")) or "(no id)"
    kind = item.get("type")
    model = schema.QUESTION_MODELS.get(kind) if isinstance(kind, str) else None
    if model is None:
        if kind is None:
            message = f"missing `type`; one of {', '.join(schema.QUESTION_TYPES)}"
        else:
            close = difflib.get_close_matches(str(kind), schema.QUESTION_TYPES, n=1, cutoff=0.5)
            hint = f" (did you mean `{close[0]}`?)" if close else ""
            message = f"unknown type `{kind}`{hint}; one of {', '.join(schema.QUESTION_TYPES)}"
        bank.problems.append(Problem(shown, lines.of(item, ("type",)) or line, item_id, message))
        return None
    try:
        return model.model_validate(item)
    except ValidationError as exc:
        for loc, message in from_validation_error(exc, model, item):
            bank.problems.append(Problem(shown, lines.of(item, loc) or line, item_id, message))
    return None
