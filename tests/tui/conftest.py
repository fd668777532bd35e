"""Fixtures for the app's tests: the TUI bank (one item of every type), fixed seed, frozen clock, fixed now.

The autouse fixture in tests/conftest.py already gives each test an empty DLQUIZ_HOME.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import dlquiz
from dlquiz.tui.app import DlquizApp, make_app

BANK = Path(__file__).resolve().parents[1] / "data" / "bank-tui"
SEED = 7
NOW = datetime(2025, 6, 10, 12, 0, tzinfo=UTC)  # noon UTC: the same local date from UTC−11 to UTC+11


class FrozenClock:
    """Monotonic seconds that only move when a test says so (the exam timer and answer durations)."""

    def __init__(self, start: float = 1000.0) -> None:
        self.value = start

    def __call__(self) -> float:
        return self.value


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def app_factory(monkeypatch: pytest.MonkeyPatch, clock: FrozenClock) -> Callable[..., DlquizApp]:
    """Builds an app on the TUI bank with a fixed seed, a frozen clock and a fixed 'now'."""
    monkeypatch.setenv("DLQUIZ_BANK", str(BANK))

    def build(**options: Any) -> DlquizApp:
        options.setdefault("seed", SEED)
        return make_app(bank=BANK, clock=clock, now=lambda: NOW, **options)

    return build


async def _loaded(pilot: Any) -> None:
    # The load starts after the first paint, so wait for the flag rather than for workers that may not exist yet.
    for _ in range(400):
        if pilot.app.ready or pilot.app.ctx.error:
            break
        await pilot.pause(0.02)
    assert pilot.app.ready, pilot.app.ctx.error or "the bank did not load"
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def loaded() -> Callable[[Any], Any]:
    """`await loaded(pilot)` waits until the bank and the store are loaded and the screen has settled."""
    return _loaded


@dataclass
class FakeDemoInfo:
    name: str
    title_zh: str
    title_en: str
    summary_zh: str
    summary_en: str


@dataclass
class FakeSeries:
    name: str
    x: list[float]
    y: list[float]
    panel: str = ""
    xlabel: str = ""
    ylabel: str = ""
    yscale: str = "linear"
    kind: str | None = None


@dataclass
class FakeResult:
    series: list[FakeSeries]
    tables: list[tuple[str, list[str], list[list[Any]]]]
    text_zh: str
    text_en: str
    calls: list[Any] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"series": [s.__dict__ for s in self.series], "tables": self.tables}


@pytest.fixture
def fake_demos(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    """A stand-in `dlquiz.demos` with the agreed API (the real one is built in another branch).

    `activations` computes sigmoid and its derivative on a grid, deterministically from the seed, and
    reports progress twice; `runs` records each call's name, seed and options.
    """
    import math

    module = types.ModuleType("dlquiz.demos")
    module.runs = []  # type: ignore[attr-defined]

    def list_demos() -> list[FakeDemoInfo]:
        return [
            FakeDemoInfo("activations", "激活函数及其导数", "Activations and their derivatives",
                         "sigmoid 的导数最大只有 0.25", "the sigmoid's derivative peaks at 0.25"),
            FakeDemoInfo("conv", "卷积的滑动窗口", "Sliding a convolution", "输出尺寸如何得到",
                         "where the output size comes from"),
        ]

    def run(name: str, seed: int = 0, progress: Callable[..., None] | None = None, **options: Any) -> FakeResult:
        module.runs.append((name, seed, options))  # type: ignore[attr-defined]
        xs = [i / 2 for i in range(-12, 13)]
        sig = [1 / (1 + math.exp(-x)) for x in xs]
        if progress:
            progress(0.5, "half way")
            progress(2, 2)
        return FakeResult(
            series=[FakeSeries("sigmoid", xs, sig, panel="sigmoid", xlabel="x"),
                    FakeSeries("derivative", xs, [s * (1 - s) for s in sig], panel="sigmoid", xlabel="x")],
            tables=[("max derivative", ["function", "max", "at x"], [["sigmoid", 0.25, 0.0], ["tanh", 1.0, 0.0]])],
            text_zh="sigmoid 导数最大 0.25（x=0），课程材料第 2 节。",
            text_en="The sigmoid's derivative peaks at 0.25.",
        )

    module.list_demos = list_demos  # type: ignore[attr-defined]
    module.run = run  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "dlquiz.demos", module)
    # `from dlquiz import demos` finds the package attribute first once the real module was imported.
    monkeypatch.setattr(dlquiz, "demos", module, raising=False)
    return module


@pytest.fixture
def right_answer() -> Callable[[Any], list[str]]:
    """`right_answer(presented)`: the keys a learner who knows the answer presses (every type but short)."""
    return _right_answer


def _right_answer(presented: Any) -> list[str]:
    q = presented.question
    if presented.options:
        return [str(i + 1) for i, (_, o) in enumerate(presented.options) if o.correct] + ["enter"]
    if q.type == "tf":
        return ["1" if q.answer else "2", "enter"]
    if q.type == "numeric":
        return [*f"{q.answer:g}", "enter"]
    if q.type == "fill":
        return [*q.blanks[0].accept[0], "enter"]
    if q.type == "table":
        keys: list[str] = []
        for row in q.rows:
            for cell in row.cells:
                if hasattr(cell, "blank"):
                    keys += [*cell.accept[0], "enter"]
        return keys
    if q.type == "param":
        keys = []
        for part in presented.instance.parts:
            keys += [*str(part.answer), "enter"]
        return keys
    raise AssertionError(f"no key presses for {q.type}")


@pytest.fixture
def fixed_now() -> datetime:
    """The 'now' every test app uses."""
    return NOW
