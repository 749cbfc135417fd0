"""A relevant put into the words a respondent follows on paper: "Trả lời nếu Câu 5 chọn “Khác”".

Paper cannot hide a question, so it prints the condition under the
question's title, naming questions by their printed numbers and options by
their labels, in the form's language. What cannot be put into words plainly
gets a fallback that still names the questions it depends on, so the
respondent knows where to look.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from ..kinds import Kind
from ..kinds.registry import behaviour
from ..vocab import ReviewReason
from .apply import counted_question
from .bounds import constraint_bounds, constraint_step
from .evaluate import to_string
from .expression import Binary, Call, Expr, Literal, Op, Ref, parse_lenient, references
from .formulas import as_questions

if TYPE_CHECKING:
    from ..template import Template


class Lang(StrEnum):
    """The languages conditions are worded in: those of the printed frame (phrases.py); any other reads English."""

    vi = "vi"
    en = "en"
    fr = "fr"
    de = "de"
    es = "es"
    pt = "pt"
    ar = "ar"
    bn = "bn"

    @classmethod
    def of(cls, code: str | None) -> Lang:
        """The wording language for a form's language code ("vi", "Vietnamese (vi)", "en", "fr"...)."""
        c = (code or "vi").lower()
        for lang, words in ((cls.vi, ("việt", "vietnam")), (cls.fr, ("fran",)), (cls.de, ("deutsch", "german")),
                            (cls.es, ("españ", "espan", "spanish", "castellano")),
                            (cls.pt, ("portug",)), (cls.ar, ("arab", "عرب")),
                            (cls.bn, ("bangla", "bengali", "বাংলা"))):
            code = lang.value
            if c == code or c.startswith((f"{code}-", f"{code}_")) or f"({code})" in c or any(w in c for w in words):
                return lang
        return cls.en


@dataclass(frozen=True)
class Named:
    """How the printed form names a question: its number, its kind and its options' labels."""

    number: str
    kind: Kind  # a grid's row is single
    choices: Mapping[str, str] = field(default_factory=dict)
    part: str = ""  # "Phần B" on a form numbered afresh in each part (part_names.py): cited "Câu 2 (Phần B)"
    formula: str = ""  # a calculation paper does not print: its plain expression, worded in its place (formulas.py)

    @property
    def chosen(self) -> bool:
        """Answered by choosing options (a choice or a grid's row): its conditions are worded as choices."""
        return behaviour(self.kind).shares

    @property
    def several(self) -> bool:
        """Several options may hold ("has chosen" rather than "is")."""
        return behaviour(self.kind).per_option


