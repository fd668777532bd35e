"""Checks the meaning of a loaded bank: keys, references, quotes, formulas and template golden cases.

Every problem is collected with its file and line; nothing stops at the first.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dlquiz import locations
from dlquiz.bank import params, schema
from dlquiz.bank.instance import SolverMissing, run_solver, solve
from dlquiz.bank.loader import Bank, Located
from dlquiz.bank.problems import Problem

BLANK_MARK = re.compile(r"\[\[([A-Za-z0-9_-]+)\]\]")
MATH = re.compile(r"\\\((.+?)\\\)|\$(.+?)\$", re.S)
LATEX_COMMAND = re.compile(r"\\([A-Za-z]+)")
KNOWN_LATEX = frozenset((
    "frac", "dfrac", "tfrac", "sqrt", "sum", "prod", "int", "lim", "log", "ln", "exp", "max", "min", "arg",
    "argmax", "argmin", "sin", "cos", "tan", "tanh", "sigma", "left", "right", "lfloor", "rfloor", "lceil",
    "rceil", "cdot", "times", "div", "pm", "mp", "leq", "geq", "le", "ge", "neq", "approx", "equiv", "sim",
    "propto", "infty", "partial", "nabla", "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta",
    "eta", "theta", "lambda", "mu", "nu", "xi", "pi", "rho", "tau", "phi", "varphi", "chi", "psi", "omega",
    "Gamma", "Delta", "Theta", "Lambda", "Sigma", "Phi", "Psi", "Omega", "mathbb", "mathbf", "mathrm", "mathcal",
    "boldsymbol", "text", "textbf", "hat", "tilde", "bar", "vec", "dot", "ddot", "overline", "underline", "in",
    "notin", "subset", "cup", "cap", "forall", "exists", "to", "rightarrow", "leftarrow", "Rightarrow", "mapsto",
    "odot", "otimes", "oplus", "top", "quad", "qquad", "ldots", "cdots", "vdots", "ddots", "begin", "end", "cases",
    "lvert", "rvert", "vert", "lVert", "rVert", "mid", "operatorname", "displaystyle", "big", "Big", "bigg",
    "Bigg", "circ", "prime", "ell", "mathit",
))  # the commands latex2mathml renders; anything else is a typo


class SeedIndex:
    """The seed files, normalised once so quotes can be found regardless of spacing and width."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self._texts: dict[str, str | None] = {}

    def text(self, name: str) -> str | None:
        if name not in self._texts:
            path = self.directory / name if self.directory else None
            self._texts[name] = normalise(path.read_text("utf-8")) if path and path.is_file() else None
        return self._texts[name]


