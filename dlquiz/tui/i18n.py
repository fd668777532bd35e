"""Interface language: zh (the course's language, the default), en, or both side by side."""

from __future__ import annotations

from typing import Any

LANGS = ("zh", "en", "both")
LANG_NAMES = {"zh": "中文", "en": "English", "both": "中文 + English"}


def pick(lang: str, zh: str, en: str) -> str:
    """A label in `lang`: the Chinese, the English, or both (`复习 Review`)."""
    if lang == "zh":
        return zh
    if lang == "en":
        return en
    return f"{zh} {en}"


def text(value: Any, lang: str) -> str:
    """A bank `Text` in `lang`; in `both`, zh on the first line and en below (as the CLI shows it)."""
    from dlquiz.render.question import text_of

    return text_of(value, lang)


def one_line(value: Any, lang: str) -> str:
    """A bank `Text` on one line: both languages joined with ` / `, for lists and table cells."""
    if value is None:
        return ""
    if lang == "en":
        return value.en or value.zh
    if lang == "both" and value.en:
        return f"{value.zh} / {value.en}"
    return value.zh


def block(lang: str, zh: str, en: str) -> str:
    """A paragraph in `lang`; in `both`, the Chinese paragraph and then the English one."""
    if lang == "zh" or not en:
        return zh or en
    if lang == "en" or not zh:
        return en
    return f"{zh}\n\n{en}"
