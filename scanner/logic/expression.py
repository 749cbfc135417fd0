"""The XPath subset XLSForms write in `relevant` and `constraint`, parsed into a typed tree.

A hand-written tokenizer and Pratt parser rather than regular expressions:
forms spell the same rule in many ways (`${q}='x'`, `selected(${q}, 'x')`,
`not(...) or count-selected(.)=1`), and only a tree lets the rest of the
toolkit evaluate, word and classify every spelling alike. Anything the
subset does not know (an unknown function, a predicate) still parses, into a
node that evaluates as unknown, so a form is never refused for its logic.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache


class ExpressionError(ValueError):
    """The text is not an expression at all (unbalanced brackets, a stray operator)."""


class Op(StrEnum):
    OR = "or"
    AND = "and"
    EQ = "="
    NE = "!="
    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="
    ADD = "+"
    SUB = "-"
    MUL = "*"
    DIV = "div"
    MOD = "mod"


COMPARISONS = {Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE}
_POWER = {Op.OR: 1, Op.AND: 2, Op.EQ: 3, Op.NE: 3, Op.LT: 4, Op.LE: 4, Op.GT: 4, Op.GE: 4,
          Op.ADD: 5, Op.SUB: 5, Op.MUL: 6, Op.DIV: 6, Op.MOD: 6}
_UNARY_POWER = 7


@dataclass(frozen=True)
class Literal:
    value: str | float


@dataclass(frozen=True)
class Ref:
    """Another question's answer: `${name}`, `../name` or `/data/group/name` (the last step names it)."""

    name: str


@dataclass(frozen=True)
class Current:
    """`.`: the answer of the question the expression belongs to (in a constraint)."""


@dataclass(frozen=True)
class Negate:
    operand: Expr


@dataclass(frozen=True)
class Binary:
    op: Op
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Expr, ...]


@dataclass(frozen=True)
class Unknown:
    """What the subset cannot evaluate (a predicate, a union, text that does not parse): always unknown."""

    text: str


Expr = Literal | Ref | Current | Negate | Binary | Call | Unknown


class Tok(StrEnum):
    NUMBER = "number"
    STRING = "string"
    REF = "ref"
    OPAQUE = "opaque"  # a path with a predicate (a repeat's row): read, but unknown
    DOT = "dot"
    NAME = "name"
    PUNCT = "punct"
    END = "end"


@dataclass(frozen=True)
class Token:
    kind: Tok
    text: str
    at: int


_QUOTES = {"'": "'", '"': '"', "‘": "’", "’": "’", "“": "”", "”": "”"}  # Excel's autocorrect curls quotes
_PUNCT2 = ("!=", "<=", ">=")
_PUNCT1 = "=<>+-*(),|"


def _name_char(c: str) -> bool:
    return c.isalnum() or c in "_-.:"


