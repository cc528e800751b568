"""A small, safe condition language for skip logic (no eval).

Grammar (XLSForm-like):
    expr := or_ ; or_ := and_ ('or' and_)* ; and_ := not_ ('and' not_)*
    not_ := 'not' not_ | cmp
    cmp  := atom (('=' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in') atom)?
    atom := ${question_id} | 'string' | number | [atom, ...] | (expr)
          | selected(${q}, 'code') | answered(${q}) | count(${q})

An unanswered question evaluates to None: comparisons with None are false, so a follow-up stays hidden
until the answer it depends on exists.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<ref>\$\{(?P<qid>[A-Za-z_][A-Za-z0-9_.]*)\})
      | (?P<str>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
      | (?P<num>-?\d+(?:\.\d+)?)
      | (?P<op>!=|<=|>=|=|<|>|\(|\)|\[|\]|,)
      | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    )""",
    re.VERBOSE,
)

FUNCTIONS = {"selected": 2, "answered": 1, "count": 1}


class ConditionError(ValueError):
    """The condition text is not valid."""


@dataclass(frozen=True)
class Node:
    kind: str  # ref, lit, list, not, and, or, cmp, call
    value: Any = None
    args: tuple[Node, ...] = ()


def _tokenize(text: str) -> list[tuple[str, Any]]:
    tokens: list[tuple[str, Any]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ConditionError(f"unexpected character {text[pos]!r} at position {pos}")
        pos = m.end()
        if m.group("ref"):
            tokens.append(("ref", m.group("qid")))
        elif m.group("str"):
            raw = m.group("str")[1:-1]
            tokens.append(("lit", re.sub(r"\\(.)", r"\1", raw)))
        elif m.group("num"):
            num = m.group("num")
            tokens.append(("lit", float(num) if "." in num else int(num)))
        elif m.group("op"):
            tokens.append(("op", m.group("op")))
        else:
            word = m.group("word")
            if word in ("and", "or", "not", "in"):
                tokens.append(("kw", word))
            elif word in ("true", "false"):
                tokens.append(("lit", word == "true"))
            elif word in FUNCTIONS:
                tokens.append(("fn", word))
            else:
                raise ConditionError(f"unknown word {word!r} (question ids are written ${{id}})")
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, Any]]):
        self.tokens = tokens
        self.i = 0

    def peek(self) -> tuple[str, Any] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, kind: str | None = None, value: Any = None) -> tuple[str, Any]:
        tok = self.peek()
        if tok is None:
            raise ConditionError("unexpected end of condition")
        if (kind and tok[0] != kind) or (value is not None and tok[1] != value):
            raise ConditionError(f"expected {value or kind}, found {tok[1]!r}")
        self.i += 1
        return tok

    def at(self, kind: str, value: Any = None) -> bool:
        tok = self.peek()
        return tok is not None and tok[0] == kind and (value is None or tok[1] == value)

    def parse(self) -> Node:
        node = self.or_()
        if self.peek() is not None:
            raise ConditionError(f"unexpected {self.peek()[1]!r} after a complete condition")  # type: ignore[index]
        return node

    def or_(self) -> Node:
        node = self.and_()
        while self.at("kw", "or"):
            self.take()
            node = Node("or", args=(node, self.and_()))
        return node

    def and_(self) -> Node:
        node = self.not_()
        while self.at("kw", "and"):
            self.take()
            node = Node("and", args=(node, self.not_()))
        return node

    def not_(self) -> Node:
        if self.at("kw", "not"):
            self.take()
            return Node("not", args=(self.not_(),))
        return self.cmp()

    def cmp(self) -> Node:
        left = self.atom()
        if self.at("op") and self.peek()[1] in ("=", "!=", "<", "<=", ">", ">="):  # type: ignore[index]
            op = self.take()[1]
            return Node("cmp", op, (left, self.atom()))
        if self.at("kw", "in"):
            self.take()
            return Node("cmp", "in", (left, self.atom()))
        if self.at("kw", "not") and self.i + 1 < len(self.tokens) and self.tokens[self.i + 1] == ("kw", "in"):
            self.take()
            self.take()
            return Node("cmp", "not in", (left, self.atom()))
        return left

    def atom(self) -> Node:
        tok = self.take()
        kind, value = tok
        if kind == "ref":
            return Node("ref", value)
        if kind == "lit":
            return Node("lit", value)
        if kind == "op" and value == "(":
            node = self.or_()
            self.take("op", ")")
            return node
        if kind == "op" and value == "[":
            items: list[Node] = []
            while not self.at("op", "]"):
                items.append(self.atom())
                if not self.at("op", "]"):
                    self.take("op", ",")
            self.take("op", "]")
            return Node("list", args=tuple(items))
        if kind == "fn":
            self.take("op", "(")
            args = [self.atom()]
            while self.at("op", ","):
                self.take()
                args.append(self.atom())
            self.take("op", ")")
            if len(args) != FUNCTIONS[value]:
                raise ConditionError(f"{value}() takes {FUNCTIONS[value]} argument(s), got {len(args)}")
            if args[0].kind != "ref":
                raise ConditionError(f"the first argument of {value}() must be a question: ${{id}}")
            return Node("call", value, tuple(args))
        raise ConditionError(f"unexpected {value!r}")


