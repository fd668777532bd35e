"""Fixtures for the plan tests: a store whose study day is Shanghai's, and overdue cards."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from plan_helpers import T0, review_card

from dlquiz.store import Store
from dlquiz.store.transfer import FORMAT, VERSION


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "dlquiz.db") as opened:
        opened.set_setting("timezone", "Asia/Shanghai")
        yield opened


@pytest.fixture
def overdue() -> Callable[..., None]:
    """Stores review cards for the given ids, last reviewed `ago` days before T0 and due `late` days ago."""

    def put(store: Store, ids: list[str], stability: Callable[[int], float], ago: float = 30,
            late: float = 10) -> None:
        cards = {cid: review_card(stability(n), T0 - timedelta(days=ago), T0 - timedelta(days=late), number=n + 1)
                 for n, cid in enumerate(ids)}
        # One transaction for all of them (a commit per card is a disk sync each).
        store.import_data({"format": FORMAT, "version": VERSION, "attempts": [], "cards": cards, "settings": {}})

    return put
