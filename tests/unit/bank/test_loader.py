"""The loader and checker report every problem with its file, line and a message that says what to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlquiz.bank import schema
from dlquiz.bank.check import check_bank
from dlquiz.bank.loader import load_bank
from dlquiz.locations import bank_dir, seeds_dir

DATA = Path(__file__).resolve().parents[2] / "data"
INVALID = DATA / "bank-invalid"
needs_seeds = pytest.mark.skipif(seeds_dir() is None, reason="the course material (../shared/seeds) is not here")


def problems_of(*paths: Path) -> list[str]:
    files = [p for p in paths if p.is_file()]
    dirs = [p for p in paths if p.is_dir()]
    found = []
    for directory in dirs:
        found += check_bank(load_bank(directory, catalogues=bank_dir()))
    if files:
        found += check_bank(load_bank(bank_dir(), files=files))
    return [str(p) for p in found]


def test_valid_bank_loads_every_type_without_problems() -> None:
    bank = load_bank(DATA / "bank-valid", catalogues=bank_dir())
    assert [str(p) for p in check_bank(bank)] == []
    assert {q.type for q in bank.questions} == set(schema.QUESTION_TYPES)
    assert len(bank.misconceptions) == 2


CASES = [
    ("syntax-error.yaml", 6, "YAML syntax error: a quoted scalar starting at column 16 is never closed"),
    ("not-a-mapping.yaml", 1, "the file must be a mapping with `bank`, `schema_version` and `questions`, not a list"),
    ("wrong-field-type.yaml", 9, "conv.wrong-type.001: `difficulty` must be a whole number, not 'hard'"),
    ("misspelt-type.yaml", 5, "conv.misspelt.001: unknown type `mqc` (did you mean `mcq`?)"),
    ("unknown-topic.yaml", 6, "conv.unknown-topic.001: unknown topic `convolution` (did you mean `conv`?)"),
    ("mcq-two-correct.yaml", 8, "conv.two-correct.001: an mcq needs exactly one correct option, this one has 2"),
    ("blank-without-answers.yaml", 12, "conv.no-accept.001: `blanks[0].accept` needs at least 1 entry, it has 0"),
    ("unknown-solver.yaml", 12, "conv.unknown-solver.p001: unknown solver `conv9d`; see solvers/registry.py"),
    ("golden-fails.yaml", 19, "conv.golden-fails.p001: golden case 2: `out_size` is 30, expected 29"),
    ("missing-zh.yaml", 7, "conv.missing-zh.001: missing required field `stem.zh`"),
    ("unknown-field.yaml", 9, "conv.unknown-field.001: unknown field `explantion` (did you mean `explanation`?)"),
    ("empty.yaml", 1, "the file is empty; add `bank: dlquiz`, `schema_version: 1` and a list"),
    ("not-utf8.yaml", 5, "not UTF-8 (byte 0xe9 at offset 76); save the file as UTF-8"),
]


@pytest.mark.parametrize(("name", "line", "message"), CASES, ids=[c[0] for c in CASES])
def test_each_kind_of_error_is_reported_with_its_line(name: str, line: int, message: str) -> None:
    path = INVALID / name
    problems = problems_of(path)
    shown = str(path.resolve().relative_to(Path.cwd().resolve())) if path.resolve().is_relative_to(
        Path.cwd().resolve()) else str(path)
    assert any(p.startswith(f"{shown}:{line}: {message}") for p in problems), problems
    assert len(problems) == 1, problems


@needs_seeds
def test_a_quote_missing_from_its_seed_is_reported() -> None:
    problems = problems_of(INVALID / "quote-not-in-seed.yaml")
    assert len(problems) == 1
    assert problems[0].endswith(
        ":14: conv.bad-quote.001: quote not found in 001_cb29d83191276011.txt: '池化层有很多参数'; "
        "copy it verbatim from the seed"
    )


def test_duplicate_ids_across_files_name_both_places() -> None:
    problems = problems_of(INVALID / "duplicate-ids")
    assert len(problems) == 1
    assert "b.yaml:4: conv.duplicate.001: duplicate id: also used at " in problems[0]
    assert "a.yaml:4; give this item a new id" in problems[0]


def test_a_directory_without_yaml_is_an_error() -> None:
    problems = problems_of(INVALID / "no-yaml")
    assert len(problems) == 1
    assert problems[0].endswith("no-yaml: no question files (*.yaml) in this directory")


def test_every_problem_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    text = (INVALID / "unknown-field.yaml").read_text("utf-8")
    text += text.split("questions:\n", 1)[1].replace("unknown-field.001", "unknown-field.002").replace(
        "difficulty: 1", "difficulty: 7")
    path = tmp_path / "many.yaml"
    path.write_text(text, "utf-8")
    problems = problems_of(path)
    assert len(problems) == 3, problems
    assert any("unknown-field.002: `difficulty`: Input should be less than or equal to 3" in p for p in problems)


def test_a_key_given_twice_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "twice.yaml"
    path.write_text((DATA / "bank-valid/conv/basics.yaml").read_text("utf-8").replace(
        "    answer: 28\n", "    answer: 28\n    answer: 29\n"), "utf-8")
    problems = problems_of(path)
    assert any(":14: the key `answer` appears twice in one mapping; keep one" in p for p in problems), problems


def test_a_flow_mapping_split_by_a_comma_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "comma.yaml"
    path.write_text((DATA / "bank-valid/conv/basics.yaml").read_text("utf-8").replace(
        'en: "Padding controls the output size; the receptive field depends on kernel sizes, strides and dilation."',
        "en: Padding controls the output size, not the receptive field."), "utf-8")
    problems = [p for p in problems_of(path) if "misconception" not in p]
    assert len(problems) == 1
    assert "a comma inside a {…} mapping ended the text before it; put that text in quotes" in problems[0]


def test_formulas_with_unknown_commands_or_unbalanced_braces_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "latex.yaml"
    text = (DATA / "bank-valid/conv/basics.yaml").read_text("utf-8")
    text = text.replace("zh: ⌊(32 + 0 − 5)/1⌋ + 1 = 28。", "zh: '\\(\\fracc{32-5}{1} + 1\\) 与 $\\frac{a}{b$'")
    path.write_text(text, "utf-8")
    problems = [p for p in problems_of(path) if "misconception" not in p]
    assert [p.split(": ", 1)[1] for p in problems] == [
        "conv.output-size.001: unbalanced braces in formula '\\\\frac{a}{b'",
        "conv.output-size.001: unknown LaTeX command(s) fracc in '\\\\fracc{32-5}{1} + 1'",
    ]
    assert all(":19: " in p for p in problems)
