"""Finding items by text, in Chinese or English, and listing them by topic and type."""

from __future__ import annotations

import unicodedata

from dlquiz.bank import schema
from dlquiz.bank.stats import _all_texts


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def search(questions: list[schema.QuestionBase], query: str) -> list[schema.QuestionBase]:
    """Items whose id, tags or any text (zh or en) contain every word of `query`, case-insensitively."""
    words = [_fold(w) for w in query.split()]
    found = []
    for question in questions:
        haystack = " ".join(
            [question.id, *question.tags, *(t.zh for t in _all_texts(question)),
             *(t.en for t in _all_texts(question) if t.en)]
        )
        folded = _fold(haystack)
        if words and all(w in folded for w in words):
            found.append(question)
    return found


def select(
    questions: list[schema.QuestionBase], topics: list[str] | None = None, types: list[str] | None = None
) -> list[schema.QuestionBase]:
    """Items of the given topics and types (None means any)."""
    return [
        q for q in questions
        if (not topics or q.topic in topics) and (not types or q.type in types)
    ]
