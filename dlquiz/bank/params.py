"""Parametric templates: a safe evaluator for constraints, a bounded sampler, and instantiation.

Constraints are parsed with `ast` and evaluated by walking a whitelist of node types; nothing is ever
passed to `eval`. The sampler searches the finite domains depth-first in a seeded random order, so it
finds a configuration whenever one exists and can never spin.
"""

from __future__ import annotations

import ast
import math
import operator
import random
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from dlquiz.bank import schema

MAX_EXPRESSION = 300
SEARCH_LIMIT = 200_000
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\[\d+\])?)\s*(?::([^}]*))?\}\}")

_BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow,
}  # fmt: skip
_COMPARE: dict[type, Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
    ast.Gt: operator.gt, ast.GtE: operator.ge, ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b,
}  # fmt: skip
_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "min": min, "max": max, "abs": abs, "floor": math.floor, "ceil": math.ceil, "sqrt": math.sqrt,
    "int": int, "round": round,
}  # fmt: skip


class ExpressionError(ValueError):
    """An expression outside the whitelist, or one that cannot be evaluated."""


@dataclass(frozen=True)
class Expression:
    """A parsed constraint: its source, its AST and the parameter names it reads."""

    source: str
    tree: ast.expr
    names: frozenset[str]

    def __call__(self, values: Mapping[str, Any]) -> Any:
        return _evaluate(self.tree, values)


def parse(source: str) -> Expression:
    """Parses a restricted arithmetic/comparison expression.

    Raises:
        ExpressionError: too long, a syntax error, or a construct outside the whitelist.
    """
    if len(source) > MAX_EXPRESSION:
        raise ExpressionError(f"expression longer than {MAX_EXPRESSION} characters")
    try:
        tree = ast.parse(source, mode="eval").body
    except SyntaxError as exc:
        raise ExpressionError(f"cannot parse {source!r}: {exc.msg}") from None
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in _FUNCTIONS or node.keywords:
                raise ExpressionError(f"only {', '.join(sorted(_FUNCTIONS))} may be called in {source!r}")
        elif not isinstance(node, _ALLOWED_NODES):
            raise ExpressionError(f"{type(node).__name__} is not allowed in {source!r}")
    return Expression(source, tree, frozenset(names - set(_FUNCTIONS)))


_ALLOWED_NODES = (
    ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.Constant, ast.Name, ast.Load, ast.Tuple, ast.List,
    ast.USub, ast.UAdd, ast.Not, ast.And, ast.Or, ast.IfExp, *_BINARY, *_COMPARE,
)  # fmt: skip


def _evaluate(node: ast.expr, values: Mapping[str, Any]) -> Any:
    if isinstance(node, ast.Constant):
        if not isinstance(node.value, int | float | bool | str):
            raise ExpressionError(f"constant {node.value!r} is not allowed")
        return node.value
    if isinstance(node, ast.Name):
        if node.id not in values:
            raise ExpressionError(f"unknown name `{node.id}`")
        return values[node.id]
    if isinstance(node, ast.BinOp):
        left, right = _evaluate(node.left, values), _evaluate(node.right, values)
        if isinstance(node.op, ast.Pow) and abs(right) > 64:
            raise ExpressionError("exponent too large")
        return _BINARY[type(node.op)](left, right)
    if isinstance(node, ast.UnaryOp):
        operand = _evaluate(node.operand, values)
        return {ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Not: operator.not_}[type(node.op)](operand)
    if isinstance(node, ast.BoolOp):
        results = (_evaluate(v, values) for v in node.values)
        return all(results) if isinstance(node.op, ast.And) else any(results)
    if isinstance(node, ast.Compare):
        left = _evaluate(node.left, values)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = _evaluate(comparator, values)
            if not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.IfExp):
        return _evaluate(node.body if _evaluate(node.test, values) else node.orelse, values)
    if isinstance(node, ast.Tuple | ast.List):
        return tuple(_evaluate(e, values) for e in node.elts)
    if isinstance(node, ast.Call):
        assert isinstance(node.func, ast.Name)
        return _FUNCTIONS[node.func.id](*(_evaluate(a, values) for a in node.args))
    raise ExpressionError(f"{type(node).__name__} is not allowed")


