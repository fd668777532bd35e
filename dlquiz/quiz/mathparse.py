"""A whitelisting parser for what learners type: numbers, arithmetic, formulas.

Text is normalised (full-width characters, ×, ÷, ^, superscripts, implicit multiplication), parsed with
`ast` in "eval" mode, and every node is checked against a whitelist before anything is computed. Nothing
the learner types ever reaches `eval`, `exec` or `sympify`; names and calls are limited to a fixed set of
math functions and the symbols a question allows; length, depth and exponents are bounded.
"""

from __future__ import annotations

import ast
import math
import re
import unicodedata
from collections.abc import Callable, Collection
from typing import Any

MAX_LENGTH = 200
MAX_DEPTH = 40
MAX_EXPONENT = 1000

SUPERSCRIPTS = str.maketrans({
    "⁰": "^0", "¹": "^1", "²": "^2", "³": "^3", "⁴": "^4", "⁵": "^5", "⁶": "^6", "⁷": "^7", "⁸": "^8",
    "⁹": "^9", "⁻": "^-",
})  # fmt: skip
SYMBOLS = str.maketrans({"×": "*", "·": "*", "∙": "*", "÷": "/", "−": "-", "–": "-", "σ": "sigma", "π": "pi"})

FUNCTIONS: dict[str, Callable[[float], float]] = {
    "exp": math.exp, "log": math.log, "ln": math.log, "sqrt": math.sqrt, "sin": math.sin, "cos": math.cos,
    "tan": math.tan, "tanh": math.tanh, "abs": abs, "sigma": lambda x: 1 / (1 + math.exp(-x)),
    "sigmoid": lambda x: 1 / (1 + math.exp(-x)),
}  # fmt: skip
CONSTANTS = {"e": math.e, "pi": math.pi}


ABS_BARS = re.compile(r"\|([^|]+)\|")


class ParseError(ValueError):
    """The text is not a formula we accept; the message says why in a few words."""


def normalise(text: str) -> str:
    """NFKC, math symbols to ASCII operators, superscripts to ^, no spaces."""
    text = text.translate(SUPERSCRIPTS)
    text = unicodedata.normalize("NFKC", text).translate(SYMBOLS)
    # A superscript minus makes "e⁻²" into "e^-^2"; join the two carets again.
    return "".join(text.split()).replace("^-^", "^-")


def _implicit_products(text: str, symbols: Collection[str]) -> str:
    """`2y` → `2*y`, `)(` → `)*(`, `y(1-y)` → `y*(1-y)` for symbols (functions keep their call)."""
    text = re.sub(r"(\d)(?=(?![eE][+-]?\d)[A-Za-z(])", r"\1*", text)  # but 0.5e-3 stays a number
    text = re.sub(r"\)(?=[A-Za-z0-9(])", ")*", text)

    def before_paren(match: re.Match[str]) -> str:
        name = match.group(1)
        return f"{name}*(" if name in symbols or name in CONSTANTS else match.group(0)

    return re.sub(r"([A-Za-z_][A-Za-z0-9_]*)\(", before_paren, text)


def _power_of_function(text: str) -> str:
    """`tanh^2(x)` (the textbook's notation) → `(tanh(x))^2`."""
    names = "|".join(sorted(FUNCTIONS, key=len, reverse=True))
    return re.sub(rf"\b({names})\^(\d+)\(([^()]*)\)", r"(\1(\3))^\2", text)


def parse(text: str, symbols: Collection[str] = ()) -> ast.expr:
    """Parses `text` into a checked AST.

    Args:
        text: what the learner typed.
        symbols: the names the question allows (e.g. `y`, `x`); math functions and e, pi are always allowed.

    Raises:
        ParseError: too long, not a formula, or using anything outside the whitelist.
    """
    if len(text) > MAX_LENGTH:
        raise ParseError(f"longer than {MAX_LENGTH} characters")
    text = normalise(text)
    while ABS_BARS.search(text):  # |a| is abs(a); innermost bars first
        text = ABS_BARS.sub(r"abs(\1)", text)
    source = _implicit_products(_power_of_function(text), symbols).replace("^", "**")
    if not source:
        raise ParseError("empty")
    if source.count("(") > MAX_DEPTH:
        raise ParseError("too deeply nested")
    try:
        tree = ast.parse(source, mode="eval").body
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        raise ParseError("not a formula") from None
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            if node.id not in symbols and node.id not in CONSTANTS and node.id not in FUNCTIONS:
                raise ParseError(f"unknown name {node.id!r}")
        elif isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS or node.keywords \
                    or len(node.args) != 1:
                raise ParseError("only exp, log, ln, sqrt, sin, cos, tan, tanh, sigma and abs may be called")
        elif isinstance(node, ast.Constant):
            if not isinstance(node.value, int | float) or isinstance(node.value, bool):
                raise ParseError("only numbers may appear as constants")
        elif not isinstance(node, _ALLOWED):
            raise ParseError(f"{type(node).__name__.lower()} is not allowed")
    return tree


_ALLOWED = (ast.BinOp, ast.UnaryOp, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.USub, ast.UAdd, ast.Load)


