"""What a sheet was asked for, the command line that regenerates it, and the words every writer prints."""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field

from dlquiz import __version__
from dlquiz.bank import schema
from dlquiz.sheet.draw import Selection

SECTION_TITLES = {
    "tf": schema.Text(zh="判断题", en="True or false"),
    "mcq": schema.Text(zh="单项选择题", en="Single choice"),
    "multi": schema.Text(zh="多项选择题", en="Multiple choice"),
    "fill": schema.Text(zh="填空题", en="Fill in the blanks"),
    "numeric": schema.Text(zh="计算题", en="Calculations"),
    "param": schema.Text(zh="参数计算题", en="Calculations with drawn numbers"),
    "table": schema.Text(zh="填表题", en="Tables"),
    "short": schema.Text(zh="简答题", en="Short answers"),
}
CHINESE_NUMERALS = "一二三四五六七八九十"

WORDS = {
    "title": schema.Text(zh="深度学习 练习卷", en="Deep learning practice paper"),
    "key_title": schema.Text(zh="参考答案", en="Answer key"),
    "seed": schema.Text(zh="种子", en="seed"),
    "variant": schema.Text(zh="卷", en="variant"),
    "items": schema.Text(zh="题", en="items"),
    "points": schema.Text(zh="分", en="points"),
    "regenerate": schema.Text(zh="重新生成", en="regenerate"),
    "name": schema.Text(zh="姓名", en="Name"),
    "student_id": schema.Text(zh="学号", en="ID"),
    "score": schema.Text(zh="得分", en="Score"),
    "answer": schema.Text(zh="答", en="Answer"),
    "true": schema.Text(zh="对", en="true"),
    "false": schema.Text(zh="错", en="false"),
    "choose_one": schema.Text(zh="选一项", en="choose one"),
    "choose_all": schema.Text(zh="选出所有正确项", en="choose all that apply"),
    "explanation": schema.Text(zh="解析", en="Explanation"),
    "steps": schema.Text(zh="解题步骤", en="Worked steps"),
    "mistakes": schema.Text(zh="易错点", en="Common mistakes"),
    "reference": schema.Text(zh="参考答案要点", en="Reference answer"),
    "rubric": schema.Text(zh="评分要点", en="Marking points"),
    "also": schema.Text(zh="亦可", en="also accepted"),
    "tolerance": schema.Text(zh="允许误差", en="tolerance"),
    "choices": schema.Text(zh="可选", en="choices"),
    "source": schema.Text(zh="出处", en="Source"),
    "instance_seed": schema.Text(zh="实例种子", en="instance seed"),
    "corrected": schema.Text(zh="课程材料此处有误，答案以更正为准", en="the course material is corrected here"),
}


def words(key: str, lang: str) -> str:
    """A fixed label in `lang`; "both" gives "中文 English"."""
    text = WORDS[key]
    return join_lang(text, lang)


def join_lang(text: schema.Text, lang: str, sep: str = " ") -> str:
    """Short bilingual text on one line: zh, en, or "zh{sep}en"."""
    if lang == "zh" or not text.en:
        return text.zh
    if lang == "en":
        return text.en
    return text.zh if text.zh == text.en else f"{text.zh}{sep}{text.en}"


def lines_of(text: schema.Text | None, lang: str) -> list[str]:
    """Longer text as paragraphs: zh, en, or zh then en (en only when it exists and differs)."""
    if text is None:
        return []
    if lang == "zh" or not text.en:
        return [text.zh]
    if lang == "en":
        return [text.en]
    return [text.zh] if text.zh == text.en else [text.zh, text.en]


def section_title(index: int, kind: str, lang: str) -> str:
    """"一、判断题 True or false" (the numeral only where Chinese is shown)."""
    title = join_lang(SECTION_TITLES[kind], lang)
    if lang == "en":
        return f"{index + 1}. {title}"
    return f"{CHINESE_NUMERALS[index]}、{title}"


@dataclass(frozen=True)
class SheetSpec:
    """Every option that shapes a paper's content; the header prints it as a command line."""

    selection: Selection = field(default_factory=Selection)
    count: int | None = 20
    points: float | None = None
    seed: int = 0
    variants: int = 1
    lang: str = "both"
    key: str = "separate"
    solutions: bool = False
    format: str = "md"

    def command_line(self) -> str:
        """The `dlquiz sheet …` command that regenerates this paper (without its output path)."""
        args = ["dlquiz", "sheet"]
        for topic in self.selection.topics:
            args += ["--topic", topic]
        for kind in self.selection.types:
            args += ["--type", kind]
        for level in self.selection.difficulties:
            args += ["--difficulty", str(level)]
        args += ["--points", f"{self.points:g}"] if self.points is not None else ["--count", str(self.count)]
        args += ["--seed", str(self.seed)]
        if self.variants != 1:
            args += ["--variants", str(self.variants)]
        args += ["--lang", self.lang, "--format", self.format, "--key", self.key]
        if self.solutions:
            args.append("--solutions")
        return shlex.join(args) + " -o …"

    @property
    def version(self) -> str:
        return f"dlquiz {__version__}"
