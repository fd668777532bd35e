"""Mastery and progress shown as bars of block characters, coloured from the app's theme."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text

BLOCKS = " ▏▎▍▌▋▊▉█"


def theme_colour(variables: Mapping[str, str], name: str) -> str:
    """A theme variable's colour as a Rich style ("" when the theme has none)."""
    return variables.get(name, "")


def bar(value: float, width: int = 10, variables: Mapping[str, str] | None = None, label: bool = True) -> Text:
    """`value` (0–1) as a bar `width` cells wide with eighth-cell precision, then the percentage.

    The colour follows the value: error below 40 %, warning below 70 %, success above, from the theme.
    """
    value = min(1.0, max(0.0, float(value)))
    eighths = round(value * width * 8)
    full, part = divmod(eighths, 8)
    cells = "█" * full + (BLOCKS[part] if part else "")
    variables = variables or {}
    level = "error" if value < 0.4 else "warning" if value < 0.7 else "success"
    text = Text(cells.ljust(width), style=theme_colour(variables, level))
    text.stylize(f"on {variables['panel']}" if variables.get("panel") else "", 0, width)
    if label:
        text.append(f" {value:4.0%}")
    return text