PHRASES: dict[Lang, dict[str, str]] = {
    Lang.vi: {"prefix": "Trả lời nếu {}", "q": "Câu {}", "and": " và ", "or": " hoặc ",
              "is": "{q} chọn {v}", "is_m": "{q} có chọn {v}", "not": "{q} không chọn {v}",
              "not_m": "{q} không chọn {v}", "eq": "{q} là {v}", "ne": "{q} khác {v}",
              "ge": "{q} từ {v} trở lên", "gt": "{q} lớn hơn {v}", "le": "{q} từ {v} trở xuống",
              "lt": "{q} nhỏ hơn {v}", "answered": "{q} có trả lời", "blank": "{q} bỏ trống",
              "count_ge": "{q} chọn từ {v} ý trở lên", "count_le": "{q} chọn không quá {v} ý",
              "depends": "Trả lời tùy theo câu trả lời ở {}", "instructed": "Chỉ trả lời khi được hướng dẫn",
              "note": "Nếu {}:", "note_depends": "Tùy theo câu trả lời ở {}:", "note_instructed": "Khi được hướng dẫn:",
              "same": "{q} giống {r}", "differs": "{q} khác {r}"},
    Lang.en: {"prefix": "Answer if {}", "q": "Question {}", "and": " and ", "or": " or ",
              "is": "{q} is {v}", "is_m": "{q} includes {v}", "not": "{q} is not {v}",
              "not_m": "{q} does not include {v}", "eq": "{q} is {v}", "ne": "{q} is not {v}",
              "ge": "{q} is {v} or more", "gt": "{q} is more than {v}", "le": "{q} is {v} or less",
              "lt": "{q} is less than {v}", "answered": "{q} is answered", "blank": "{q} is left blank",
              "count_ge": "{v} or more are ticked in {q}", "count_le": "at most {v} are ticked in {q}",
              "depends": "Answer depending on your answers to {}", "instructed": "Answer only if instructed",
              "note": "If {}:", "note_depends": "Depending on your answers to {}:", "note_instructed": "If instructed:",
              "same": "{q} is the same as {r}", "differs": "{q} differs from {r}"},
    Lang.fr: {"prefix": "Répondre si {}", "q": "Question {}", "and": " et ", "or": " ou ",
              "is": "{q} est {v}", "is_m": "{q} inclut {v}", "not": "{q} n'est pas {v}",
              "not_m": "{q} n'inclut pas {v}", "eq": "{q} est {v}", "ne": "{q} n'est pas {v}",
              "ge": "{q} est {v} ou plus", "gt": "{q} est supérieur à {v}", "le": "{q} est {v} ou moins",
              "lt": "{q} est inférieur à {v}", "answered": "{q} a une réponse", "blank": "{q} est sans réponse",
              "count_ge": "{v} choix ou plus sont cochés à {q}", "count_le": "au plus {v} choix sont cochés à {q}",
              "depends": "Répondre selon vos réponses à {}", "instructed": "Répondre seulement si on vous le demande",
              "note": "Si {} :", "note_depends": "Selon vos réponses à {} :", "note_instructed": "Si on vous le demande :",
              "same": "{q} est identique à {r}", "differs": "{q} diffère de {r}"},
    # German puts the verb last in a "wenn" clause: "Beantworten, wenn Frage 5 „Andere“ ist"
    Lang.de: {"prefix": "Beantworten, wenn {}", "q": "Frage {}", "and": " und ", "or": " oder ",
              "is": "{q} {v} ist", "is_m": "{q} {v} enthält", "not": "{q} nicht {v} ist",
              "not_m": "{q} {v} nicht enthält", "eq": "{q} {v} ist", "ne": "{q} nicht {v} ist",
              "ge": "{q} {v} oder mehr ist", "gt": "{q} größer als {v} ist", "le": "{q} {v} oder weniger ist",
              "lt": "{q} kleiner als {v} ist", "answered": "{q} beantwortet ist", "blank": "{q} leer ist",
              "count_ge": "bei {q} {v} oder mehr angekreuzt sind", "count_le": "bei {q} höchstens {v} angekreuzt sind",
              "depends": "Je nach Ihren Antworten auf {} beantworten", "instructed": "Nur auf Anweisung beantworten",
              "note": "Wenn {}:", "note_depends": "Je nach Ihren Antworten auf {}:", "note_instructed": "Auf Anweisung:",
              "same": "{q} gleich {r} ist", "differs": "{q} sich von {r} unterscheidet"},
    Lang.es: {"prefix": "Responda si {}", "q": "Pregunta {}", "and": " y ", "or": " o ",
              "is": "{q} es {v}", "is_m": "{q} incluye {v}", "not": "{q} no es {v}",
              "not_m": "{q} no incluye {v}", "eq": "{q} es {v}", "ne": "{q} no es {v}",
              "ge": "{q} es {v} o más", "gt": "{q} es mayor que {v}", "le": "{q} es {v} o menos",
              "lt": "{q} es menor que {v}", "answered": "{q} tiene respuesta", "blank": "{q} está en blanco",
              "count_ge": "se marcan {v} o más en {q}", "count_le": "se marcan como máximo {v} en {q}",
              "depends": "Responda según sus respuestas a {}", "instructed": "Responda solo si se le indica",
              "note": "Si {}:", "note_depends": "Según sus respuestas a {}:", "note_instructed": "Si se le indica:",
              "same": "{q} es igual a {r}", "differs": "{q} es distinto de {r}"},
    Lang.pt: {"prefix": "Responda se {}", "q": "Pergunta {}", "and": " e ", "or": " ou ",
              "is": "{q} é {v}", "is_m": "{q} inclui {v}", "not": "{q} não é {v}",
              "not_m": "{q} não inclui {v}", "eq": "{q} é {v}", "ne": "{q} não é {v}",
              "ge": "{q} é {v} ou mais", "gt": "{q} é maior que {v}", "le": "{q} é {v} ou menos",
              "lt": "{q} é menor que {v}", "answered": "{q} tem resposta", "blank": "{q} está em branco",
              "count_ge": "se marcam {v} ou mais em {q}", "count_le": "se marcam no máximo {v} em {q}",
              "depends": "Responda conforme as suas respostas a {}", "instructed": "Responda só se lhe for pedido",
              "note": "Se {}:", "note_depends": "Conforme as suas respostas a {}:", "note_instructed": "Se lhe for pedido:",
              "same": "{q} é igual a {r}", "differs": "{q} é diferente de {r}"},
    # Arabic: "أجب إذا كانت إجابة السؤال 5 «أخرى»"; "و" joins the next word
    Lang.ar: {"prefix": "أجب إذا {}", "q": "السؤال {}", "and": " و", "or": " أو ",
              "is": "كانت إجابة {q} {v}", "is_m": "تضمنت إجابة {q} {v}", "not": "لم تكن إجابة {q} {v}",
              "not_m": "لم تتضمن إجابة {q} {v}", "eq": "كانت إجابة {q} {v}", "ne": "لم تكن إجابة {q} {v}",
              "ge": "كانت إجابة {q} {v} أو أكثر", "gt": "كانت إجابة {q} أكثر من {v}", "le": "كانت إجابة {q} {v} أو أقل",
              "lt": "كانت إجابة {q} أقل من {v}", "answered": "أُجيب عن {q}", "blank": "تُرك {q} دون إجابة",
              "count_ge": "اختير {v} أو أكثر في {q}", "count_le": "اختير {v} على الأكثر في {q}",
              "depends": "أجب حسب إجاباتك عن {}", "instructed": "أجب فقط إذا طُلب منك ذلك",
              "note": "إذا {}:", "note_depends": "حسب إجاباتك عن {}:", "note_instructed": "إذا طُلب منك ذلك:",
              "same": "كانت إجابة {q} مثل إجابة {r}", "differs": "اختلفت إجابة {q} عن إجابة {r}"},
    # Bangla puts the condition first: "প্রশ্ন 5-এর উত্তর “অন্যান্য” হলে উত্তর দিন" ("if … is …, answer")
    Lang.bn: {"prefix": "{} হলে উত্তর দিন", "q": "প্রশ্ন {}", "and": " এবং ", "or": " অথবা ",
              "is": "{q}-এর উত্তর {v}", "is_m": "{q}-এ {v} বেছে নেওয়া", "not": "{q}-এর উত্তর {v} না",
              "not_m": "{q}-এ {v} বেছে নেওয়া না", "eq": "{q}-এর উত্তর {v}", "ne": "{q}-এর উত্তর {v} না",
              "ge": "{q}-এর উত্তর {v} বা তার বেশি", "gt": "{q}-এর উত্তর {v}-এর বেশি", "le": "{q}-এর উত্তর {v} বা তার কম",
              "lt": "{q}-এর উত্তর {v}-এর কম", "answered": "{q}-এর উত্তর দেওয়া", "blank": "{q} ফাঁকা রাখা",
              "count_ge": "{q}-এ {v}টি বা তার বেশি বেছে নেওয়া", "count_le": "{q}-এ সর্বোচ্চ {v}টি বেছে নেওয়া",
              "depends": "{}-এর উত্তর অনুযায়ী উত্তর দিন", "instructed": "কেবল নির্দেশ দেওয়া হলে উত্তর দিন",
              "note": "{} হলে:", "note_depends": "{}-এর উত্তর অনুযায়ী:", "note_instructed": "নির্দেশ দেওয়া হলে:",
              "same": "{q}-এর উত্তর {r}-এর উত্তরের সমান", "differs": "{q}-এর উত্তর {r}-এর উত্তর থেকে আলাদা"},
}
_NUMERIC = {Op.GE: "ge", Op.GT: "gt", Op.LE: "le", Op.LT: "lt", Op.EQ: "eq", Op.NE: "ne"}
_FLIP = {Op.GE: Op.LE, Op.GT: Op.LT, Op.LE: Op.GE, Op.LT: Op.GT, Op.EQ: Op.EQ, Op.NE: Op.NE}


