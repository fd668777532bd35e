"""Exports read back: the .apkg's SQLite, the Moodle XML with a parser, GIFT with a small reader.

Every exported item must arrive with its key.
"""

from __future__ import annotations

import re
import sqlite3
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from dlquiz.bank import Bank, schema
from dlquiz.cli import main
from dlquiz.sheet.draw import Selection
from dlquiz.sheet.exportset import ExportItem, export_items, inline, shape_forms
from dlquiz.sheet.moodle import abs_tolerance, fraction

SELECTION = Selection(topics=("conv", "activation", "attention", "rnn"))


@pytest.fixture(scope="module")
def items(real_bank: Bank) -> list[ExportItem]:
    found = export_items(real_bank, SELECTION, 3, 0)
    assert {i.question.type for i in found} == set(schema.QUESTION_TYPES)
    return found


def test_templates_become_distinct_instances(real_bank: Bank) -> None:
    found = export_items(real_bank, Selection(types=("param",)), 4, 0)
    templates = [q for q in real_bank.questions if isinstance(q, schema.Param)]
    by_template: dict[str, set[str]] = {}
    for item in found:
        assert item.drawn.instance is not None and item.uid == f"{item.question.id}#{item.drawn.instance.seed}"
        by_template.setdefault(item.question.id, set()).add(repr(sorted(item.drawn.instance.params.items())))
    assert set(by_template) == {t.id for t in templates}
    assert all(len(v) == len([i for i in found if i.question.id == k]) for k, v in by_template.items())
    assert export_items(real_bank, Selection(types=("param",)), 4, 0) == found  # repeatable


def test_anki_deck_holds_every_item_with_its_key(tmp_path: Path, items: list[ExportItem], real_bank: Bank) -> None:
    from dlquiz.sheet.anki import write_apkg

    path = tmp_path / "deck.apkg"
    assert write_apkg(items, path, "both") == len(items)
    with zipfile.ZipFile(path) as archive:
        (tmp_path / "c.anki2").write_bytes(archive.read("collection.anki2"))
    with sqlite3.connect(tmp_path / "c.anki2") as db:
        notes = {flds.split("\x1f")[3]: (guid, flds.split("\x1f"), tags) for guid, flds, tags
                 in db.execute("SELECT guid, flds, tags FROM notes")}
        assert db.execute("SELECT count(*) FROM cards").fetchone()[0] == len(items)
    assert len(notes) == len(items)
    import genanki

    for item in items:
        guid, (front, answer, explanation, _), tags = notes[item.uid]
        assert _html(item.stem.zh[:12]) in front or item.stem.zh[:12] in front
        assert guid == genanki.guid_for(item.uid)
        assert item.question.topic in tags.split()
        if isinstance(item.question, schema.Short):
            assert item.question.reference_answer.zh[:20].replace("<", "&lt;") in explanation
        else:
            for key in item.key.answers:
                assert _html(key.value.zh) in answer
        expl = item.drawn.instance.explanation if item.drawn.instance else item.question.explanation
        assert _html(expl.zh[:30]) in explanation


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_moodle_xml_holds_every_item_with_its_key(tmp_path: Path, items: list[ExportItem], real_bank: Bank) -> None:
    from dlquiz.sheet.moodle import write_xml

    path = tmp_path / "quiz.xml"
    write_xml(items, path, real_bank.misconceptions, "both")
    root = ET.parse(path).getroot()
    questions = {q.findtext("idnumber"): q for q in root if q.get("type") != "category"}
    categories = [q.findtext("category/text") for q in root if q.get("type") == "category"]
    assert categories == sorted(f"$course$/top/dlquiz/{t}" for t in {i.question.topic for i in items})
    assert len(questions) == len(items)
    for item in items:
        node = questions[item.uid]
        assert node.findtext("name/text") == item.uid
        _check_moodle(item, node)


def _answers(node: ET.Element) -> dict[str, float]:
    return {a.findtext("text") or "": float(a.get("fraction", "nan")) for a in node.findall("answer")}


