"""An XLSForm's words as paper prints them: one label language, markdown and HTML, `${field}`, own numbers.

pyxform hands over a label as a string or, when the sheet has `label::Lang`
columns, as {language: text}. One language is chosen (the `--lang` option,
else the settings' `default_language`, else the form's only language, else
Vietnamese if the form has it, else the first language column) and `build`
says which and how to choose another. Markdown emphasis and HTML tags are
what a phone renders; on paper a wholly emphasised note keeps its emphasis
as its font and other markup is removed.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .fonts import BOLD, ITALIC, bare, printable, unprintable_symbols
from .fonts_rtl import RIGHT_TO_LEFT
from .kinds.behaviour import Printed
from .kinds.xlsform import XlsType
from .label_marks import lone_letter
from .phrases import FRAME_NAMES, Language, has_frame, language_code, words_are_english

if TYPE_CHECKING:
    from .questionnaire_model import Item

TEXT_KEYS = ("label", "hint")
OTHER_VI = "Khác (ghi rõ)"  # what the reader names pyxform's or_other write-in before its language is known
_TAG = re.compile(r"<[^<>]{1,200}>")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\3(?![\w*])")
_HEADING = re.compile(r"^#{1,6}\s+", re.MULTILINE)
_LINK = re.compile(r"\[([^\]]+)\]\(\s*([^)\s]+)[^)]*\)")
_ESCAPED = re.compile(r"\\([*_#\[\]()`\\])")
_KEEP = {c: chr(0xE000 + k) for k, c in enumerate("*_#[]()`\\")}
_KEPT = {v: k for k, v in _KEEP.items()}
FIELD_REF = re.compile(r"\$\{\s*([^}\s]+)\s*\}")
# "7.", "7)", "Q7.", "Q7)", "A1.", "1a.", "Câu 7.", "Question 7:", "B.2" at the start of a label
_OWN_NUMBER = re.compile(r"^\s*(?:(?:câu|question|q\.?|no\.?)\s*)?([A-Za-z]{0,2}\d{1,3}[a-z]?(?:\.\d{1,2}){0,3})\s*[.):]\s+(?=\S)",
                         re.IGNORECASE)
_OWN_CODE = re.compile(r"^\s*([A-Z]{1,2}\d{1,3}[a-z]?)\s+(?=\S)")  # "A1 Interviewer name": a letter and digits
# "5.1 Nambari ya simu", "A.3 Prénoms", "A.11-a Téléphone": section and question, no stop after them
_OWN_TIGHT = re.compile(r"^\s*(\d{1,3})[.)](?=[^\W\d_])")  # "1.What type…": the stop and the word run together
_OWN_DOTTED = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,2}){1,3}[a-z]?|[A-Z]{1,2}[.-]\d{1,2}(?:-?[a-z])?)\s+(?=[^\W\d_])")


@dataclass(frozen=True)
class LanguageChoice:
    key: str | None  # the label key to read (a column's language name, "default"), None: labels are plain text
    available: tuple[str, ...]
    how: str  # why this language: "--lang", "default_language", "only", "rule"
    frame: Language  # the printed frame's phrases
    frame_how: str = "labels"  # "labels" (the label language's own), "words" (judged from them), "unsure" (plain
    # labels whose words tell no language: English), "fallback" (the language has no frame phrases: English),
    # "frame_language" (the settings), "--frame"

    def frame_said(self) -> str:
        """The frame's line in `build`'s summary: which language and why, and how to choose another."""
        why = {"labels": "theo ngôn ngữ của nhãn / the labels' language",
               "words": "đoán từ lời của câu hỏi / judged from the questions' words",
               "fallback": "ngôn ngữ của nhãn chưa có khung riêng / the labels' language has no frame of its own",
               # plain labels too few or too plain to judge ("Village Name", "Headman Contact"): English, not known
               "unsure": "ngôn ngữ của nhãn chưa có khung riêng, hoặc không đoán được từ lời của câu hỏi / the labels' "
                         "language has no frame of its own, or could not be told from the questions' words",
               "frame_language": "theo cột frame_language của trang settings / the settings' frame_language",
               "--frame": "chọn bằng --frame / chosen with --frame"}[self.frame_how]
        how = ("" if self.frame_how in ("frame_language", "--frame") else
               "; đổi bằng cột frame_language của trang settings hoặc build --frame / change with the settings' "
               "frame_language or build --frame")
        return f"khung in / frame: {FRAME_NAMES[self.frame]} ({why}){how}"

    def notice(self) -> str:
        """What `build` says when the form has several languages."""
        if len(self.available) < 2:
            return ""
        reason = {"--lang": "chọn bằng --lang / chosen with --lang",
                  "default_language": "theo default_language của trang settings / the settings' default_language",
                  "rule": "tiếng Việt nếu có, không thì cột label::ngôn ngữ đầu tiên / Vietnamese if present, else the "
                          "first label::language column"}.get(self.how, self.how)
        names = ", ".join(PLAIN_LABEL if a == "default" else a for a in self.available)
        return (f"bảng hỏi có {len(self.available)} ngôn ngữ ({names}); in bằng {self.key!r} "
                f"({reason}); chọn ngôn ngữ khác bằng build --lang hoặc cột default_language của trang settings / "
                f"the form has {len(self.available)} languages; printed in {self.key!r}; choose another with "
                "build --lang or the settings' default_language")


# pyxform calls the plain `label` column "default"; a new user would not guess the word `build --lang` takes
PLAIN_LABEL = "default (cột label không ghi ngôn ngữ / the plain label column)"


class UnknownLanguage(ValueError):
    pass


def languages_in(tree: dict[str, Any]) -> list[str]:
    """The label languages of pyxform's tree, in first-seen order ("default" for a plain label column)."""
    seen: dict[str, None] = {}

    def texts(node: dict[str, Any]) -> None:
        for k in TEXT_KEYS:
            if isinstance(node.get(k), dict):
                seen.update(dict.fromkeys(node[k]))

    _each_node(tree, texts)
    return list(seen)