def tokenize(text: str) -> list[Token]:
    out: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif text.startswith("${", i):
            end = text.find("}", i)
            if end < 0:
                raise ExpressionError(f"${{ without }} at {i}")
            out.append(Token(Tok.REF, text[i + 2:end].strip(), i))
            i = end + 1
        elif c in _QUOTES:
            end = text.find(_QUOTES[c], i + 1)
            if end < 0:
                raise ExpressionError(f"unclosed string at {i}")
            out.append(Token(Tok.STRING, text[i + 1:end], i))
            i = end + 1
        elif c.isdigit() or (c == "." and i + 1 < n and text[i + 1].isdigit()):
            j = i + 1
            while j < n and (text[j].isdigit() or (text[j] == "." and "." not in text[i:j])):
                j += 1
            out.append(Token(Tok.NUMBER, text[i:j], i))
            i = j
        elif c == "/" or text.startswith(("..", "./"), i):
            j, depth = i, 0
            while j < n and (_name_char(text[j]) or text[j] in "/[]@*" or (depth and text[j] != "\n")):
                depth += {"[": 1, "]": -1}.get(text[j], 0)
                if depth < 0:
                    break
                j += 1
            path = text[i:j]
            steps = [s for s in path.split("/") if s not in ("", "..", ".")]
            if depth:
                raise ExpressionError(f"unclosed [ at {i}")
            opaque = "[" in path or not steps or steps[-1].startswith("@") or steps[-1] == "*"
            out.append(Token(Tok.OPAQUE, path, i) if opaque else Token(Tok.REF, steps[-1], i))
            i = j
        elif c == ".":
            out.append(Token(Tok.DOT, ".", i))
            i += 1
        elif c.isalpha() or c == "_":
            j = i + 1
            while j < n and _name_char(text[j]):
                j += 1
            while text[j - 1] in "-.":  # "x-" before a minus sign
                j -= 1
            out.append(Token(Tok.NAME, text[i:j], i))
            i = j
        elif text[i:i + 2] in _PUNCT2:
            out.append(Token(Tok.PUNCT, text[i:i + 2], i))
            i += 2
        elif c in _PUNCT1:
            out.append(Token(Tok.PUNCT, c, i))
            i += 1
        else:
            raise ExpressionError(f"unexpected {c!r} at {i}")
    out.append(Token(Tok.END, "", n))
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.i = 0

    def peek(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        t = self.tokens[self.i]
        self.i += 1
        return t

    def expect(self, punct: str) -> None:
        t = self.take()
        if t.kind != Tok.PUNCT or t.text != punct:
            raise ExpressionError(f"expected {punct!r} at {t.at}, found {t.text or 'the end'!r}")

    def infix(self) -> Op | None:
        t = self.peek()
        if t.kind == Tok.PUNCT and t.text in {"=", "!=", "<", "<=", ">", ">=", "+", "-", "*"}:
            return Op(t.text)
        if t.kind == Tok.NAME and t.text in {"and", "or", "div", "mod"}:
            return Op(t.text)
        return None

    def expression(self, min_power: int = 0) -> Expr:
        left = self.prefix()
        while True:
            t = self.peek()
            if t.kind == Tok.PUNCT and t.text == "|":  # a union of node-sets
                self.take()
                self.expression(_UNARY_POWER)
                left = Unknown(self.text)
                continue
            op = self.infix()
            if op is None or _POWER[op] <= min_power:
                return left
            self.take()
            left = Binary(op, left, self.expression(_POWER[op]))

    def prefix(self) -> Expr:
        t = self.take()
        if t.kind == Tok.NUMBER:
            return Literal(float(t.text))
        if t.kind == Tok.STRING:
            return Literal(t.text)
        if t.kind == Tok.REF:
            if not t.text:
                raise ExpressionError(f"${{}} without a name at {t.at}")
            if re.fullmatch(r"[^./\s][^/\s]*/[^/\s]+", t.text):  # `${group/name}`: the id of a name said in two
                return Ref(t.text)  # groups (xlsform_ids.unique_ids writes it; pyxform refuses it from a form)
            return Ref(t.text.rsplit("/", 1)[-1] or t.text)  # ${../hh_head} names hh_head
        if t.kind == Tok.OPAQUE:
            return Unknown(t.text)
        if t.kind == Tok.DOT:
            return Current()
        if t.kind == Tok.PUNCT and t.text == "-":
            return Negate(self.expression(_UNARY_POWER))
        if t.kind == Tok.PUNCT and t.text == "(":
            inner = self.expression()
            self.expect(")")
            return inner
        if t.kind == Tok.NAME:
            nxt = self.peek()
            if nxt.kind == Tok.PUNCT and nxt.text == "(":
                self.take()
                args: list[Expr] = []
                if not (self.peek().kind == Tok.PUNCT and self.peek().text == ")"):
                    args.append(self.expression())
                    while self.peek().kind == Tok.PUNCT and self.peek().text == ",":
                        self.take()
                        args.append(self.expression())
                self.expect(")")
                after = self.peek()
                if after.kind in (Tok.REF, Tok.OPAQUE) and self.text.startswith("/", after.at):
                    self.take()
                    if t.text == "current" and not args and after.kind == Tok.REF:
                        return Ref(after.text)  # current()/../age: a sibling in the same repeat row  # instance('list')/root/item...: a path into another document
                    return Unknown(self.text[t.at:after.at] + after.text)
                return Call(t.text, tuple(args))
            return Ref(t.text)  # a bare child step
        raise ExpressionError(f"unexpected {t.text or 'end'!r} at {t.at}")


@lru_cache(maxsize=4096)
def parse(text: str) -> Expr:
    """The tree of an expression; raises ExpressionError when the text is not one.

    Kept per text (the trees are frozen): a form's template is parsed by each command that loads it, and the same
    conditions were tokenized again each time, a tenth of a large real form's print and check (issue 26)."""
    if not text or not text.strip():
        raise ExpressionError("empty expression")
    p = _Parser(text)
    tree = p.expression()
    if p.peek().kind != Tok.END:
        raise ExpressionError(f"unexpected {p.peek().text!r} at {p.peek().at}")
    return tree


_OPERATOR_WORDS = frozenset({"and", "or", "div", "mod"})


def absent_steps_as_empty(text: str, present: Container[str]) -> str:
    """The expression with each bare child step that names nothing in the form written as the empty string.

    A bare step (`null` in `${dk} = null`, SurveyCTO's and IPA's spelling of "is empty") is a path to a child
    node; when the form has no such node ODK reads it as "" (its empty node-set), so the rule is kept with that
    meaning instead of naming a question the template does not have. Steps naming a question are left alone."""
    tokens = tokenize(text)
    spans = []
    for k, t in enumerate(tokens):
        if t.kind != Tok.NAME or t.text in _OPERATOR_WORDS or t.text in present:
            continue
        nxt = tokens[k + 1]
        if nxt.kind == Tok.PUNCT and nxt.text == "(":
            continue  # a function
        spans.append((t.at, t.at + len(t.text)))
    for start, end in reversed(spans):
        text = text[:start] + "''" + text[end:]
    return text


def parse_lenient(text: str) -> Expr:
    """As parse, but text that is no expression becomes an Unknown node: the form is kept, the rule is not applied."""
    try:
        return parse(text)
    except ExpressionError:
        return Unknown(text)


def references(expr: Expr) -> tuple[str, ...]:
    """The questions an expression reads, in order of first appearance."""
    seen: dict[str, None] = {}

    def walk(e: Expr) -> None:
        match e:
            case Ref(name):
                seen.setdefault(name)
            case Negate(operand):
                walk(operand)
            case Binary(_, left, right):
                walk(left)
                walk(right)
            case Call(_, args):
                for a in args:
                    walk(a)

    walk(expr)
    return tuple(seen)


def rename(expr: Expr, names: dict[str, str]) -> Expr:
    """The expression reading names[x] wherever it read x (a roster column's condition for one row)."""
    match expr:
        case Ref(name) if name in names:
            return Ref(names[name])
        case Negate(operand):
            return Negate(rename(operand, names))
        case Binary(op, left, right):
            return Binary(op, rename(left, names), rename(right, names))
        case Call(name, args):
            return Call(name, tuple(rename(a, names) for a in args))
    return expr


def to_text(expr: Expr) -> str:
    """The expression written back in XLSForm syntax (fully bracketed where it matters)."""
    match expr:
        case Literal(value) if isinstance(value, str):
            return f'"{value}"' if "'" in value else f"'{value}'"
        case Literal(value):
            return f"{value:g}" if float(value).is_integer() else repr(value)
        case Ref(name):
            return f"${{{name}}}"
        case Current():
            return "."
        case Negate(operand):
            return f"-{_bracket(operand)}"
        case Binary(op, left, right):
            return f"{_bracket(left)} {op.value} {_bracket(right)}"
        case Call(name, args):
            return f"{name}({', '.join(to_text(a) for a in args)})"
        case Unknown(text):
            return text
    raise AssertionError(expr)


def _bracket(e: Expr) -> str:
    return f"({to_text(e)})" if isinstance(e, Binary | Negate) else to_text(e)