class _Unworded(Exception):
    """A part of the expression plain words cannot carry."""


def _cite(p: Mapping[str, str], n: Named) -> str:
    """"Câu 5", "Câu 5a"; a number the form gave itself ("A1", "Q7") stands as printed; "Câu 2 (Phần B)" where
    the numbering starts again in each part."""
    said = p["q"].format(n.number) if n.number[:1].isdigit() else n.number
    return f"{said} ({n.part})" if n.part else said


def _quote(s: str) -> str:
    return f"“{s}”"


# an Arabic page quotes with guillemets, as its frame's instructions do: python-bidi mirrors them in a right-to-left
# line, so «نعم» shows pointing outwards on both sides, where “نعم” showed its opening 66 on the right
_QUOTES = {Lang.ar: "«{}»"}


def quoted(s: str, lang: Lang) -> str:
    """An option or a column's label as a printed condition quotes it in the frame's language."""
    return _QUOTES.get(lang, "“{}”").format(s)


class _Wording:
    def __init__(self, lang: Lang, names: Mapping[str, Named]) -> None:
        self.p, self.names, self.lang = PHRASES[lang], names, lang

    def question(self, name: str) -> tuple[str, Named]:
        n = self.names.get(name)
        if n is None or not n.number:
            raise _Unworded(name)
        return _cite(self.p, n), n

    def option(self, n: Named, value: Literal) -> str:
        key = to_string(value.value)
        if n.chosen:
            if key not in n.choices:
                raise _Unworded(key)
            return quoted(n.choices[key], self.lang)
        return quoted(key, self.lang) if isinstance(value.value, str) else key

    def phrase(self, e: Expr) -> str:
        match e:
            case Binary(Op.AND | Op.OR as op, _, _):
                return self.logical(op, e)
            case Call("not", (inner,)):
                return self.negated(inner)
            case Call("selected", (Ref(q), Literal() as v)):
                name, n = self.question(q)
                return self.p["is_m" if n.several else "is"].format(q=name, v=self.option(n, v))
            case Binary(Op.EQ | Op.NE as op, Ref(q), Ref(other)):
                return self.p["same" if op == Op.EQ else "differs"].format(q=self.question(q)[0],
                                                                           r=self.question(other)[0])
            case Binary(op, Literal() as v, Ref(q)) if op in _FLIP:
                return self.phrase(Binary(_FLIP[op], Ref(q), v))
            case Binary(op, Ref(q), Literal() as v) if op in _NUMERIC:
                return self.compare(op, q, v)
            case Binary(op, Call("string-length", (Ref(q),)), Literal(0.0)) if op in (Op.GT, Op.NE, Op.EQ):
                name, _ = self.question(q)
                return self.p["blank" if op == Op.EQ else "answered"].format(q=name)
            case Binary(op, Call("count-selected", (Ref(q),)), Literal(float() as k)) if op in (Op.GE, Op.GT, Op.LE, Op.LT):
                name, _ = self.question(q)
                at = int(k) + (1 if op == Op.GT else -1 if op == Op.LT else 0)
                return self.p["count_ge" if op in (Op.GE, Op.GT) else "count_le"].format(q=name, v=at)
        raise _Unworded(str(e))

    def compare(self, op: Op, q: str, v: Literal) -> str:
        name, n = self.question(q)
        if v.value == "" and op in (Op.EQ, Op.NE):
            return self.p["blank" if op == Op.EQ else "answered"].format(q=name)
        if n.chosen:
            if op not in (Op.EQ, Op.NE):
                raise _Unworded(q)
            key = ("is_m" if n.several else "is") if op == Op.EQ else ("not_m" if n.several else "not")
            return self.p[key].format(q=name, v=self.option(n, v))
        return self.p[_NUMERIC[op]].format(q=name, v=self.option(n, v))

    def negated(self, inner: Expr) -> str:
        match inner:
            case Binary(Op.EQ, Ref(q), Literal("")):
                return self.p["answered"].format(q=self.question(q)[0])
            case Call("selected", (Ref(q), Literal() as v)) | Binary(Op.EQ, Ref(q), Literal() as v):
                name, n = self.question(q)
                return self.p["not_m" if n.several else "not"].format(q=name, v=self.option(n, v))
        raise _Unworded(str(inner))

    def logical(self, op: Op, e: Expr) -> str:
        parts: list[Expr] = []

        def flatten(x: Expr) -> None:
            if isinstance(x, Binary) and x.op == op:
                flatten(x.left)
                flatten(x.right)
            else:
                parts.append(x)

        flatten(e)
        words = self.merged_options(parts) if op == Op.OR else None
        if words is None:
            words = [self.phrase(x) for x in parts]
            words = [f"({w})" if isinstance(x, Binary) and x.op in (Op.AND, Op.OR) else w for x, w in zip(parts, words)]
        text = self.p["or" if op == Op.OR else "and"].join(words)
        return text

    def merged_options(self, parts: list[Expr]) -> list[str] | None:
        """`${q}='1' or ${q}='2'` as one phrase: "Câu 5 chọn “A” hoặc “B”"."""
        tests = []
        for x in parts:
            match x:
                case Call("selected", (Ref(q), Literal() as v)) | Binary(Op.EQ, Ref(q), Literal() as v):
                    tests.append((q, v))
                case _:
                    return None
        if len({q for q, _ in tests}) != 1:
            return None
        name, n = self.question(tests[0][0])
        if not n.chosen:
            return None
        values = self.p["or"].join(self.option(n, v) for _, v in tests)
        return [self.p["is_m" if n.several else "is"].format(q=name, v=values)]