def _each_node(tree: dict[str, Any], do: Callable[[dict[str, Any]], None]) -> None:
    """Calls `do` on every element and choice of pyxform's tree (labels live at any depth), once each: the tree
    holds a list's choices under every question that uses it, the same objects (made plain twice, a label written
    wholly in bold would lose its marker)."""
    done: set[int] = set()

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            if id(node) in done:
                return
            done.add(id(node))
            do(node)
            for v in list(node.values()):
                if isinstance(v, (list, dict)):
                    visit(v)
        elif isinstance(node, list):
            for v in node:
                visit(v)

    visit(tree.get("children", []))
    visit(tree.get("choices", {}))


def _matches(wanted: str, name: str) -> bool:
    w, n = (unicodedata.normalize("NFC", x).casefold().strip() for x in (wanted, name))
    code = re.search(r"\(([^)]+)\)\s*$", n)
    return w == n or (code is not None and w == code.group(1)) or n.split("(")[0].strip() == w


def choose_language(tree: dict[str, Any], wanted: str | None, default_language: str) -> LanguageChoice:
    available = tuple(languages_in(tree))
    # the frame follows the questions' words, not the choices': an English form listing "Đắk Lắk" or "ChưR'căm"
    # among its places is English (onadata's sample_accent printed the Vietnamese frame)
    sample = (" ".join(_all_texts(tree, choices=False)) or " ".join(_all_texts(tree)))[:20000]
    if not available:  # plain `label` columns: pyxform reads default_language as their language
        named = language_code(default_language) if default_language and not _plain(default_language) else None
        if named:
            return LanguageChoice(None, (), "only", named)
        judged = language_code("default", sample)
        sure = judged != Language.en or words_are_english(sample)
        return LanguageChoice(None, (), "only", judged, "words" if sure else "unsure")
    if wanted:
        key = next((a for a in available if _matches(wanted, a)), None)
        if key is None:
            raise UnknownLanguage(f"{wanted!r} không phải ngôn ngữ của bảng hỏi / is not a language of the form; "
                                  f"có / it has: {', '.join(available)}")
        how = "--lang"
    elif default_language and any(_matches(default_language, a) for a in available):
        key, how = next(a for a in available if _matches(default_language, a)), "default_language"
    elif len(available) == 1:
        key, how = available[0], "only"
    else:
        real = [a for a in available if a != "default"] or list(available)
        key = next((a for a in real if language_code(a) == Language.vi), real[0])
        how = "rule"
    sure = key != "default" or language_code(key, sample) != Language.en or words_are_english(sample)
    frame_how = ("words" if sure else "unsure") if key == "default" else "labels" if has_frame(key) else "fallback"
    return LanguageChoice(key, available, how, language_code(key, sample), frame_how)


def _plain(name: str) -> bool:
    """Whether a default_language names no language the frame knows ("default", "Hindi (hi)")."""
    n = name.casefold().strip()
    return n == "default" or (language_code(n) == Language.en and not re.search(r"\ben\b|english|eng\b", n))


