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


# Key descriptions as the bindings name them (English) and in Chinese, for the key bar and the key list.
KEY_LABELS_ZH = {
    "Quit": "退出", "Keys": "按键", "Review": "复习", "Practice": "练习", "Exam": "考试", "Browse": "浏览",
    "Calc": "计算器", "Demos": "演示", "Progress": "进度", "Settings": "设置", "Home": "主页", "Yes": "是",
    "No": "否", "Close": "关闭", "Run": "运行", "Cancel": "取消", "Start": "开始", "Search": "搜索",
    "Flip": "翻面", "Next": "下一题", "Previous": "上一题", "Hand in": "交卷", "Leave": "离开", "Solvers": "求解器",
    "Submit": "提交", "Self-grade": "自评", "Keep score": "保留得分", "Demo": "演示", "End": "结束",
    "Choose": "选择", "Next card": "下一张", "Previous card": "上一张", "Mastery": "掌握度", "Accuracy": "正确率",
    "Forecast": "复习预测", "Mistakes": "易错", "Plan": "学习计划", "Exam date": "考试日期", "Cram": "突击",
}  # fmt: skip


def key_label(description: str, lang: str) -> str:
    """A key's description in `lang` (the Chinese alone in `both`, to keep the key bar short)."""
    return description if lang == "en" else KEY_LABELS_ZH.get(description, description)