def _as_printed(text: str, names: Mapping[str, Named]) -> Expr:
    """The condition, any plain calculation it cites put back as the questions it is computed from."""
    formulas = {k: n.formula for k, n in names.items() if n.formula}
    return as_questions(parse_lenient(text), formulas) if formulas else parse_lenient(text)


def condition(text: str, lang: Lang, names: Mapping[str, Named]) -> str | None:
    """The condition in words ("Câu 5 chọn “Khác”"), or None when it cannot be put plainly."""
    try:
        return _Wording(lang, names).phrase(_as_printed(text, names))
    except _Unworded:
        return None


DEPENDS_MOST = 3  # questions a calculation's "depending on your answers to …" may cite


def instruction(text: str, lang: Lang, names: Mapping[str, Named], note: bool = False) -> str:
    """The line printed under a conditional question's title (before a conditional note's text, with note=True)."""
    p = PHRASES[lang]
    said = condition(text, lang, names)
    if said is not None:
        return p["note" if note else "prefix"].format(said)
    def cited(expr: Expr) -> list[str]:
        return [_cite(p, names[r]) for r in references(expr) if r in names and names[r].number]

    numbered = cited(parse_lenient(text))
    through = cited(_as_printed(text, names))  # the questions its calculations are computed from, when few: a
    if len(through) <= DEPENDS_MOST or len(through) <= len(numbered):  # list of eight says nothing more than "if
        numbered = through  # instructed" (KatilingBan's malnutrition note)
    if numbered:
        return p["note_depends" if note else "depends"].format(p["and"].join(numbered))
    # a note whose condition names nothing printed (a `pulldata` calculate: Hluvukani's "Esta parcela nao existe")
    # printed as if every respondent were to read it
    return p["note_instructed" if note else "instructed"]