def _check_moodle(item: ExportItem, node: ET.Element) -> None:
    q = item.question
    kind = node.get("type")
    text = node.findtext("questiontext/text") or ""
    if isinstance(q, schema.Mcq):
        assert kind == "multichoice"
        answers = _answers(node)
        right = [o for o in q.options if o.correct]
        assert sum(v for v in answers.values() if v > 0) == pytest.approx(100, abs=0.01)
        assert {k for k, v in answers.items() if v > 0} == {inline(o.text, "both") for o in right}
        assert node.findtext("single") == ("false" if isinstance(q, schema.Multi) else "true")
    elif isinstance(q, schema.TrueFalse):
        assert kind == "truefalse" and _answers(node)["true" if q.answer else "false"] == 100
    elif isinstance(q, schema.Numeric):
        assert kind == "numerical"
        first = node.find("answer")
        assert first is not None and float(first.findtext("text") or "") == q.answer
        assert float(first.findtext("tolerance") or "") == abs_tolerance(q.answer, q.tolerance)
    elif isinstance(q, schema.Fill) and len(q.blanks) == 1:
        assert kind == "shortanswer" and {k for k, v in _answers(node).items() if v == 100} == set(q.blanks[0].accept)
    elif isinstance(q, schema.Fill):
        assert kind == "cloze"
        fields = re.findall(r"\{1:SHORTANSWER:((?:\\.|[^}\\])*)\}", text)
        first = [re.split(r"(?<!\\)~", f)[0].lstrip("=") for f in fields]
        assert [re.sub(r"\\(.)", r"\1", f) for f in first] == [b.accept[0] for b in q.blanks]
    elif isinstance(q, schema.Table):
        cells = [c.accept[0] for r in q.rows for c in r.cells if isinstance(c, schema.BlankCell)]
        if kind == "matching":
            subs = [(s.findtext("text") or "", s.findtext("answer/text")) for s in node.findall("subquestion")]
            assert [a for t, a in subs if t] == cells
        else:
            assert kind == "cloze" and re.findall(r"\{1:SHORTANSWER:=([^~}]*)", text) == cells
    elif isinstance(q, schema.Short):
        assert kind == "essay" and q.reference_answer.zh[:20] in (node.findtext("graderinfo/text") or "")
    else:
        instance = item.drawn.instance
        assert instance is not None
        if len(instance.parts) == 1:
            part = instance.parts[0]
            first = node.find("answer")
            assert first is not None
            expected = shape_forms(part.answer)[0] if isinstance(part.answer, list) else float(part.answer)
            got = first.findtext("text") or ""
            assert (got if isinstance(part.answer, list) else float(got)) == expected
        else:
            fields = re.findall(r"\{2:(NUMERICAL|SHORTANSWER):=([^:~}]*)", text)
            assert len(fields) == len(instance.parts)
            for (kind_, value), part in zip(fields, instance.parts, strict=True):
                if isinstance(part.answer, list):
                    assert kind_ == "SHORTANSWER" and value == shape_forms(part.answer)[0]
                else:
                    assert kind_ == "NUMERICAL" and float(value) == float(part.answer)


def read_gift(text: str) -> dict[str, list[str]]:
    """GIFT questions by name → the pieces of the answer block, unescaped, each starting with its mark
    (`=`, `~`, or the block's head such as `TRUE` or `#`): a minimal reader doing what Moodle's parser does."""
    found = {}
    for chunk in text.split("\n\n"):
        body = "\n".join(line for line in chunk.splitlines() if not line.startswith("//")).strip()
        if not body or body.startswith("$CATEGORY:"):
            continue
        protected = body.replace("\\\\", "\x01")
        for char in "~=#{}:":
            protected = protected.replace("\\" + char, f"\x02{ord(char)}\x03")

        def restore(s: str) -> str:
            return re.sub("\x02(\\d+)\x03", lambda m: chr(int(m.group(1))), s).replace("\x01", "\\")

        name, rest = re.fullmatch(r"::(.*?)::(.*)", protected, re.S).groups()  # type: ignore[union-attr]
        block = rest[rest.index("{") + 1: rest.index("}")].split("####")[0].strip()
        found[restore(name)] = [restore(piece) for piece in re.split(r"\s+(?=[=~])", block)]
    return found