def evaluate(tree: ast.expr, values: dict[str, float] | None = None) -> float:
    """The value of a checked AST, with the question's symbols bound to `values`.

    Raises:
        ParseError: a math error (division by zero, overflow, a log of a negative) or an unbound symbol.
    """
    values = values or {}

    def walk(node: ast.expr) -> float:
        if isinstance(node, ast.Constant):
            return float(node.value)
        if isinstance(node, ast.Name):
            if node.id in values:
                return values[node.id]
            if node.id in CONSTANTS:
                return CONSTANTS[node.id]
            raise ParseError(f"{node.id} has no value here")
        if isinstance(node, ast.UnaryOp):
            operand = walk(node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.Call):
            return FUNCTIONS[node.func.id](walk(node.args[0]))  # type: ignore[union-attr]
        if isinstance(node, ast.BinOp):
            left, right = walk(node.left), walk(node.right)
            if isinstance(node.op, ast.Pow):
                if abs(right) > MAX_EXPONENT or (abs(left) > 1e6 and abs(right) > 50):
                    raise ParseError("exponent too large")
                return float(left**right)
            return _ARITHMETIC[type(node.op)](left, right)
        raise ParseError("not a formula")

    try:
        result = walk(tree)
    except (ZeroDivisionError, OverflowError, ValueError, TypeError) as exc:
        if isinstance(exc, ParseError):
            raise
        raise ParseError(f"cannot compute it ({exc})") from None
    if isinstance(result, complex) or math.isnan(result):
        raise ParseError("not a real number")
    return result


_ARITHMETIC: dict[type, Callable[[float, float], float]] = {
    ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}  # fmt: skip


def number(text: str) -> float:
    """A number from an expression such as `2^10`, `3*3*64+64`, `1/(1+e^-2)`, `0.5e-3`, `12,544` or `95%`.

    Raises:
        ParseError: not a number.
    """
    cleaned = normalise(text)
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", cleaned):
        cleaned = cleaned.replace(",", "")  # 12,544 is a thousands separator, not a tuple
    percent = cleaned.endswith("%")
    if percent:
        cleaned = cleaned[:-1]
    value = evaluate(parse(cleaned))
    return value / 100 if percent else value


def shape(text: str) -> list[int]:
    """A shape such as `10×64`, `(10, 64)`, `[10,64]`, `10x64` or `10 64`.

    Raises:
        ParseError: not a list of whole numbers.
    """
    cleaned = unicodedata.normalize("NFKC", text).translate(SYMBOLS).strip().strip("()[]{}")
    parts = [p for p in re.split(r"[\s,x*×X]+", cleaned) if p]
    if not parts or not all(re.fullmatch(r"\d+", p) for p in parts):
        raise ParseError("write a shape like 10×64")
    return [int(p) for p in parts]


def symbols_in(text: str) -> set[str]:
    """The single-letter or known symbol names a reference formula uses (its variables)."""
    names = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", normalise(text)))
    return {n for n in names if n not in FUNCTIONS and n not in CONSTANTS}


def to_sympy(tree: ast.expr) -> Any:
    """Builds a sympy expression from a checked AST, node by node (sympify never sees text)."""
    import sympy

    functions = {
        "exp": sympy.exp, "log": sympy.log, "ln": sympy.log, "sqrt": sympy.sqrt, "sin": sympy.sin,
        "cos": sympy.cos, "tan": sympy.tan, "tanh": sympy.tanh, "abs": sympy.Abs,
        "sigma": lambda x: 1 / (1 + sympy.exp(-x)), "sigmoid": lambda x: 1 / (1 + sympy.exp(-x)),
    }  # fmt: skip

    def walk(node: ast.expr) -> Any:
        if isinstance(node, ast.Constant):
            return sympy.Integer(node.value) if isinstance(node.value, int) else sympy.Float(node.value)
        if isinstance(node, ast.Name):
            return {"e": sympy.E, "pi": sympy.pi}.get(node.id) or sympy.Symbol(node.id)
        if isinstance(node, ast.UnaryOp):
            return -walk(node.operand) if isinstance(node.op, ast.USub) else walk(node.operand)
        if isinstance(node, ast.Call):
            return functions[node.func.id](walk(node.args[0]))  # type: ignore[union-attr]
        if isinstance(node, ast.BinOp):
            left, right = walk(node.left), walk(node.right)
            op = type(node.op)
            if op is ast.Pow:
                return sympy.Pow(left, right)
            return {ast.Add: sympy.Add, ast.Mult: sympy.Mul}.get(op)(left, right) if op in (
                ast.Add, ast.Mult) else (left - right if op is ast.Sub else left / right)
        raise ParseError("not a formula")

    return walk(tree)


def node_count(tree: ast.expr) -> int:
    return sum(1 for _ in ast.walk(tree))


def equivalent(answer: str, reference: str, symbols: Collection[str]) -> bool:
    """True when two formulas are algebraically equal (`y(1-y)` ≡ `y - y^2`).

    Numbers at a few points reject most wrong answers without sympy; sympy then confirms equality on the
    expressions built node by node from the checked trees.

    Raises:
        ParseError: the answer is not a formula in the allowed symbols.
    """
    given, expected = parse(answer, symbols), parse(reference, symbols)
    names = sorted(symbols)
    compared = 0
    for point in ((0.3, 0.7, 0.45), (0.61, 0.2, 0.83), (1.7, 2.3, 1.1), (0.05, 0.9, 0.37)):
        values = {name: point[i % len(point)] + 0.013 * i for i, name in enumerate(names)}
        try:
            a, b = evaluate(given, values), evaluate(expected, values)
        except ParseError:
            continue
        if not math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12):
            return False
        compared += 1
    # An answer that cannot be computed anywhere (a tower of powers, say) never reaches sympy.
    if compared == 0 or node_count(given) > 80:
        return False
    import sympy

    return bool(sympy.simplify(to_sympy(given) - to_sympy(expected)) == 0)


def pretty(text: str, symbols: Collection[str]) -> str:
    """How a formula was understood, for showing as the learner types (e.g. `y*(1 - y)`)."""
    import sympy

    return sympy.sstr(to_sympy(parse(text, symbols)))