def template_language(template: Template) -> str:
    """The language a template's questions are worded in (its online settings'), Vietnamese when it names none."""
    return str(getattr(template, "language", None) or template.online.get("language") or "vi")


# the names of the latest templates, worked out once each: every conditional question, every review item and every
# online problem asks for them, and working them out reads the whole template (quadratic on a long form); a
# template is frozen, and the weak reference keeps a new template at a freed id from taking another's names
_NAMED: dict[tuple[int, bool], tuple[weakref.ref[Template], dict[str, Named]]] = {}
_KEEP = 8


def template_names(template: Template, online: bool = False) -> dict[str, Named]:
    """How a built template names its questions (grid rows by their own numbers, "5a"; with their part where the
    numbering starts again in each); `online`: by their titles, as the Google Form (whose items carry no numbers)
    names them. The same dict for the same template: not to be changed."""
    key = (id(template), online)
    kept = _NAMED.get(key)
    if kept is not None and kept[0]() is template:
        return kept[1]
    names = _online_names(template) if online else _printed_names(template)
    while len(_NAMED) >= _KEEP:
        _NAMED.pop(next(iter(_NAMED)))
    _NAMED[key] = (weakref.ref(template), names)
    return names


def _printed_names(template: Template) -> dict[str, Named]:
    from ..part_names import cited_parts

    numbers = {q.id: q.number for q in template.questions}
    parts = cited_parts([(s.title, [(qid, numbers.get(qid, "")) for qid in s.questions]) for s in template.sections],
                        template_language(template))
    return {**{name: Named("", Kind.text, formula=text)
               for name, text in (template.online.get("formulas", {}) or {}).items()},
            **{q.id: Named(_quote(q.text) if q.roster and not q.number else q.number, q.type,
                           {o.id: o.label for o in q.options}, parts.get(q.id, ""))  # a cell: “Tuổi [2]”
               for q in template.questions}}


