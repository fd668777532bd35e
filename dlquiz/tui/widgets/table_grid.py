"""Table completion: the table drawn as a grid, with an input in every blank cell.

Cells with a fixed set of choices show them as the placeholder (大/小); Enter moves to the next blank.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Grid
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static


class TableGrid(Grid):
    """`columns` are header texts; `rows` are lists of cells, each a str or a blank `(blank id, choices)`."""

    DEFAULT_CSS = """
    TableGrid { height: auto; grid-gutter: 0 1; grid-rows: auto; }
    TableGrid > .table-head { text-style: bold; border-bottom: solid $primary; height: auto; }
    TableGrid > .table-cell { height: auto; padding: 0 0; }
    TableGrid > Input { width: 1fr; }
    TableGrid > .-right { color: $success; }
    TableGrid > .-wrong { color: $error; }
    """

    def __init__(self, columns: list[str], rows: list[list[Any]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns = columns
        self.rows = rows
        self.styles.grid_size_columns = len(columns)

    def compose(self) -> ComposeResult:
        for header in self.columns:
            yield Static(header, classes="table-head")
        for row in self.rows:
            for cell in row:
                if isinstance(cell, tuple):
                    blank, choices = cell
                    # Choices complete as you type (→ or Tab accepts); the full list is shown under the table.
                    suggester = SuggestFromList(choices, case_sensitive=False) if choices else None
                    yield Input(placeholder=f"({blank}) ____", id=f"cell-{blank}", compact=True, name=blank,
                                suggester=suggester)
                else:
                    yield Static(cell, classes="table-cell")

    @property
    def inputs(self) -> list[Input]:
        return list(self.query(Input))

    @property
    def answer(self) -> dict[str, str] | None:
        """{blank id: text}; None when every cell is empty."""
        values = {field.name or "": field.value for field in self.inputs}
        return values if any(v.strip() for v in values.values()) else None

    def set_answer(self, value: dict[str, str] | None) -> None:
        for field in self.inputs:
            field.value = (value or {}).get(field.name or "", "")

    def show_result(self, parts: dict[str, tuple[bool, str]]) -> None:
        """Replaces each blank by its answer, wrapped: ✔ when right, ✘ with the key when wrong."""
        for field in self.inputs:
            correct, expected = parts.get(field.name or "", (False, ""))
            given = field.value.strip() or "—"
            shown = f"✔ {given}" if correct else f"✘ {given} → {expected}"
            self.mount(Static(shown, classes="table-cell " + ("-right" if correct else "-wrong")), after=field)
            field.remove()
