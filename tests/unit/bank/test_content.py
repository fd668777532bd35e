"""The shipped bank: valid, complete against the syllabus, and every key right by its own rules (issue 5)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest

from dlquiz.bank import load, schema
from dlquiz.bank.check import check_bank
from dlquiz.bank.instance import instantiate, run_solver
from dlquiz.bank.params import lookup
from dlquiz.locations import seeds_dir
from dlquiz.quiz.grading import Normaliser, format_key, grade

BANK = load()
NORMALISER = Normaliser(BANK.synonyms)
TEMPLATES = [q for q in BANK.questions if isinstance(q, schema.Param)]
FLAGGED = ("最早", "解决", "永远", "任意长度", "不适用于")


def test_the_bank_checks_clean() -> None:
    assert [str(p) for p in check_bank(BANK)] == []


@pytest.mark.skipif(seeds_dir() is None, reason="the course material (../shared/seeds) is not here")
def test_every_audit_item_of_severity_e_or_o_is_handled() -> None:
    audit = (seeds_dir().parent / "content" / "seed-audit.md").read_text("utf-8")
    severe = {m.group(1) for m in re.finditer(r"^\| (A\d{2}b?) \|.*\| ([A-Z/✓]+) \|\s*$", audit, re.M)
              if set(m.group(2).split("/")) & {"E", "O"}}
    assert len(severe) >= 20
    carried = Counter(a for q in BANK.questions for a in q.audit)
    assert sorted(severe - set(carried)) == []


def test_the_syllabus_minimums_and_totals_are_reached() -> None:
    counts = Counter((q.topic, q.type == "param") for q in BANK.questions if q.status != "retired")
    short = []
    for topic in BANK.syllabus.topics:
        if counts[(topic.slug, False)] < topic.min_questions or counts[(topic.slug, True)] < topic.min_templates:
            short.append(topic.slug)
    assert short == []
    assert sum(n for (_, is_param), n in counts.items() if not is_param) >= 450
    assert len(TEMPLATES) >= 40
    types = Counter(q.type for q in BANK.questions)
    assert set(types) == set(schema.QUESTION_TYPES)
    assert types["short"] >= 60


def test_no_true_false_item_turns_on_a_flagged_word() -> None:
    offenders = [q.id for q in BANK.questions if q.type == "tf" and any(w in q.stem.zh for w in FLAGGED)]
    assert offenders == []


def test_every_item_is_bilingual_with_an_explanation_and_a_source() -> None:
    from dlquiz.bank.stats import is_bilingual

    assert [q.id for q in BANK.questions if not is_bilingual(q)] == []


def test_every_mcq_distractor_differs_from_the_key() -> None:
    clashes = []
    for q in BANK.questions:
        if isinstance(q, schema.Mcq):
            right = {NORMALISER(o.text.zh) for o in q.options if o.correct}
            clashes += [(q.id, o.key) for o in q.options if not o.correct and NORMALISER(o.text.zh) in right]
    assert clashes == []


def test_every_wrong_option_is_explained() -> None:
    bare = [(q.id, o.key) for q in BANK.questions if isinstance(q, schema.Mcq)
            for o in q.options if not o.correct and not (o.misconception or o.feedback)]
    assert bare == []


def test_every_computed_numeric_key_matches_its_solver() -> None:
    wrong = []
    for q in BANK.questions:
        if isinstance(q, schema.Numeric) and q.compute is not None:
            value = lookup(q.compute.output, run_solver(q.compute.solver, dict(q.compute.args)))
            if not grade(q, format_key(float(value), q.tolerance)).correct:
                wrong.append((q.id, q.answer, value))
    assert wrong == []


def test_every_numeric_item_has_a_compute_block() -> None:
    """A hand-computed key is not checked by anything: every numeric key must come from a solver."""
    lacking = [q.id for q in BANK.questions if isinstance(q, schema.Numeric) and q.compute is None]
    assert lacking == []


def _variants(text: str) -> list[str]:
    """The same answer as learners type it: full width, spaced, in another case."""
    full_width = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)
    return [text, full_width, f"  {text} ", text.upper(), text.lower(), " ".join(text)]


def _blanks(q: schema.QuestionBase) -> list[tuple[str, list[str]]]:
    if isinstance(q, schema.Fill):
        return [(b.id, b.accept) for b in q.blanks]
    if isinstance(q, schema.Table):
        return [(c.blank, c.accept) for row in q.rows for c in row.cells if isinstance(c, schema.BlankCell)]
    return []


def test_fill_and_table_answers_are_accepted_after_normalisation() -> None:
    refused = []
    for q in BANK.questions:
        blanks = _blanks(q)
        for variant_index in range(6):
            answer = {blank_id: _variants(accept[0])[variant_index] for blank_id, accept in blanks}
            if blanks and grade(q, answer, NORMALISER).score != 1.0:
                refused.append((q.id, variant_index, answer))
    assert refused == []


def test_synonyms_of_an_accepted_answer_are_accepted() -> None:
    groups = {unicodedata.normalize("NFKC", w).casefold(): g for g in BANK.synonyms for w in g}
    refused = []
    for q in BANK.questions:
        for blank_id, accept in _blanks(q):
            for other in groups.get(accept[0].casefold(), []):
                others = {b: a[0] for b, a in _blanks(q)}
                others[blank_id] = other
                if grade(q, others, NORMALISER).score != 1.0:
                    refused.append((q.id, blank_id, other))
    assert refused == []


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_each_template_draws_200_instances_graded_full_marks_by_their_own_keys(template: schema.Param) -> None:
    seen = set()
    for seed in range(200):
        instance = instantiate(template, seed)
        answer = {p.key: format_key(p.answer, p.tolerance) if not isinstance(p.answer, list)
                  else "×".join(map(str, p.answer)) for p in instance.parts}
        result = grade(template, answer, NORMALISER, instance)
        assert result.score == 1.0, (seed, instance.params, answer, result)
        assert "{{" not in instance.stem.zh + (instance.stem.en or "") + instance.explanation.zh
        seen.add(tuple(sorted(instance.params.items())))
    assert len(seen) > 1


def test_every_item_was_reviewed_by_someone_other_than_its_writer() -> None:
    unreviewed = [q.id for q in BANK.questions if q.status != "reviewed" or not q.reviewed_by]
    own = [q.id for q in BANK.questions if q.author and q.author == q.reviewed_by]
    assert (unreviewed, own) == ([], [])