class Condition:
    """A parsed condition. `Condition(text).evaluate(answers)` returns a bool."""

    def __init__(self, text: str):
        self.text = text
        if not text or not text.strip():
            raise ConditionError("empty condition")
        self.tree = _Parser(_tokenize(text)).parse()
        self._run = _compile(self.tree)

    def references(self) -> set[str]:
        found: set[str] = set()

        def walk(node: Node) -> None:
            if node.kind == "ref":
                found.add(node.value)
            for child in node.args:
                walk(child)

        walk(self.tree)
        return found

    def evaluate(self, answers: Mapping[str, Any]) -> bool:
        return bool(self._run(answers))

    def __repr__(self) -> str:
        return f"Condition({self.text!r})"


Evaluator = Callable[[Mapping[str, Any]], Any]

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}


def _compile(node: Node) -> Evaluator:
    """Turn the tree into nested closures once: the dialogue evaluates every condition of a ~1,900-question
    checklist on each turn, and walking the tree each time was most of a turn's cost."""
    kind = node.kind
    if kind == "lit":
        value = node.value
        return lambda answers: value
    if kind == "ref":
        key = node.value
        return lambda answers: answers.get(key)
    if kind == "list":
        items = [_compile(a) for a in node.args]
        return lambda answers: [f(answers) for f in items]
    if kind == "not":
        inner = _compile(node.args[0])
        return lambda answers: not inner(answers)
    if kind in ("and", "or"):
        left, right = _compile(node.args[0]), _compile(node.args[1])
        if kind == "and":
            return lambda answers: bool(left(answers)) and bool(right(answers))
        return lambda answers: bool(left(answers)) or bool(right(answers))
    if kind == "call":
        arg = _compile(node.args[0])
        if node.value == "answered":
            return lambda answers: arg(answers) not in (None, "", [])
        if node.value == "count":
            def count(answers: Mapping[str, Any]) -> int:
                value = arg(answers)
                return len(value) if isinstance(value, list) else (0 if value in (None, "") else 1)
            return count
        code_of = _compile(node.args[1])

        def selected(answers: Mapping[str, Any]) -> bool:
            value, code = arg(answers), code_of(answers)
            return code in value if isinstance(value, list) else value == code
        return selected
    # comparison
    left_of, right_of = _compile(node.args[0]), _compile(node.args[1])
    op = node.value
    if op in ("in", "not in"):
        negate = op == "not in"

        def member(answers: Mapping[str, Any]) -> bool:
            left, right = left_of(answers), right_of(answers)
            if left is None:
                return False
            items = right if isinstance(right, list) else [right]
            hit = any(v in items for v in left) if isinstance(left, list) else left in items
            return hit != negate
        return member
    compare = _COMPARE[op]

    def comparison(answers: Mapping[str, Any]) -> bool:
        left, right = left_of(answers), right_of(answers)
        if left is None or right is None:
            return False
        try:
            return compare(left, right)
        except TypeError:
            return False
    return comparison