def _all_texts(node: Any, choices: bool = True) -> Iterable[str]:
    if isinstance(node, dict):
        for k, v in node.items():
            if k in TEXT_KEYS:
                yield from (v.values() if isinstance(v, dict) else [v])
            elif isinstance(v, (list, dict)) and (choices or k != "choices"):
                yield from _all_texts(v, choices)
    elif isinstance(node, list):
        for v in node:
            yield from _all_texts(v, choices)


def right_to_left(tree: dict[str, Any], key: str | None) -> bool:
    """Whether the labels in the language `key` (before `localise`) are mostly in a right-to-left script (Arabic,
    Persian, Urdu, Hebrew): paper sets text left to right in fonts without those letters, so it would print them
    unjoined, reversed, or not at all: such a form is laid out in DejaVu Sans, shaped and reordered line by line
    (fonts.visual) and set against the right edge."""
    texts: list[str] = []

    def collect(node: dict[str, Any]) -> None:
        for k in TEXT_KEYS:
            value = node.get(k)
            texts.append(str((value.get(key) if key else None) or "") if isinstance(value, dict) else str(value or ""))

    _each_node(tree, collect)
    letters = [c for t in texts for c in t if c.isalpha()]
    return len(letters) > 0 and sum(bool(RIGHT_TO_LEFT.match(c)) for c in letters) > 0.3 * len(letters)


def localise(tree: dict[str, Any], key: str | None, for_paper: bool = True) -> dict[str, str]:
    """Every label and hint of the tree (choices too) as one plain string in the chosen language, in place;
    `for_paper` False (a right-to-left language, printed in the sans font: see fonts.sans_family) keeps the
    letters the serif lacks. Returns the symbols paper names because the fonts lack them ("🍔" -> "[hamburger]")."""
    named: dict[str, str] = {}

    def pick(value: Any) -> str:
        if isinstance(value, dict):
            if key in value and str(value[key] or "").strip():
                return str(value[key])
            return str(value.get("default") or next((v for v in value.values() if str(v or "").strip()), ""))
        return "" if value is None else str(value)

    def texts(node: dict[str, Any]) -> None:
        for k in TEXT_KEYS:
            if k in node:
                text = pick(node[k])
                if k == "label" and XlsType.of(node) is XlsType.note and hidden_only(text):
                    node[k] = ""  # a note a phone shows as nothing: nothing to print or ask
                    continue
                if k == "label" and text.strip() == NO_LABEL:
                    node[k] = ""  # the Community Health Toolkit's placeholder: a group or field shown untitled
                    continue
                node[k] = plain(text, for_paper)
                if for_paper:
                    named.update(unprintable_symbols(text))
                if k == "label" and for_paper and (full := plain(text, False)) != node[k]:
                    node[UNPRINTED_KEY] = full  # its Google Form title keeps what paper names ("🍔" -> "[hamburger]")
                if inline := marked(text, for_paper):
                    node[MARKED_KEY if k == "label" else MARKED_HINT_KEY] = inline

    _each_node(tree, texts)
    return named


NO_LABEL = "NO_LABEL"  # what CHT forms write where pyxform wants a label and the app shows none

# a span a phone never shows: KoboToolbox's matrix samples fill a grid's empty cell with a note
# `<span style="display:none">BLANK</span>`, which paper printed as "If Question 1 is not “Yes”: BLANK"
_HIDDEN = re.compile(r"""<span\b[^>]*\bstyle\s*=\s*(["'])[^"']*display\s*:\s*none[^"']*\1[^>]*>.*?</span\s*>""",
                     re.IGNORECASE | re.DOTALL)


def hidden_only(text: str) -> bool:
    """Whether all the words of a label are in spans a phone does not show (`display:none`)."""
    return bool(_HIDDEN.search(text)) and not any(ch.isalnum() for ch in plain(_HIDDEN.sub("", text), False))


def symbols_notice(named: dict[str, str]) -> tuple[str, ...]:
    """`build`'s one note on the symbols printed as their names (fonts.printable), each once."""
    if not named:
        return ()
    said = ", ".join(f"{c} -> {n}" for c, n in named.items())
    return (f"phông chữ không có ký hiệu nên giấy in tên của nó: {said}; biểu mẫu trực tuyến giữ nguyên ký hiệu / "
            f"the fonts lack these symbols, so paper prints their names: {said}; the online form keeps them",)


def unprinted_labels(tree: dict[str, Any]) -> dict[str, str]:
    """Question name -> its label as `localise` found it before paper named the symbols the fonts lack."""
    found: dict[str, str] = {}

    def collect(node: dict[str, Any]) -> None:
        if UNPRINTED_KEY in node and "type" in node and node.get("name"):
            found[str(node["name"])] = str(node[UNPRINTED_KEY])

    _each_node(tree, collect)
    return found


