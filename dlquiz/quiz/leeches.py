"""Leeches: items forgotten again and again, which need re-learning from the explanation, not more drilling.

An item is a leech once it has lapsed `leech_lapses` times (8 by default, as in Anki), a lapse being an
answer rated "again" right after a correct one (`Store.lapse_counts`). Before a leech is asked again, the
front end shows its note: the explanation, its linked demonstration and a few related items. The note is
shown once per lapse, not before every asking: read once, it would otherwise hand over the answer each time
and the schedule would learn that the item is easy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dlquiz.bank import schema
from dlquiz.bank.loader import Bank
from dlquiz.quiz.scheduling import card_id
from dlquiz.quiz.settings import Settings

SHOWN_KEY = "leech_notes"  # setting: {card id: the lapse count when its note was last shown}


@dataclass(frozen=True)
class LeechNote:
    """What to read before a leech is asked again."""

    question: schema.QuestionBase
    lapses: int
    explanation: schema.Text | None
    demo: schema.DemoLink | None
    related: list[schema.QuestionBase] = field(default_factory=list)

    @property
    def demo_command(self) -> str | None:
        """The command that runs the linked demonstration, with its arguments."""
        if self.demo is None:
            return None
        args = " ".join(f"--{key.replace('_', '-')} {value}" for key, value in self.demo.args.items())
        return f"dlquiz demo {self.demo.name}" + (f" {args}" if args else "")


def leeches(bank: Bank, store: Any, settings: Settings | None = None) -> dict[str, int]:
    """The leeches among the bank's items: card id → lapses, most lapses first (ties by id)."""
    threshold = (settings or Settings.load(store)).leech_lapses
    live = {card_id(q.id) for q in bank.questions if q.status != "retired"}
    found = {cid: n for cid, n in store.lapse_counts().items() if n >= threshold and cid in live}
    return dict(sorted(found.items(), key=lambda item: (-item[1], item[0])))


def related_items(bank: Bank, question: schema.QuestionBase, limit: int = 3) -> list[schema.QuestionBase]:
    """Up to `limit` other items of the same topic, those sharing most tags (then the same demo) first."""
    tags = set(question.tags)
    demo = question.demo.name if question.demo else None
    others = [q for q in bank.questions if q.topic == question.topic and q.id != question.id and q.status != "retired"]
    others.sort(key=lambda q: (-len(tags & set(q.tags)), not (demo and q.demo and q.demo.name == demo),
                               abs(q.difficulty - question.difficulty), q.id))
    return others[:limit]


def leech_note(bank: Bank, store: Any, question: schema.QuestionBase, settings: Settings | None = None,
               explanation: schema.Text | None = None) -> LeechNote | None:
    """The note to show before asking `question`, or None when it is no leech or its note was shown since
    its last lapse.

    Args:
        explanation: the explanation to show (a parametric item's, filled in for its drawn numbers); default
            the item's own.
    """
    settings = settings or Settings.load(store)
    cid = card_id(question.id)
    lapses = store.lapse_counts().get(cid, 0)
    if lapses < settings.leech_lapses or store.get_setting(SHOWN_KEY, {}).get(cid, 0) >= lapses:
        return None
    return LeechNote(question, lapses, explanation or getattr(question, "explanation", None), question.demo,
                     related_items(bank, question))


def mark_shown(store: Any, note: LeechNote) -> None:
    """Records that the learner saw `note`, so it is not shown again until the item lapses once more."""
    shown = dict(store.get_setting(SHOWN_KEY, {}))
    shown[card_id(note.question.id)] = note.lapses
    store.set_setting(SHOWN_KEY, shown)
