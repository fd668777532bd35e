"""What every screen shares, held in plain objects: the bank, the store, the clock, the seed.

The bank and the store are loaded in a worker after the first paint (`load`), so the home screen appears
at once; screens show a placeholder until `ready`. Tests pass a fixed `now`, `seed` and `clock` so that
pictures are the same on every run.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dlquiz.bank import Bank
    from dlquiz.store import Store


@dataclass
class Context:
    """Shared state of one app run.

    Attributes:
        bank_root: the bank to load (None: `DLQUIZ_BANK` or the packaged bank).
        seed: seed of every session started (None: a new random draw each time).
        clock: monotonic seconds, for the exam timer (tests freeze it).
        now: the current time for progress figures (tests fix it; None means the real time).
    """

    bank_root: Path | None = None
    seed: int | None = None
    clock: Callable[[], float] = time.monotonic
    now: Callable[[], datetime] | None = None
    bank: Bank | None = None
    store: Store | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    error: str = ""

    def open_store(self) -> None:
        """Opens the progress store and reads the settings (the language and theme come from here)."""
        from dlquiz.store import Store

        self.store = Store.open()
        self.settings = {key: self.store.get_setting(f"tui.{key}") for key in ("lang", "theme", "exams")}

    def load_bank(self) -> None:
        """Loads the question bank (about half a second for the full bank)."""
        from dlquiz import bank

        self.bank = bank.load(self.bank_root)

    def current_time(self) -> datetime:
        if self.now is not None:
            return self.now()
        from dlquiz.quiz.scheduling import now

        return now()

    def save_setting(self, key: str, value: Any) -> None:
        """Persists a setting of the app (`tui.<key>`) when the store is open."""
        self.settings[key] = value
        if self.store is not None:
            self.store.set_setting(f"tui.{key}", value)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None
