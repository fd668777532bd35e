"""Whatever a learner types, grading executes nothing and never raises (issue 6, item 6)."""

from __future__ import annotations

import builtins
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dlquiz.bank import load_bank
from dlquiz.locations import packaged_bank_dir
from dlquiz.quiz.grading import Normaliser, grade

DATA = Path(__file__).resolve().parents[2] / "data"
BANK = load_bank(DATA / "bank-valid", catalogues=packaged_bank_dir())
NORMALISER = Normaliser(BANK.synonyms)
TEXT_ITEMS = [q for q in BANK.questions if q.type != "param"]

HOSTILE = [
    "__import__('os').system('touch /tmp/dlquiz-pwned')",
    "().__class__.__bases__[0].__subclasses__()",
    "lambda: __import__('os')",
    "y.__class__.__mro__",
    "exec('1')", "eval('1')", "open('/etc/passwd').read()",
    "(" * 5000 + "1" + ")" * 5000,
    "9**9**9**9**9",
    "1e308*1e308",
    "2^99999999",
    "x" * 1_000_000,
    "\x00\x01\ud800",
    "sigma(sigma(sigma(" * 30,
    "y(" * 100 + "1" + ")" * 100,
]


@pytest.fixture
def no_imports(monkeypatch: pytest.MonkeyPatch):
    """Fails the test if grading imports os, subprocess or anything that could run a command."""
    real = builtins.__import__

    def guarded(name, *args, **kwargs):
        if name.split(".")[0] in ("os", "subprocess", "shutil", "socket", "pty"):
            calling = args[0].get("__name__", "") if args and isinstance(args[0], dict) else ""
            if not calling.startswith(("sympy", "mpmath", "importlib", "unicodedata", "pathlib", "tempfile")):
                raise AssertionError(f"grading imported {name} from {calling}")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", guarded)


@pytest.mark.parametrize("answer", HOSTILE, ids=range(len(HOSTILE)))
@pytest.mark.parametrize("item", TEXT_ITEMS, ids=lambda q: q.type)
def test_hostile_answers_are_just_wrong(item, answer: str, no_imports, tmp_path: Path) -> None:
    shaped = {b: answer for b in ("b1", "c1", "c2", "c3", "c4")} if item.type in ("fill", "table") else answer
    result = grade(item, shaped, NORMALISER)
    assert 0.0 <= result.score <= 1.0
    assert not Path("/tmp/dlquiz-pwned").exists()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer=st.one_of(st.text(max_size=300), st.binary(max_size=100).map(lambda b: b.decode("latin-1")),
                        st.from_regex(r"[-+*/^()y0-9.e ]{0,60}", fullmatch=True)),
       index=st.integers(min_value=0, max_value=len(TEXT_ITEMS) - 1))
def test_random_answers_never_raise(answer: str, index: int) -> None:
    item = TEXT_ITEMS[index]
    shaped = {"b1": answer, "c1": answer} if item.type in ("fill", "table") else answer
    result = grade(item, shaped, NORMALISER)
    assert 0.0 <= result.score <= 1.0