def plain(text: str, for_paper: bool = True) -> str:
    """HTML tags and markdown marks removed, entities decoded, NFC; emphasis that covers the whole text is kept
    as a leading marker (see `emphasis`) so the layout can print it in that font. For paper, characters the
    fonts lack are replaced or left out (`fonts.printable`); text only the Google Form shows keeps them."""
    s = _ESCAPED.sub(lambda m: _KEEP[m.group(1)], str(text))  # "Migrant\\*innen": a star kept, no emphasis
    s = html_breaks(s)  # "<p>One.</p><p>Two.</p>": two words, never "One.Two."
    whole = _whole_emphasis(_TAG.sub("", s).strip())
    s = html.unescape(_TAG.sub("", s))
    s = _LINK.sub(_link, _HEADING.sub("", s))
    for _ in range(2):
        s = _EMPHASIS.sub(lambda m: m.group(2) or m.group(4) or "", s)
    s = "".join(_KEPT.get(c, c) for c in s)
    s = unicodedata.normalize("NFC", " ".join(s.split()))
    s = printable(s) if for_paper else s
    return f"{whole}{s}" if whole and s else s


def _link(m: re.Match[str]) -> str:
    """A markdown link as words with its address after them ("Weekly calendar (https://…)"): a phone opens it,
    paper and the Google Form's help can only say it ("read [here](…)" said "read here", pointing nowhere)."""
    text, url = m.group(1), m.group(2)
    said = url.removeprefix("mailto:")
    kept = "".join(_KEEP.get(c, c) for c in said)  # an address's "_" or "*" is no emphasis
    return text if " ".join(text.split()) in (url, said) else f"{text} ({kept})"


_MARK = {"bold": "\x02", "italic": "\x03"}
MARKED_KEY = "marked_label"  # localise: a label with inline emphasis, beside its plain text
MARKED_HINT_KEY = "marked_hint"  # and a hint with it
UNPRINTED_KEY = "unprinted_label"  # localise: a label's words before the fonts' symbols were named, for online
_EDGE_SPACE = re.compile(f"^([{BOLD}{ITALIC}]+)\\s+|\\s+([{BOLD}{ITALIC}]+)$")
_HTML_EMPHASIS = re.compile(r"<\s*(/?)\s*(b|strong|i|em)\s*>", re.IGNORECASE)


def marked(text: str, for_paper: bool = True) -> str:
    """The label as `plain` makes it but with its inline bold and italic kept as toggles (fonts.BOLD,
    fonts.ITALIC) the layout prints in their fonts, and its own line breaks kept (a phone shows them: Enketo and
    ODK Collect break the line at a newline or `<br>`; a paragraph break is one empty line); "" when it has no
    line break and nothing is emphasised or all of it is. `for_paper` False (a right-to-left form) keeps the
    letters the serif lacks, as `plain` does."""
    s = _ESCAPED.sub(lambda m: _KEEP[m.group(1)], str(text))
    s = html_breaks(s.replace("\r\n", "\n").replace("\r", "\n"))
    tagless = _TAG.sub("", s).strip()
    broken = "\n" in tagless
    if not broken and _whole_emphasis(tagless):
        return ""
    s = _HTML_EMPHASIS.sub(lambda m: BOLD if m.group(2).lower() in ("b", "strong") else ITALIC, s)
    s = html.unescape(_TAG.sub("", s))
    s = _LINK.sub(_link, _HEADING.sub("", s))
    for _ in range(2):
        s = _EMPHASIS.sub(lambda m: f"{BOLD}{m.group(2)}{BOLD}" if m.group(2) else f"{ITALIC}{m.group(4)}{ITALIC}", s)
    if BOLD not in s and ITALIC not in s and not broken:
        return ""
    s = "".join(_KEPT.get(c, c) for c in s)
    kept = printable if for_paper else str
    lines: list[str] = []
    for line in unicodedata.normalize("NFC", s).split("\n"):
        parts = re.split(f"([{BOLD}{ITALIC}])", line)
        line = " ".join("".join(p if p in (BOLD, ITALIC) else kept(p) if p.strip() else " " * bool(p)
                                for p in parts).split())
        line = _EDGE_SPACE.sub(lambda m: m.group(1) or m.group(2), line)  # "<b>Explanation </b>" ends its line
        if bare(line) or (lines and bare(lines[-1])):  # empty lines in a row are one paragraph break
            lines.append(line)
    while lines and not bare(lines[-1]):
        lines.pop()
    s = "\n".join(lines)
    return s if flat(s) == emphasis(plain(text, for_paper))[0] else ""