def _online_names(template: Template) -> dict[str, Named]:
    return {k: n if n.formula else replace(n, number=_quote(_short(template.question(k).online_title)))
            for k, n in template_names(template).items()}


def template_instruction(template: Template, qid: str, online: bool = False) -> str:
    """The printed instruction of a template's question ("" when it is always answered).

    `online`: as the Google Form says it, whose items carry no numbers: a question is named by its title
    (“Trả lời nếu “Đồng chí có phải là đảng viên không?” chọn “Có””), never as “Câu 5”."""
    q = template.question(qid)
    if not q.relevant:
        return ""
    return instruction(q.relevant, Lang.of(template_language(template)), template_names(template, online))


def _short(title: str, most: int = 60) -> str:
    """A title cut at a word near `most` characters, for naming a question inside a sentence."""
    if len(title) <= most:
        return title
    return title[:most].rsplit(" ", 1)[0].rstrip(",;:") + "…"


_DATE_BOUND = re.compile(r"^\.\s*(>=|>|<=|<)\s*(?:date\(\s*)?'(\d{4})-(\d{2})-(\d{2})'\s*\)?$")


def _date_range_words(constraint: str) -> str:
    """A date question's range in words, days written as Viet Nam writes them: “phải từ 08/11/2023 đến 15/11/2023”
    (the reviewer read `. >= '2023-11-08' and . <= '2023-11-15'`); "" for any other constraint."""
    said = {">=": "sớm nhất là ngày {}", ">": "phải sau ngày {}", "<=": "muộn nhất là ngày {}", "<": "phải trước ngày {}"}
    bounds: dict[str, tuple[str, str]] = {}
    for part in re.split(r"\s+and\s+", constraint.strip()):
        m = _DATE_BOUND.match(part.strip())
        side = "low" if m and m.group(1).startswith(">") else "high"
        if m is None or side in bounds:
            return ""
        bounds[side] = (m.group(1), f"{m.group(4)}/{m.group(3)}/{m.group(2)}")
    if set(bounds) == {"low", "high"} and bounds["low"][0] == ">=" and bounds["high"][0] == "<=":
        return f"phải từ {bounds['low'][1]} đến {bounds['high'][1]}"
    return " và ".join(said[op].format(day) for op, day in bounds.values())