def domain_values(domain: Any) -> list[Any]:
    """Every value a parameter domain allows, in order."""
    if isinstance(domain, schema.IntDomain):
        lo, hi = domain.int
        return list(range(lo, hi + 1))
    if isinstance(domain, schema.ChoiceDomain):
        return list(domain.choice)
    lo, hi = domain.float
    count = math.floor((hi - lo) / domain.step + 1e-9) + 1
    return [round(lo + i * domain.step, 10) for i in range(count)]


def substitute(value: Any, params: Mapping[str, Any]) -> Any:
    """Replaces `"{{name}}"` in solver arguments (recursively in lists and mappings) with typed values."""
    if isinstance(value, str):
        match = PLACEHOLDER.fullmatch(value.strip())
        if match and not match.group(2):
            return lookup(match.group(1), params)
        return PLACEHOLDER.sub(lambda m: format_value(lookup(m.group(1), params), m.group(2)), value)
    if isinstance(value, list):
        return [substitute(v, params) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, params) for k, v in value.items()}
    return value


def lookup(name: str, values: Mapping[str, Any]) -> Any:
    """`name` or `name[i]` in `values`; KeyError/IndexError when absent."""
    if name.endswith("]"):
        base, index = name[:-1].split("[")
        return values[base][int(index)]
    return values[name]


def format_value(value: Any, spec: str | None = None) -> str:
    """A number as a learner should read it: integers plainly, floats to 6 significant digits."""
    if spec:
        return format(value, spec)
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.6g}"
    if isinstance(value, list | tuple):
        return "×".join(format_value(v) for v in value)
    return str(value)


def render(text: str, values: Mapping[str, Any]) -> str:
    """Fills `{{name}}` and `{{name:.3f}}` placeholders; unknown names raise KeyError."""
    return PLACEHOLDER.sub(lambda m: format_value(lookup(m.group(1), values), m.group(2)), text)


class NoConfiguration(ValueError):
    """No draw satisfies the constraints (or the solver rejects every one that does)."""


def sample(
    template: schema.Param,
    rng: random.Random,
    accept: Callable[[dict[str, Any]], bool] | None = None,
) -> dict[str, Any]:
    """Draws one configuration satisfying every constraint (and `accept`, checked on complete draws).

    A depth-first search over the domains in random order: complete, bounded by SEARCH_LIMIT steps.

    Raises:
        NoConfiguration: none exists, or none was found within the limit.
        ExpressionError: a constraint outside the whitelist.
    """
    names = list(template.params)
    domains = {name: domain_values(template.params[name]) for name in names}
    expressions = [parse(c) for c in template.constraints]
    unknown = {n for e in expressions for n in e.names} - set(names)
    if unknown:
        raise ExpressionError(f"constraints use unknown parameters: {', '.join(sorted(unknown))}")
    # Each constraint is tested as soon as the last parameter it reads has a value.
    due: dict[int, list[Expression]] = {i: [] for i in range(len(names))}
    for expression in expressions:
        due[max((names.index(n) for n in expression.names), default=0)].append(expression)
    steps = 0
    values: dict[str, Any] = {}

    def search(depth: int) -> bool:
        nonlocal steps
        if depth == len(names):
            return accept is None or accept(dict(values))
        options = domains[names[depth]][:]
        rng.shuffle(options)
        for option in options:
            steps += 1
            if steps > SEARCH_LIMIT:
                raise NoConfiguration(f"no configuration found within {SEARCH_LIMIT} steps")
            values[names[depth]] = option
            try:
                ok = all(e(values) for e in due[depth])
            except (ArithmeticError, ValueError, TypeError):
                ok = False
            if ok and search(depth + 1):
                return True
        del values[names[depth]]
        return False

    if not search(0):
        raise NoConfiguration("no configuration satisfies the constraints")
    return values