_BR = re.compile(r"<\s*br\s*/?\s*>", re.IGNORECASE)
_PARAGRAPHS = re.compile(r"<\s*/\s*p\s*>\s*<\s*p(?:\s[^<>]*)?>|<\s*/?\s*p(?:\s[^<>]*)?>", re.IGNORECASE)


def html_breaks(text: str) -> str:
    """HTML's line and paragraph breaks as the text's own: `<br>`, `<br/>` a line break, `<p>…</p><p>…</p>` a
    paragraph break (an empty line), as a phone shows them; a text's first and last paragraph tags end nothing."""
    return _PARAGRAPHS.sub("\n\n", _BR.sub("\n", text)) if "<" in text else text


def flat(text: str) -> str:
    """A marked label's words on one line, without emphasis: what `plain` makes of the same label."""
    return " ".join(bare(text).split())


def _whole_emphasis(s: str) -> str:
    m = re.fullmatch(r"(\*\*|__)(.+)\1|([*_])([^*_].*)\3", s, flags=re.DOTALL)
    if not m:
        return ""
    return _MARK["bold"] if m.group(1) else _MARK["italic"]


def emphasis(text: str) -> tuple[str, str | None]:
    """(text without its marker, "bold" | "italic" | None)."""
    for font, mark in _MARK.items():
        if text.startswith(mark):
            return text[1:], font
    return text, None


def own_number(label: str) -> tuple[str, str] | None:
    """("7", rest) for a label that starts with its own number ("7. Age", "Q7) Age", "A1. Name", "5.1 Phone").

    A dotted number with no stop after it ("5.1 Nambari ya simu", onadata's Swahili children's survey; "A.3
    Prénoms", a French agricultural survey) counts only before a word that is not lower case: "2.5 kg of rice"
    is a quantity, not a number."""
    text, _ = emphasis(label)
    m = _OWN_NUMBER.match(text) or _OWN_CODE.match(text)
    if not m:
        m = _OWN_DOTTED.match(text)
        if m and text[m.end()].islower():
            return None
    if not m:  # "1.What type of dwelling…" (UNHCR's household survey): no space after the stop, a capital next
        m = _OWN_TIGHT.match(text)
        if m and not text[m.end()].isupper():
            return None
    if not m or not any(ch.isdigit() for ch in m.group(1)) or _numbered_list(text, m):
        return None
    return m.group(1), text[m.end():]


def _numbered_list(text: str, m: re.Match[str]) -> bool:
    """Whether the label is a numbered list whose first item carries the number ("1)The enumerator's identity…"
    then "2)What is the purpose…" on the next lines, REACH's MSNA 2024 consent): the "1" is the list's, not the
    question's, which printed "Question 1." in the middle of the form and made it open on "Question 2"."""
    number, stop = m.group(1), text[m.end(1):m.end()].strip()[:1]
    if not number.isdigit() or not stop:
        return False
    # the label comes flat here (its lines joined by spaces): the next item is the next number after a space
    return re.search(rf"\s{int(number) + 1}\s*{re.escape(stop)}", text[m.end():]) is not None


def own_mark(it: Item, lettered: Collection[str] = ()) -> tuple[str, str] | None:
    """An item's own number as its label starts with it (own_number); a roster's own letter too: a household
    form's member table is often its part B ("B. THÀNH VIÊN TRONG HỘ"), printed as it is written, never as
    "Câu 5. B. …". A question's lone letter ("C. Hộ có …") only when it is `lettered`, the form's own
    numbering (label_marks.lettered_questions); otherwise it stays words, as an option-like letter may be."""
    own = own_number(it.label)
    if own or (it.behaviour.printed is not Printed.roster and it.id not in lettered):
        return own
    got = lone_letter(emphasis(it.label)[0])
    # outside the form's own lettered run a roster's mark is one or two capitals: "WASH." or "HHM:" is a name
    return got if got and (it.id in lettered or len(got[0]) <= 2) else None


def cite_fields(text: str, name_of: Callable[[str], str]) -> str:
    """`${field}` replaced by how the printed form names the question ("Câu 4")."""
    return FIELD_REF.sub(lambda m: name_of(m.group(1)), text) if "${" in text else text


def only_fields(text: str) -> bool:
    """Whether a text is nothing but `${field}` references ("${hh_summary_text}", a choice "${fam_name1}"): what
    a phone fills in as it goes, which leaves paper no word to print."""
    return bool(FIELD_REF.search(text)) and not any(ch.isalnum() for ch in FIELD_REF.sub("", emphasis(text)[0]))