def test_gift_holds_every_item_with_its_key(tmp_path: Path, items: list[ExportItem], real_bank: Bank) -> None:
    from dlquiz.sheet.gift import write_gift

    path = tmp_path / "quiz.gift"
    count = write_gift(items, path, real_bank.misconceptions, "zh")
    found = read_gift(path.read_text(encoding="utf-8"))
    assert len(found) == count
    for item in items:
        q = item.question
        if isinstance(q, schema.Mcq):
            right = sum(o.correct for o in q.options)
            expected = []
            for option in q.options:
                if isinstance(q, schema.Multi):
                    share = 100 / right if option.correct else -100 / (len(q.options) - right)
                    mark = f"~%{fraction(share)}%"
                else:
                    mark = "=" if option.correct else "~"
                expected.append(f"{mark}[html]{_html(option.text.zh)}")
            assert [p.split("#")[0] for p in found[item.uid]] == expected
        elif isinstance(q, schema.TrueFalse):
            assert found[item.uid][0].split("#")[0] == ("TRUE" if q.answer else "FALSE")
        elif isinstance(q, schema.Numeric):
            assert found[item.uid][0] == f"#={float(q.answer)!r}:{abs_tolerance(q.answer, q.tolerance)!r}"
        elif isinstance(q, schema.Fill):
            for blank in q.blanks:
                name = item.uid if len(q.blanks) == 1 else f"{item.uid} ({blank.id})"
                assert found[name] == [f"=[html]{_html(a)}" for a in blank.accept]
        elif isinstance(q, schema.Table):
            cells = [c.accept[0] for r in q.rows for c in r.cells if isinstance(c, schema.BlankCell)]
            assert [pair.split(" -> ")[1] for pair in found[item.uid]] == cells
        elif isinstance(q, schema.Short):
            assert found[item.uid] == [""]
        else:
            assert item.drawn.instance is not None
            for part in item.drawn.instance.parts:
                name = item.uid if len(item.drawn.instance.parts) == 1 else f"{item.uid} ({part.key})"
                if isinstance(part.answer, list):
                    assert found[name] == [f"={form}" for form in shape_forms(part.answer)]
                else:
                    assert found[name] == [f"#={float(part.answer)!r}:{abs_tolerance(part.answer, part.tolerance)!r}"]


def test_gift_escapes_backslashes_so_latex_survives(tmp_path: Path, formula_bank: Bank) -> None:
    from dlquiz.sheet.gift import escape, write_gift

    assert escape(r"\(\nabla f\) a:b {c} ~d =e #f") == r"\\(\\nabla f\\) a\:b \{c\} \~d \=e \#f"
    items = export_items(formula_bank, Selection(), 1, 0)
    write_gift(items, tmp_path / "f.gift", formula_bank.misconceptions, "zh")
    assert r"\\(N_1 \= \\frac\{N_0 + 2P - F\}\{S\} + 1\\)" in (tmp_path / "f.gift").read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt, suffix", [("anki", "apkg"), ("moodle", "xml"), ("gift", "gift")])
def test_export_command(tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, suffix: str) -> None:
    target = tmp_path / f"out.{suffix}"
    assert main(["export", fmt, "--topic", "pooling", "--instances", "2", "-o", str(target)]) == 0
    assert "wrote" in capsys.readouterr().out and target.stat().st_size > 0
    assert main(["export", fmt, "--topic", "pooling", "-o", str(target)]) == 2
    assert "exists; add --force" in capsys.readouterr().err
    assert main(["export", fmt, "-o", str(tmp_path / "missing" / f"out.{suffix}")]) == 2
    assert "does not exist" in capsys.readouterr().err
