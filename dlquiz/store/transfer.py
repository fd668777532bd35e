"""Export and merge of progress, so a student can move it between machines or back it up as JSON.

The format is `{"format": "dlquiz-progress", "version": 1, "attempts": [...], "cards": {...},
"settings": {...}}`. Merging is idempotent: attempts are keyed by their uuid, a card keeps whichever state
was reviewed last, and settings already chosen on this machine win. The whole input is checked before
anything is written, and the first problem is reported in one line naming where it is.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from dlquiz.store import queries
from dlquiz.store.errors import StoreError
from dlquiz.store.models import Attempt, to_json

FORMAT = "dlquiz-progress"
VERSION = 1
_SECTIONS = {"attempts": list, "cards": dict, "settings": dict}


@dataclass(frozen=True)
class Plan:
    """A validated export, ready to merge."""

    attempts: list[Attempt]
    cards: dict[str, dict[str, Any]]
    settings: dict[str, Any]


def export_data(conn: sqlite3.Connection) -> dict[str, Any]:
    """Every attempt (oldest first), card state and setting, in the export format."""
    attempts = [attempt.to_dict() for attempt in queries.select_attempts(conn, None, None, None)]
    cards = {cid: json.loads(state) for cid, state in conn.execute("SELECT card_id, state FROM cards ORDER BY 1")}
    settings = {key: json.loads(value) for key, value in conn.execute("SELECT key, value FROM settings ORDER BY 1")}
    return {"format": FORMAT, "version": VERSION, "attempts": attempts, "cards": cards, "settings": settings}


def validate(data: Any) -> Plan:
    """Checks an export's structure and every record in it.

    Raises:
        StoreError: the first problem, e.g. `progress import: attempts[3]: score must be a number from 0 to 1…`.
    """
    if not isinstance(data, dict):
        raise _bad(f"expected a JSON object, not {type(data).__name__}")
    if data.get("format") != FORMAT:
        raise _bad(f"not a dlquiz progress export (format is {data.get('format')!r}, expected {FORMAT!r})")
    version = data.get("version")
    if type(version) is not int or version < 1:
        raise _bad(f"version must be a positive integer, not {version!r}")
    if version > VERSION:
        raise _bad(f"written by a newer dlquiz (format version {version}; this one reads {VERSION}): upgrade dlquiz")
    unknown = sorted(set(data) - {"format", "version", *_SECTIONS})
    if unknown:
        raise _bad(f"unknown field {unknown[0]!r}")
    for name, kind in _SECTIONS.items():
        if not isinstance(data.get(name), kind):
            raise _bad(f"{name} must be a JSON {'array' if kind is list else 'object'}, not {data.get(name)!r:.40}")
    attempts = []
    for n, record in enumerate(data["attempts"]):
        try:
            if not isinstance(record, dict):
                raise ValueError(f"expected an object, not {type(record).__name__}")
            attempt = Attempt.from_dict(record)
            to_json([attempt.answer, attempt.params])
        except (TypeError, ValueError) as exc:
            raise _bad(f"attempts[{n}]: {exc}") from None
        attempts.append(attempt)
    for card_id, card in data["cards"].items():
        try:
            if not card_id:
                raise ValueError("empty card id")
            queries.card_times(card)
            to_json(card)
        except (TypeError, ValueError) as exc:
            raise _bad(f"cards[{card_id!r}]: {exc}") from None
    for key, value in data["settings"].items():
        try:
            to_json(value)
        except (TypeError, ValueError) as exc:
            raise _bad(f"settings[{key!r}]: {exc}") from None
    return Plan(attempts, dict(data["cards"]), dict(data["settings"]))


def merge(conn: sqlite3.Connection, plan: Plan) -> dict[str, int]:
    """Writes a validated export into the store (inside the caller's transaction); returns what was new."""
    added = {"attempts": 0, "cards": 0, "settings": 0}
    for attempt in plan.attempts:
        added["attempts"] += queries.insert_attempt(conn, attempt, skip_known=True)
    for card_id, card in plan.cards.items():
        row = conn.execute("SELECT last_review FROM cards WHERE card_id = ?", (card_id,)).fetchone()
        _, incoming = queries.card_times(card)
        # Times are stored as fixed-width UTC text, so comparing the text compares the times.
        if row is None or (incoming is not None and (row[0] is None or incoming > row[0])):
            queries.upsert_card(conn, card_id, card)
            added["cards"] += 1
    for key, value in plan.settings.items():
        cursor = conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", (key, to_json(value))
        )
        added["settings"] += cursor.rowcount
    return added


def _bad(message: str) -> StoreError:
    return StoreError(f"progress import: {message}")