def constraint_words(constraint: str) -> str:
    """A constraint as the Vietnamese reviewer and the validation read it: a range in words (“phải từ 18 đến 80”,
    numbers written 0,5 as Vietnamese writes them), else the expression as the form wrote it, so nobody reads
    `. >= 18 and . <= 80`."""
    def said(x: float) -> str:
        return str(int(x)) if float(x).is_integer() else f"{x:.10g}".replace(".", ",")

    stepped = constraint_step(constraint)
    if stepped is not None:  # a range with a step (xlsform_items): “phải từ 0 đến 100 và là bội số của 5”
        rest, by, start = stepped
        step = f"là bội số của {said(by)}" if start == 0 else f"theo bước {said(by)} tính từ {said(start)}"
        if not rest:
            return f"phải {step}"
        words = constraint_words(rest)
        return f"{words} và {step}" if words != rest else constraint
    dates = _date_range_words(constraint)
    if dates:
        return dates
    b = constraint_bounds(constraint)
    if b.low is not None and b.high is not None and not (b.low_open or b.high_open):
        return f"phải từ {said(b.low)} đến {said(b.high)}"
    parts = [f"{'lớn hơn' if b.low_open else 'từ'} {said(b.low)}{'' if b.low_open else ' trở lên'}"] if b.low is not None else []
    if b.high is not None:
        parts.append(f"{'nhỏ hơn' if b.high_open else 'không quá'} {said(b.high)}")
    return "phải " + " và ".join(parts) if parts else constraint


def constraint_said(template: Template, qid: str) -> str:
    """A question's broken constraint as the reviewer reads it: the form's own `constraint_message` (“Tuổi phải từ
    18 đến 80”), with the range in words when the constraint says one, else the range, else the expression."""
    q = template.question(qid)
    own_words = template.online.get("constraint_messages", {}) or {}
    own = str(own_words.get(qid) or (own_words.get(q.column) if q.column else "") or "")
    words = constraint_words(q.constraint) if q.constraint else ""
    if own and words and words != q.constraint and words.casefold() not in own.casefold():
        return f"{own}; {words}"
    return own or words


def logic_reason(template: Template, qid: str, reason: str) -> str:
    """Why the logic asks a reviewer about a question, with the rule it broke: what the reviewer checks the sheet by."""
    rows = [ro.rows for ro in template.rosters.values() if counted_question(template, ro.count) == qid]
    rule = (template_instruction(template, qid) if reason == ReviewReason.skipped_answered
            else f"bảng kê in {rows[0]} dòng" if reason == ReviewReason.more_members and rows
            else "" if reason == ReviewReason.more_members else constraint_said(template, qid))
    return f"{ReviewReason.label_of(reason)} ({rule})" if rule else ReviewReason.label_of(reason)


def choice_rule_text(max_choices: int | None, exclusive: tuple[str, ...]) -> str:
    """A choice rule as a constraint would spell it, for a message that names the rule broken."""
    parts = [f"count-selected(.) <= {max_choices}"] if max_choices else []
    parts += [f"not(selected(., '{x}') and count-selected(.) > 1)" for x in exclusive]
    return " and ".join(parts)
