"""What papers and keys contain: every item keyed right, formulas as MathML, a self-contained print page."""

from __future__ import annotations

import re

import pytest

from dlquiz.bank import Bank, params, schema
from dlquiz.sheet.draw import Paper, Selection, draw_papers, select
from dlquiz.sheet.html import key_html, paper_html
from dlquiz.sheet.key import build_key, tolerance_text
from dlquiz.sheet.markdown import key_markdown, paper_markdown
from dlquiz.sheet.spec import SheetSpec
from dlquiz.sheet.text import escape_md, has_raw_latex, segments, to_html, to_markdown


def draw(bank: Bank, count: int, seed: int = 1, **selection: tuple) -> Paper:
    return draw_papers(select(bank, Selection(**selection)), seed, count=count)[0]


def visible_text(html_text: str) -> str:
    """The page's text outside <math>, <style> and tags: what a reader sees as characters."""
    html_text = re.sub(r"<style>.*?</style>|<math\b.*?</math>", " ", html_text, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html_text)


def test_every_formula_becomes_mathml_and_no_latex_is_left(formula_bank: Bank) -> None:
    paper = draw(formula_bank, 4)
    entries = [build_key(i, formula_bank.misconceptions) for i in paper.items]
    page = paper_html(paper, SheetSpec(seed=1, solutions=True, format="html", key="end"), entries)
    assert page.count("<math ") >= 10  # stems (zh and en), options, explanations, feedback
    assert "<mfrac>" in page and "<msub>" in page
    assert not has_raw_latex(visible_text(page))


def test_markdown_keeps_formulas_as_dollar_latex(formula_bank: Bank) -> None:
    paper = draw(formula_bank, 4)
    text = paper_markdown(paper, SheetSpec(seed=1))
    assert r"$N_1 = \frac{N_0 + 2P - F}{S} + 1$" in text and r"\(" not in text


def test_html_is_self_contained_and_prints_on_a4(real_bank: Bank) -> None:
    paper = draw(real_bank, 30, seed=4)
    page = paper_html(paper, SheetSpec(seed=4, format="html"))
    assert not re.search(r"""(src|href)\s*=|@import|url\(|<script|<link""", page)
    assert "size: A4" in page and "break-inside: avoid" in page
    assert '<meta charset="utf-8">' in page and "WenQuanYi Micro Hei" in page
    assert page.count('<article class="item"') == 30


def test_text_helpers_escape_and_split() -> None:
    assert segments(r"a \(x\) b $y$") == [(False, "a "), (True, "x"), (False, " b "), (True, "y")]
    assert escape_md("a*b_c [d] <e>") == r"a\*b\_c \[d\] \<e\>"
    assert escape_md("1. x\n- y\n0.5") == "1\\. x\n\\- y\n0.5"
    assert to_markdown("y = [[b1]]", blanks=True) == "y = **(b1)**＿＿＿＿＿＿"
    blank = '<span class="blank"><span class="blank-id">b1</span></span>'
    assert to_html("a < b [[b1]]", blanks=True) == f"a &lt; b {blank}"


def test_the_key_answers_every_item_the_way_the_grader_reads_it(real_bank: Bank) -> None:
    paper = draw(real_bank, 60, seed=12)
    for item in paper.items:
        entry = build_key(item, real_bank.misconceptions)
        q = item.question
        values = [a.value.zh for a in entry.answers]
        if isinstance(q, schema.Mcq):
            assert values == [", ".join(c.label for c in item.choices if c.option.correct)]
        elif isinstance(q, schema.TrueFalse):
            assert values == ["对" if q.answer else "错"]
        elif isinstance(q, schema.Numeric):
            assert values == [params.format_value(q.answer) + (f" {q.unit}" if q.unit else "")]
            assert entry.answers[0].tolerance == tolerance_text(q.tolerance)
        elif isinstance(q, schema.Fill):
            assert values == [b.accept[0] for b in q.blanks]
        elif isinstance(q, schema.Table):
            assert values == [c.accept[0] for r in q.rows for c in r.cells if isinstance(c, schema.BlankCell)]
        elif isinstance(q, schema.Param):
            assert item.instance is not None
            assert values == [params.format_value(p.answer) + (f" {p.unit}" if p.unit else "")
                              for p in item.instance.parts]
        elif isinstance(q, schema.Short):
            assert entry.reference == q.reference_answer and entry.rubric


def test_wrong_options_appear_as_common_mistakes_with_their_misconception(real_bank: Bank) -> None:
    paper = draw(real_bank, 30, seed=8, types=("mcq",))
    catalogue = real_bank.misconceptions
    for item in paper.items:
        entry = build_key(item, catalogue)
        for choice in item.choices:
            if choice.option.correct or not choice.option.misconception:
                continue
            mistake = next(m for m in entry.mistakes if m.answer.zh == choice.label)
            assert mistake.name == catalogue[choice.option.misconception].name


def test_numeric_keys_with_a_solver_show_worked_steps(real_bank: Bank) -> None:
    paper = draw(real_bank, 15, seed=2, types=("param",), topics=("conv", "pooling", "conv-variants"))
    spec = SheetSpec(seed=2, solutions=True)
    entries = [build_key(i, real_bank.misconceptions) for i in paper.items]
    assert all(e.steps for e in entries)
    text = key_markdown(paper, entries, spec)
    assert text.count("解题步骤 Worked steps") == len(paper.items)
    assert "H\\_out = ⌊(H\\_in + 2P − K) / S⌋ + 1" in text
    page = key_html(paper, entries, SheetSpec(seed=2, solutions=True, format="html"))
    assert page.count('<ol class="steps">') == len(paper.items)


@pytest.mark.parametrize("lang", ["zh", "en", "both"])
def test_languages(real_bank: Bank, lang: str) -> None:
    paper = draw(real_bank, 10, seed=3)
    text = paper_markdown(paper, SheetSpec(seed=3, lang=lang))
    first = paper.items[0].question.stem
    assert ("深度学习" in text) == (lang != "en")
    assert ("Deep learning practice paper" in text) == (lang != "zh")
    if first.en:  # the first words of the English stem, long enough not to occur by chance in Chinese text
        assert (" ".join(first.en.split()[:4]) in text) == (lang != "zh")


def test_key_end_puts_the_key_after_the_paper_on_a_new_page(real_bank: Bank) -> None:
    paper = draw(real_bank, 8, seed=6)
    entries = [build_key(i, real_bank.misconceptions) for i in paper.items]
    page = paper_html(paper, SheetSpec(seed=6, key="end", format="html"), entries)
    assert page.index('<main class="paper">') < page.index('<section class="key">')
    assert ".key { break-before: page; }" in page