def normalise(text: str) -> str:
    """NFKC (full-width → half-width) with all whitespace removed."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def known_audit_ids(seeds: Path | None) -> set[str] | None:
    """Audit ids defined in seed-audit.md beside the seeds, or None when it is not present."""
    if seeds is None:
        return None
    audit = seeds.parent / "content" / "seed-audit.md"
    if not audit.is_file():
        return None
    return set(re.findall(r"^\|\s*(A\d{2}b?)\s*\|", audit.read_text("utf-8"), re.M))


def check_bank(bank: Bank, seeds: Path | None = None) -> list[Problem]:
    """Every problem in the bank: those found while loading, then those of meaning. Sorted by place."""
    seeds = seeds if seeds is not None else locations.seeds_dir()
    context = _Context(bank, SeedIndex(seeds), known_audit_ids(seeds))
    problems = list(bank.problems)
    problems.extend(_formula_problems(bank))
    for entry_id, entry in bank.misconceptions.items():
        problems.extend(context.misconception(entry_id, entry, bank.misconception_where[entry_id]))
    for question in bank.questions:
        located = bank.where[question.id]
        problems.extend(Problem(located.file, line, question.id, message)
                        for line, message in context.question(question, located))
    return sorted(set(problems))


class _Context:
    def __init__(self, bank: Bank, seeds: SeedIndex, audit_ids: set[str] | None) -> None:
        self.bank = bank
        self.seeds = seeds
        self.audit_ids = audit_ids
        self.topics = {t.slug for t in bank.syllabus.topics} if bank.syllabus else None
        self.question_ids = {q.id for q in bank.questions}

    def misconception(self, entry_id: str, entry: schema.Misconception, where: Located) -> Iterator[Problem]:
        def problem(message: str, *path: Any) -> Problem:
            return Problem(where.file, where.line_of(*path), entry_id, message)

        if self.topics is not None and entry.topic not in self.topics:
            yield problem(f"unknown topic `{entry.topic}`{_closest(entry.topic, self.topics)}", "topic")
        yield from (problem(m, "audit") for m in self._audit(entry.audit))
        for index, see in enumerate(entry.see):
            if see.question and see.question not in self.question_ids and self.question_ids:
                yield problem(f"`see` names question `{see.question}`, which is not in the bank", "see", index)
            if see.topic and self.topics is not None and see.topic not in self.topics:
                yield problem(f"`see` names unknown topic `{see.topic}`", "see", index)

    def _audit(self, ids: list[str]) -> Iterator[str]:
        if self.audit_ids is None:
            return
        for audit_id in ids:
            if audit_id not in self.audit_ids:
                yield f"unknown audit id `{audit_id}`; see seed-audit.md §2"

    def _misconception_ref(self, ref: str | None) -> Iterator[str]:
        if ref is not None and ref not in self.bank.misconceptions:
            yield f"unknown misconception `{ref}`; add it to misconceptions.yaml or fix the id"

    def question(self, q: schema.QuestionBase, where: Located) -> Iterator[tuple[int, str]]:
        if self.topics is not None and q.topic not in self.topics:
            yield where.line_of("topic"), f"unknown topic `{q.topic}`{_closest(q.topic, self.topics)}"
        for message in self._audit(q.audit):
            yield where.line_of("audit"), message
        for index, source in enumerate(q.source):
            if isinstance(source, schema.SeedSource):
                for message in self._quote(source):
                    yield where.line_of("source", index, "quote"), message
        if q.demo is not None:
            for message in _demo_problems(q.demo):
                yield where.line_of("demo"), message
        yield from getattr(self, f"_{q.type}")(q, where)

    def _quote(self, source: schema.SeedSource) -> Iterator[str]:
        if self.seeds.directory is None:
            return
        text = self.seeds.text(source.seed)
        if text is None:
            yield f"seed file `{source.seed}` does not exist in {self.seeds.directory}"
        elif normalise(source.quote) not in text:
            yield f"quote not found in {source.seed}: {source.quote[:40]!r}; copy it verbatim from the seed"

    def _options(self, q: schema.Mcq, where: Located) -> Iterator[tuple[int, str]]:
        keys = Counter(o.key for o in q.options)
        texts = Counter(o.text.zh.strip() for o in q.options)
        for index, option in enumerate(q.options):
            line = where.line_of("options", index)
            if keys[option.key] > 1:
                yield line, f"option key `{option.key}` is used twice"
            if texts[option.text.zh.strip()] > 1:
                yield line, f"two options have the same text {option.text.zh[:30]!r}"
            for message in self._misconception_ref(option.misconception):
                yield line, message

    def _mcq(self, q: schema.Mcq, where: Located) -> Iterator[tuple[int, str]]:
        correct = sum(o.correct for o in q.options)
        if correct != 1:
            yield where.line_of("options"), f"an mcq needs exactly one correct option, this one has {correct}"
        yield from self._options(q, where)

    def _multi(self, q: schema.Multi, where: Located) -> Iterator[tuple[int, str]]:
        if not any(o.correct for o in q.options):
            yield where.line_of("options"), "a multi item needs at least one correct option"
        yield from self._options(q, where)

    def _tf(self, q: schema.TrueFalse, where: Located) -> Iterator[tuple[int, str]]:
        for message in self._misconception_ref(q.misconception):
            yield where.line_of("misconception"), message

    def _mistakes(self, mistakes: list[schema.Mistake], where: Located, *path: Any) -> Iterator[tuple[int, str]]:
        for index, mistake in enumerate(mistakes):
            for message in self._misconception_ref(mistake.misconception):
                yield where.line_of(*path, index), message

    def _numeric(self, q: schema.Numeric, where: Located) -> Iterator[tuple[int, str]]:
        yield from self._mistakes(q.common_mistakes, where, "common_mistakes")
        for index, mistake in enumerate(q.common_mistakes):
            if isinstance(mistake.answer, int | float) and within(float(mistake.answer), q.answer, q.tolerance):
                yield where.line_of("common_mistakes", index), "a common mistake equals the key within tolerance"
        if q.compute is None:
            return
        line = where.line_of("compute")
        try:
            outputs = run_solver(q.compute.solver, dict(q.compute.args))
            value = params.lookup(q.compute.output, outputs)
        except SolverMissing:
            yield line, f"unknown solver `{q.compute.solver}`; see solvers/registry.py"
            return
        except (KeyError, IndexError):
            yield line, f"solver `{q.compute.solver}` has no output `{q.compute.output}`"
            return
        except (TypeError, ValueError) as exc:
            yield line, f"solver `{q.compute.solver}` rejected its arguments: {exc}"
            return
        if not isinstance(value, int | float) or not within(float(value), q.answer, q.tolerance):
            yield where.line_of("answer"), f"the key {q.answer} differs from the solver's {value}"

    def _fill(self, q: schema.Fill, where: Located) -> Iterator[tuple[int, str]]:
        ids = [b.id for b in q.blanks]
        for lang, stem in (("zh", q.stem.zh), ("en", q.stem.en)):
            if stem is None:
                continue
            marks = BLANK_MARK.findall(stem)
            if sorted(marks) != sorted(ids):
                yield where.line_of("stem"), (
                    f"the {lang} stem has blanks {marks or 'none'} but `blanks` defines {ids}; "
                    "mark each blank once as [[id]]"
                )
        for index, blank in enumerate(q.blanks):
            yield from self._mistakes(blank.common_mistakes, where, "blanks", index, "common_mistakes")

    def _table(self, q: schema.Table, where: Located) -> Iterator[tuple[int, str]]:
        blanks: Counter[str] = Counter()
        for r, row in enumerate(q.rows):
            if len(row.cells) != len(q.columns):
                yield where.line_of("rows", r), f"row {r + 1} has {len(row.cells)} cells for {len(q.columns)} columns"
            for c, cell in enumerate(row.cells):
                if isinstance(cell, schema.BlankCell):
                    blanks[cell.blank] += 1
                    yield from self._mistakes(cell.common_mistakes, where, "rows", r, "cells", c, "common_mistakes")
        if not blanks:
            yield where.line_of("rows"), "a table item needs at least one blank cell"
        for blank, count in blanks.items():
            if count > 1:
                yield where.line_of("rows"), f"blank id `{blank}` is used {count} times"

    def _short(self, q: schema.Short, where: Located) -> Iterator[tuple[int, str]]:
        total = sum(k.weight for k in q.keywords)
        if q.max_score is not None and not math.isclose(q.max_score, total):
            yield where.line_of("max_score"), (
                f"`max_score` is {q.max_score} but the keyword weights add up to {total:g}")
        if q.pass_score > (q.max_score or total):
            yield where.line_of("pass_score"), "`pass_score` is above the maximum score"

    def _param(self, q: schema.Param, where: Located) -> Iterator[tuple[int, str]]:
        from solvers import SolverError

        for index, constraint in enumerate(q.constraints):
            try:
                expression = params.parse(constraint)
            except params.ExpressionError as exc:
                yield where.line_of("constraints", index), str(exc)
                continue
            unknown = expression.names - set(q.params)
            if unknown:
                yield where.line_of("constraints", index), f"unknown parameter(s) {', '.join(sorted(unknown))}"
        for index, golden in enumerate(q.golden):
            line = where.line_of("golden", index)
            missing = set(q.params) - set(golden.params)
            if missing:
                yield line, f"golden case {index + 1} lacks parameter(s) {', '.join(sorted(missing))}"
                continue
            try:
                outputs = solve(q, dict(golden.params))
            except SolverMissing:
                yield where.line_of("solver"), f"unknown solver `{q.solver}`; see solvers/registry.py"
                return
            except (SolverError, TypeError, ValueError, KeyError) as exc:
                yield line, f"golden case {index + 1}: the solver rejected it: {exc}"
                continue
            yield from _golden_mismatches(q, index, golden, outputs, line)
            if index == 0:
                yield from _render_problems(q, golden.params, outputs, where)
        try:
            from dlquiz.bank.instance import instantiate

            instantiate(q, seed=0)
        except (params.NoConfiguration, params.ExpressionError) as exc:
            yield where.line_of("params"), f"cannot draw a configuration: {exc}"


def _demo_problems(link: schema.DemoLink) -> Iterator[str]:
    """A `demo:` link whose args are not valid options of that demonstration (names, types, ranges)."""
    from dlquiz.demos.catalog import validate  # pure Python: no NumPy, no engine
    from dlquiz.errors import UsageError

    try:
        validate(link.name, dict(link.args))
    except UsageError as exc:
        yield f"demo args: {exc}"


def _formula_problems(bank: Bank) -> Iterator[Problem]:
    """Unbalanced braces and unknown commands in `\\( … \\)` and `$ … $` formulas, read off each file's text.

    Working on the raw text is much faster than walking every model, and gives exact lines.
    """
    files: dict[str, tuple[str, list[tuple[int, str]]]] = {}
    for item_id, located in bank.where.items():
        text, starts = files.setdefault(located.file, (located.lines.text, []))
        starts.append((located.line, item_id))
    for file, (text, starts) in files.items():
        if "$" not in text and "\\(" not in text:
            continue
        starts.sort()
        for match in MATH.finditer(text):
            formula = (match.group(1) or match.group(2) or "").replace("\\\\", "\\")
            line = text.count("\n", 0, match.start()) + 1
            owner = next((item for start, item in reversed(starts) if start <= line), "")
            depth = 0
            for char in formula.replace("\\{", "").replace("\\}", ""):
                depth += {"{": 1, "}": -1}.get(char, 0)
                if depth < 0:
                    break
            if depth != 0:
                yield Problem(file, line, owner, f"unbalanced braces in formula {formula[:40]!r}")
            unknown = sorted(set(LATEX_COMMAND.findall(formula)) - KNOWN_LATEX)
            if unknown:
                yield Problem(file, line, owner, f"unknown LaTeX command(s) {', '.join(unknown)} in {formula[:40]!r}")


def _golden_mismatches(q: schema.Param, index: int, golden: schema.Golden, outputs: dict[str, Any],
                       line: int) -> Iterator[tuple[int, str]]:
    for name, expected in golden.expect.items():
        try:
            actual = params.lookup(name, outputs)
        except (KeyError, IndexError):
            yield line, f"golden case {index + 1}: the solver has no output `{name}`"
            continue
        if not _same(actual, expected):
            yield line, f"golden case {index + 1}: `{name}` is {actual}, expected {expected}"
    for part in q.parts:
        try:
            params.lookup(part.output, outputs)
        except (KeyError, IndexError):
            yield line, f"part `{part.key}` asks for output `{part.output}`, which the solver does not give"


def _render_problems(q: schema.Param, values: dict[str, Any], outputs: dict[str, Any],
                     where: Located) -> Iterator[tuple[int, str]]:
    context = {**values, **outputs}
    texts = [("stem", q.stem), ("explanation_template", q.explanation_template)]
    texts += [(("parts", i, "stem"), p.stem) for i, p in enumerate(q.parts)]  # type: ignore[misc]
    for path, text in texts:
        for value in (text.zh, text.en):
            if value is None:
                continue
            try:
                params.render(value, context)
            except (KeyError, IndexError, ValueError) as exc:
                at = path if isinstance(path, tuple) else (path,)
                yield where.line_of(*at), f"placeholder {exc} is neither a parameter nor a solver output"


def _same(actual: Any, expected: Any) -> bool:
    if isinstance(expected, list | tuple):
        return isinstance(actual, list | tuple) and len(actual) == len(expected) and all(
            _same(a, e) for a, e in zip(actual, expected, strict=True))
    if isinstance(expected, bool) or isinstance(actual, bool):
        return actual == expected
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return math.isclose(actual, expected, rel_tol=1e-6, abs_tol=1e-9)
    return bool(actual == expected)


def within(value: float, key: float, tolerance: schema.Tolerance) -> bool:
    """True when `value` matches `key` under either bound of the tolerance."""
    if tolerance.abs is not None and abs(value - key) <= tolerance.abs + 1e-12:
        return True
    return tolerance.rel is not None and abs(value - key) <= tolerance.rel * abs(key) + 1e-12


def _closest(name: str, known: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    close = close or sorted(k for k in known if name.startswith(k) or k.startswith(name))[:1]
    return f" (did you mean `{close[0]}`?)" if close else "; use a slug from syllabus.yaml"


def _texts(item: Any) -> Iterator[str]:
    """Every string inside a model (recursively), for formula checks and search."""
    if isinstance(item, str):
        yield item
    elif isinstance(item, schema.Text):
        yield item.zh
        if item.en:
            yield item.en
    elif isinstance(item, schema.Model):
        for name in type(item).model_fields:
            if name not in ("source", "id", "topic", "type"):
                yield from _texts(getattr(item, name))
    elif isinstance(item, list | tuple):
        for element in item:
            yield from _texts(element)
