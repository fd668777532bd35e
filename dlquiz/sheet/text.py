"""Bank text for documents: formulas found and converted (MathML for HTML), Markdown and HTML escaping.

Formulas sit in `\\( … \\)` or `$ … $` (the same pattern `bank check` validates). HTML gets MathML from
latex2mathml, which browsers render without any script; Markdown keeps the LaTeX as `$ … $`, the form
Markdown viewers with maths support expect.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from dlquiz.bank.check import MATH

BLANK = re.compile(r"\[\[([A-Za-z0-9_-]+)\]\]")
BLANK_LINE = "＿＿＿＿＿＿"  # full-width low lines: a writing line that needs no escaping in any format
_MD_SPECIAL = re.compile(r"([\\`*_<>\[\]|])")
# Only what would start a heading, quote or list: "# ", ">", "- ", "+ ", "1. ", "1) ".
_MD_MARK_START = re.compile(r"^(\s*)([#+-])(?=\s|$)", re.M)
_MD_NUMBER_START = re.compile(r"^(\s*)(\d+)([.)])(?=\s|$)", re.M)


def segments(text: str) -> list[tuple[bool, str]]:
    """The text cut into (is_formula, content) pieces; a formula's content is its LaTeX without delimiters."""
    pieces: list[tuple[bool, str]] = []
    last = 0
    for match in MATH.finditer(text):
        if match.start() > last:
            pieces.append((False, text[last:match.start()]))
        pieces.append((True, (match.group(1) or match.group(2) or "").strip()))
        last = match.end()
    if last < len(text):
        pieces.append((False, text[last:]))
    return pieces


@lru_cache(maxsize=4096)
def mathml(latex: str, display: str = "inline") -> str:
    """A LaTeX formula as MathML; a formula latex2mathml cannot read stays visible as code."""
    from latex2mathml.converter import convert

    try:
        return convert(latex, display=display)
    except Exception:  # latex2mathml raises many types; a broken formula must not stop a paper
        return f'<code class="tex">{html.escape(latex)}</code>'


def to_html(text: str, blanks: bool = False) -> str:
    """Escaped HTML with formulas as MathML and line breaks kept; `blanks` marks `[[b1]]` as writing spaces."""
    out = []
    for is_math, content in segments(text):
        if is_math:
            out.append(mathml(content))
            continue
        escaped = html.escape(content, quote=False).replace("\n", "<br>")
        if blanks:
            escaped = BLANK.sub(r'<span class="blank"><span class="blank-id">\1</span></span>', escaped)
        out.append(escaped)
    return "".join(out)


def escape_md(text: str) -> str:
    """Markdown-escaped plain text: inline markup characters, and list or heading marks at a line start."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_NUMBER_START.sub(r"\1\2\\\3", _MD_MARK_START.sub(r"\1\\\2", text))


def to_markdown(text: str, blanks: bool = False) -> str:
    """Escaped Markdown with formulas as `$ … $`; `blanks` turns `[[b1]]` into "(b1)＿＿＿＿＿＿"."""
    out = []
    for is_math, content in segments(text):
        if is_math:
            out.append(f"${content}$")
            continue
        if blanks:
            parts = BLANK.split(content)
            # split() alternates text and blank ids: even indexes are text, odd ones are ids.
            out.append("".join(escape_md(p) if i % 2 == 0 else f"**({p})**{BLANK_LINE}" for i, p in enumerate(parts)))
        else:
            out.append(escape_md(content))
    return "".join(out).replace("\n", "  \n")


def has_raw_latex(text: str) -> bool:
    """Whether visible text still holds a LaTeX formula or command (for checking rendered output)."""
    return bool(MATH.search(text) or re.search(r"\\[A-Za-z]{2,}", text))


def to_html_tex(text: str) -> str:
    """Escaped HTML with formulas kept as `\\( … \\)`, for tools that run MathJax (Anki, Moodle)."""
    out = []
    for is_math, content in segments(text):
        out.append(f"\\({html.escape(content, quote=False)}\\)" if is_math
                   else html.escape(content, quote=False).replace("\n", "<br>"))
    return "".join(out)
