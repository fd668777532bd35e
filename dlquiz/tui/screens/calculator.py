"""The calculator: a form per solver with the result and worked steps updating as you type.

The result is the same renderable `dlquiz calc` prints. A `?` in a size, kernel, stride, padding or
dilation (with output_size) is solved for, in a worker, since that needs sympy.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from dlquiz.tui.i18n import pick
from dlquiz.tui.messages import FormChanged
from dlquiz.tui.widgets.key_bar import KeyBar
from dlquiz.tui.widgets.solver_form import SolverForm


class CalculatorScreen(Screen):
    """Solvers on the left; the chosen solver's form and live result on the right."""

    BINDINGS = [
        Binding("escape", "app.home", "Home"),
        Binding("ctrl+l", "focus_list", "Solvers"),
    ]

    def __init__(self, solver: str = "conv2d") -> None:
        super().__init__()
        self.solver = solver

    @property
    def lang(self) -> str:
        return self.app.lang  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        from solvers import catalog

        yield Header(show_clock=False, icon="◆")
        with Horizontal():
            yield OptionList(*(Option(("summary" if n == "summarize" else n), id=n) for n in catalog.CALCULATORS),
                             id="calc-solvers")
            with Vertical(id="calc-main"):
                with VerticalScroll(id="calc-form"):
                    yield SolverForm(self.solver, id="calc-fields")
                yield Static("", id="calc-help")
                with VerticalScroll(id="calc-result"):
                    yield Static("", id="calc-output")
        yield KeyBar()

    def on_mount(self) -> None:
        from solvers import catalog

        self.sub_title = pick(self.lang, "计算器", "Calculator")
        listing = self.query_one("#calc-solvers", OptionList)
        listing.highlighted = list(catalog.CALCULATORS).index(self.solver)
        listing.focus()
        self.compute()

    @on(OptionList.OptionHighlighted, "#calc-solvers")
    async def _choose(self, event: OptionList.OptionHighlighted) -> None:
        name = event.option.id or "conv2d"
        if name == self.solver and self.query("#calc-fields"):
            return
        self.solver = name
        await self.query_one("#calc-fields").remove()
        await self.query_one("#calc-form").mount(SolverForm(name, id="calc-fields"))
        self.compute()

    @on(OptionList.OptionSelected, "#calc-solvers")
    def _to_form(self) -> None:
        inputs = self.query("#calc-fields Input")
        if inputs:
            inputs.first().focus()

    @on(FormChanged)
    def _changed(self, event: FormChanged) -> None:
        event.stop()
        self.compute()

    def compute(self) -> None:
        """Reads the form, marks bad fields, and shows the result (or solves for a `?`)."""
        from dlquiz.commands.calc_args import UNKNOWN
        from solvers import SolverError, catalog

        form = self.query_one("#calc-fields", SolverForm)
        kwargs = form.values()
        output = self.query_one("#calc-output", Static)
        if form.errors:
            form.mark(form.errors)
            missing = [n for n, m in form.errors.items() if m == "required"]
            output.update(Text(pick(self.lang, "请填写：", "Fill in: ") + ", ".join(missing), style="dim") if missing
                          and len(missing) == len(form.errors) else "")
            return
        output_size = kwargs.pop("output_size", None) if self.solver in catalog.SOLVABLE else None
        unknown = any(v == UNKNOWN or (isinstance(v, tuple) and UNKNOWN in v) for v in kwargs.values())
        if unknown:
            if output_size is None:
                form.mark({"output_size": pick(self.lang, "有 ? 时需给出输出尺寸", "a '?' needs the output size")})
                output.update("")
                return
            form.mark({})
            self._solve(self.solver, kwargs, output_size[0] if len(output_size) == 1 else output_size)
            return
        try:
            result = catalog.load(self.solver)(**kwargs)
        except SolverError as exc:
            field = form.field_for(str(exc))
            form.mark({field: str(exc)} if field else {})
            output.update(Text(f"✘ {exc}", style=self.app.theme_variables.get("error", "")))
            return
        except TypeError as exc:  # a combination the solver's signature does not take
            form.mark({})
            output.update(Text(f"✘ {exc}"))
            return
        form.mark({})
        self._show(result)

    def _show(self, result: Any) -> None:
        from dlquiz.render.solver import render

        self.query_one("#calc-output", Static).update(render(result))

    @work(thread=True, exclusive=True, group="calc-solve")
    def _solve(self, solver: str, kwargs: dict[str, Any], output_size: Any) -> None:
        from solvers import SolverError
        from solvers.symbolic import solve_unknown

        try:
            result = solve_unknown(solver, kwargs, output_size)
        except SolverError as exc:
            self.app.call_from_thread(self._solve_failed, str(exc))
            return
        self.app.call_from_thread(self._show, result)

    def _solve_failed(self, message: str) -> None:
        form = self.query_one("#calc-fields", SolverForm)
        field = form.field_for(message)
        form.mark({field: message} if field else {})
        self.query_one("#calc-output", Static).update(Text(f"✘ {message}"))

    def on_descendant_focus(self, event: Any) -> None:
        """The focused field's help, from the solver's docstring (as `dlquiz calc SOLVER --help` shows it)."""
        help_text = getattr(event.widget, "tooltip", None) if event.widget.name else None
        name = event.widget.name or ""
        self.query_one("#calc-help", Static).update(Text.assemble((name, "bold"), f": {help_text}") if help_text
                                                    else "")

    def action_focus_list(self) -> None:
        self.query_one("#calc-solvers", OptionList).focus()
