"""Counts over the bank: items per topic and type, bilingual share, distractor coverage."""

from __future__ import annotations

from collections import Counter
from typing import Any

from dlquiz.bank import schema
from dlquiz.bank.loader import Bank


def _all_texts(item: Any) -> list[schema.Text]:
    found: list[schema.Text] = []

    def walk(value: Any) -> None:
        if isinstance(value, schema.Text):
            found.append(value)
        elif isinstance(value, schema.Model):
            for name in type(value).model_fields:
                walk(getattr(value, name))
        elif isinstance(value, list | tuple):
            for element in value:
                walk(element)
        elif isinstance(value, dict):
            for element in value.values():
                walk(element)

    walk(item)
    return found


def _needs_translation(text: schema.Text) -> bool:
    """Texts without Chinese characters (`7×7`, `ReLU`, a formula) read the same in both languages."""
    return not text.en and any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text.zh)


def is_bilingual(item: schema.QuestionBase) -> bool:
    """True when every text of the item that has Chinese in it has an English version beside it."""
    return not any(_needs_translation(text) for text in _all_texts(item))


def bank_stats(bank: Bank) -> dict[str, Any]:
    """The figures of `dlquiz bank stats --json` (templates count in by_topic and by_type too)."""
    items = [q for q in bank.questions if q.status != "retired"]
    templates = sum(q.type == "param" for q in items)
    wrong = [o for q in items if isinstance(q, schema.Mcq) for o in q.options if not o.correct]
    explained = sum(bool(o.misconception or o.feedback) for o in wrong)
    topics = [t.slug for t in bank.syllabus.topics] if bank.syllabus else []
    by_topic = Counter(q.topic for q in items)
    return {
        "questions": len(items) - templates,
        "templates": templates,
        "by_topic": {slug: by_topic.get(slug, 0) for slug in topics} | {
            slug: n for slug, n in sorted(by_topic.items()) if slug not in topics},
        "by_type": {kind: n for kind in schema.QUESTION_TYPES if (n := sum(q.type == kind for q in items))},
        "bilingual": round(sum(is_bilingual(q) for q in items) / len(items), 4) if items else 0.0,
        "misconceptions": len(bank.misconceptions),
        "explained_distractors": round(explained / len(wrong), 4) if wrong else 0.0,
    }


def coverage(bank: Bank) -> list[dict[str, Any]]:
    """Per topic: questions and templates against the syllabus minimums."""
    rows = []
    for topic in bank.syllabus.topics if bank.syllabus else ():
        mine = [q for q in bank.questions if q.topic == topic.slug and q.status != "retired"]
        templates = sum(q.type == "param" for q in mine)
        rows.append({
            "topic": topic.slug, "zh": topic.zh, "en": topic.en,
            "questions": len(mine) - templates, "min_questions": topic.min_questions,
            "templates": templates, "min_templates": topic.min_templates,
        })
    return rows
