"""The printed words once the whole form is read (split from xlsform_text, which reads a label's words one by one):
own numbers kept or given, `${field}` cited as the answer to a numbered question, or_other worded in the form's language, a note opening on a
computed blank printed from its first words."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from .answer_refs import answer_lead, answer_ref, cite_answers, see_ref
from .fonts import BOLD, ITALIC, bare, printable
from .label_marks import calc_blank_lines, lettered_questions
from .part_names import cited_parts, placed_headings
from .phrases import phrase, row_letter
from .xlsform_text import FIELD_REF, OTHER_VI, cite_fields, emphasis, flat, only_fields, own_mark, own_number

if TYPE_CHECKING:
    from .online_only import OnlineOnly
    from .questionnaire_model import Choice, Item, Section


_BARE_NUMBER = re.compile(r"^\s*(\d{1,3})\s+(?=[^\W\d_])")


def bare_next(label: str, counter: int, after_own: bool) -> tuple[str, str] | None:
    """A label opening on a bare number with no stop ("7 Children", formhub's roster after "6. What web
    browsers…") is its own number only where it is the next one after a question that numbered itself: printed
    as "Question 7. 7 Children" otherwise. Elsewhere a bare number is the label's words ("5 things you like")."""
    text = emphasis(label)[0]
    m = _BARE_NUMBER.match(text)
    if not (m and after_own and int(m.group(1)) == counter + 1) or text[m.end()].islower():
        return None  # "5 or more people…" after Question 4 is words
    return m.group(1), text[m.end():]


def sub_number(of: str, taken: set[str]) -> str:
    """An unnumbered question right after Question 1, where one of the form's labels claims 2 (IFRC's
    "Comments, suggestions to improve:" under each numbered question), is "1a", then "1b": numbered on past every
    number the form claims it printed "Question 43" between Questions 1 and 2."""
    k = 0
    while f"{of}{row_letter(k)}" in taken:
        k += 1
    return f"{of}{row_letter(k)}"


def opens_on_one(claimed: set[str], before: int) -> bool:
    """Whether the `before` unnumbered questions ahead of the form's first own number are "0a", "0b" …
    (sub_number of "0"): where the form's own numbers include 1 ("1." or "01.") and they fit in one letter each.
    Numbered on past every claimed number, IFRC's date and reporter printed "Question 33" and "34" before the
    form's "1."; EcoHealth Alliance's Ghana survey printed its administrative details 1–6, then its own "01.".
    A survey office reads "0a" as coming before Question 1, in the "1a" scheme the same forms already print for
    questions under their own numbers; a letter alone ("A", "B") would meet a form that letters its own
    questions or parts (lettered_questions, "Phần B"). A start longer than the alphabet is the form's body, not
    a cover block (OpenGIS.ch's flooding assessment: 35 questions, then a checklist numbered 1–18): "0ai" would
    help no one, so it is numbered as before."""
    return before <= 26 and any(n.isdigit() and int(n) == 1 for n in claimed)


def finish_words(sections: Sequence[Section], online_only: Sequence[OnlineOnly], lang: str,
                 or_other: set[str], unprinted: Mapping[str, str] | None = None
                 ) -> tuple[list[Section], list[OnlineOnly]]:
    """The printed words once the whole form is read: own numbers kept (a lone letter where the form letters
    its parts and questions A, B, C …), later numbers following on, `${field}` cited as the answer to its question (answer_refs; a calculate,
    which paper cannot show, a blank to write in: see label_marks), pyxform's or_other
    worded in the form's language, emphasis as a note's style. Online, where nothing is numbered, a question's
    title and hint name the question a `${field}` cites by its title; a note leaves a blank."""
    counter = 0
    lettered = lettered_questions(sections, lambda t: emphasis(t)[0], lambda t: own_number(t) is not None)
    claims = [[own[0] for it in s.items if it.number and (own := own_mark(it, lettered))] for s in sections]
    # a number a label claims is not given to an unnumbered question; when the labels' numbers restart ("1.",
    # "2." afresh in each group) they are the section's own, avoided there only: avoided in the whole form they
    # made WFP's food security survey, REACH's MSNA and UNHCR's household survey open on "Question 15", "10", "12".
    # Numbers that restart within one section below numbers the form has already given ("1."…"11." under each of
    # a question's lists after Question 10: REACH's MSNA 2024, a group wrapping the whole consented form) are
    # lists' numbers, which meet ours anyway: avoiding them there only skipped "Question 11"
    every = [n for c in claims for n in c]
    owned = set(every) if len(set(every)) == len(every) else set()
    used: set[str] = set()
    last_own = False
    seen_own = False  # no own number yet: before it, "0a", "0b" … where the form opens on 1 (opens_on_one)
    marks = [bool(own_mark(it, lettered)) for s in sections for it in s.items if it.number]
    before = marks.index(True) if True in marks else len(marks)
    sub_of = ""  # the form's own number of the last question (not a grid's): 1a, 1b … follow it (sub_number)
    numbered: list[Section] = []
    for s, claimed in zip(sections, claims, strict=True):
        if len(set(claimed)) < len(claimed) and used & set(claimed):
            claimed = []
        items = []
        for it in s.items:
            number, label = it.number, it.label
            was: tuple[str, ...] = ()
            if number:
                own = own_mark(it, lettered) or bare_next(it.label, counter, last_own)
                last_own = bool(own)
                seen_own = seen_own or bool(own)
                if own:  # kept as printed even when another label claims it too: ours is never put before it
                    number, label = own
                    sub_of = number if number.isdigit() and not it.rows else ""
                    # its title online was the whole label before its number came off: kept as an alias, so a
                    # download of a form made then still imports (a roster's 18 cells, formhub's "7 Children")
                    was = (it.label,) if label.strip() != it.label.strip() else ()
                    major = number.split(".")[0]  # after "5.2" the next unnumbered question is 6
                    counter = int(major) if major.isdigit() else counter
                elif sub_of and (str(counter + 1) in owned or str(counter + 1) in claimed):
                    number = sub_number(sub_of, owned | used | set(claimed))
                elif not seen_own and opens_on_one(owned | set(claimed), before):
                    number = sub_number("0", owned | used | set(claimed))
                else:  # numbered after the last number, never taking one a label claims for itself
                    counter += 1
                    while str(counter) in owned | used or str(counter) in claimed:
                        counter += 1
                    number = str(counter)
                    sub_of = ""
                used.add(number)
            items.append(replace(it, number=number, label=label, online_aliases=was))
        numbered.append(replace(s, items=tuple(items)))
    names: dict[str, str] = {}
    seen: dict[str, str] = {}  # the same after a verb of telling: "(see Question 4)" (answer_refs)
    bare_names: dict[str, str] = {}  # as printed before session 21 ("… sell Question 1?"): a title online forms had
    members = [(s.title, [(it.id, it.number) for it in s.items]) for s in numbered]
    parts = cited_parts(members, lang)
    headings = placed_headings(members, lang, _referenced(numbered))
    for s in numbered:
        for it in s.items:
            if it.number:
                said = phrase(lang, "question", n=it.number) if it.number.isdigit() else it.number
                part = parts.get(it.id, "")  # "Câu 2, Phần B": numbering restarts
                names[it.id] = answer_ref(lang, said, part)
                seen[it.id] = see_ref(lang, said, part)
                bare_names[it.id] = f"{said} ({part})" if part else said
                for row, row_said in zip(it.rows, _rows_said(it, lang, said), strict=True):
                    names[row.id] = answer_ref(lang, row_said, part)
                    seen[row.id] = see_ref(lang, row_said, part)
                    bare_names[row.id] = row_said + (f" ({part})" if part else "")
    for s in numbered:
        for it in s.items:
            if it.other_of and it.other_of in names:
                names[it.id] = names[it.other_of]
                seen[it.id] = seen[it.other_of]
                bare_names[it.id] = bare_names[it.other_of]
    from .logic.wording import _quote, _short  # here: the expression parser stays out of every command's start-up

    lead = answer_lead(lang)
    blank = phrase(lang, "blank_ref")  # a calculate, a field paper does not print: a blank to write in (label_marks)

    def words(text: str) -> str:
        return cite_answers(emphasis(text)[0], names.get, blank, bare_names.get, lead, seen.get)

    titles = {it.id: _quote(_short(flat(cite_fields(emphasis(it.label)[0], lambda n: blank))))
              for s in numbered for it in s.items if it.number}
    titles.update({it.id: titles[it.other_of] for s in numbered for it in s.items
                   if it.other_of and it.other_of in titles})

    def online(text: str, cite: bool) -> str:
        """Words for the Google Form, its line breaks kept: a `${field}` named by its question's title (`cite`)
        or left a blank (a note: what the phone would show there is a value, not a question)."""
        said = bare(emphasis(text)[0])
        return cite_fields(said, lambda n: titles.get(n, blank) if cite else blank)

    def untitled(it: Item) -> str:
        """A roster with no label of its own (xlsform_items._roster gives its first question's words): online it
        is titled by them, "List of “Name”" (cut short: it opens each of its cells' titles), where paper prints its
        name."""
        if not it.online_label:
            return ""
        first = " ".join(online(it.online_label, cite=True).strip().split("\n")[0].split())
        cut = re.sub(r"[\s:…]*…$", "…", _short(first, 40)).rstrip(" :")  # it opens every cell's title: short,
        return phrase(lang, "roster_untitled", first=cut)  # ending on no blank ("age: ……")

    def broken(text: str, marked_text: str) -> str:
        """The text with its line breaks when it has any (marked keeps them), else as it is."""
        return marked_text if "\n" in marked_text else text

    def option_words(c: Choice) -> str:
        """An option's printed words; one labelled only by fields the phone fills in (a roster member's name,
        `${fam_name1}`) is printed as its value ("1"), which a respondent can still tell from the others; one
        labelled only by questions paper prints (pyxform's xl_date_ambiguous: "${name1}", "${name2}", the names
        the respondent wrote) cites them, "(answer to Question 1)", where its value "name1" meant nothing."""
        if not only_fields(c.label):
            return words(c.label)
        return words(c.label) if all(f in names for f in FIELD_REF.findall(c.label)) else c.id

    other = phrase(lang, "other")
    out: list[Section] = []
    for k, s in enumerate(numbered):
        items = []
        for it in s.items:
            choices = tuple(replace(c, label=(cl := other if it.id in or_other and c.id == "other" else option_words(c)),
                                    online_label=words(c.online_label) if c.online_label and cl != other else "",
                                    marked=_follow(words(c.marked), cl) if c.marked else _whole(c.label, cl))
                            for c in it.choices)
            label = words(it.label)
            if it.other_of in or_other and it.other_option == "other" and label in ("Specify other.", OTHER_VI, ""):
                label = other
            hint = words(it.hint)
            # online a question's first paragraph is its title, the others its help text (online_titles)
            shown = (_follow(it.marked, it.label) or it.label) if it.behaviour.asked and "\n" in it.marked else \
                broken(it.label, it.marked)
            # a symbol paper names ("[hamburger]") stays itself online; the title a form made before gave (the
            # symbol left out) is kept as an alias, so its download still imports
            full = (unprinted or {}).get(it.id, "") if "\n" not in shown else ""
            shown = full or shown
            was = (*it.online_aliases, _dropped(full)) if full else it.online_aliases
            hint_shown = broken(it.hint, it.marked_hint)
            items.append(_open_on_words(replace(it, label=label, hint=hint, choices=choices,
                                 marked_hint=_follow(words(it.marked_hint), hint) if it.marked_hint else "",
                                 marked=_follow(words(it.marked), label) if it.marked else "",
                                 rows=tuple(replace(r, label=(rl := words(r.label)),
                                                    online_label=words(r.online_label) if r.online_label else "",
                                                    marked=_follow(words(r.marked), rl) if r.marked else _whole(r.label, rl))
                                            for r in it.rows),
                                 style=emphasis(it.label)[1] or "" if not it.behaviour.asked else "",
                                 # online: a Google Form numbers nothing, so a field is never “Câu 4”
                                 online_label=online(shown, cite=it.behaviour.asked)
                                 if "${" in shown or "\n" in shown or full else untitled(it),
                                 online_hint=online(hint_shown, cite=it.behaviour.asked)
                                 if "${" in hint_shown or "\n" in hint_shown else "",
                                 or_other=it.id in or_other,
                                 online_aliases=_aliases(was, it, label, lambda t: cite_fields(
                                     emphasis(t)[0], lambda n: bare_names.get(n, blank))),
                                 columns=tuple(replace(c, label=(cl := words(c.label)), hint=words(c.hint),
                                                       online_label=words(c.online_label) if c.online_label else "",
                                                       marked=_follow(words(c.marked), cl) if c.marked
                                                       else _whole(c.label, cl),
                                                       choices=tuple(replace(x, label=(xl := option_words(x)),
                                                                             online_label=words(x.online_label)
                                                                             if x.online_label else "",
                                                                             marked=_follow(words(x.marked), xl)
                                                                             if x.marked else _whole(x.label, xl))
                                                                     for x in c.choices))
                                               for c in it.columns))))
        out.append(replace(s, title=words(headings.get(k, s.title)), items=tuple(items)))
    placed = [(it.row, it.id) for s in out for it in s.items if not it.other_of and it.behaviour.asked]  # (a note
    # is no place the Google Form puts anything before: it is put before the next question itself)
    kept = [replace(o, label=words(o.label), before=next((i for r, i in sorted(placed) if r > o.row), ""))
            for o in online_only]
    return out, kept


def _open_on_words(it: Item) -> Item:
    """A note printed from its first line past the blank a `${calc}` leaves (label_marks.calc_blank_lines:
    Hluvukani's intros open on `${my_form_name}` alone, printed as a line of "……"), as the Google Form's title
    skips them (online_extras). A question's label, and a note that is nothing but such a line, stay as written."""
    if it.behaviour.asked or "\n" not in it.marked:
        return it
    lines = it.marked.split("\n")
    drop = calc_blank_lines(lines)
    gone = flat("\n".join(lines[:drop]))
    if not drop or not it.label.startswith(gone):
        return it
    return replace(it, marked="\n".join(lines[drop:]).lstrip("\n"), label=it.label[len(gone):].lstrip())


def _whole(raw: str, label: str) -> str:
    """A label written wholly in bold or italic (`**Yes**`), as toggles around its final words so paper prints it in
    that font; "" for a label without it."""
    toggle = {"bold": BOLD, "italic": ITALIC}.get(emphasis(raw)[1] or "")
    return f"{toggle}{label}{toggle}" if toggle and label else ""


def _follow(marked_label: str, label: str) -> str:
    """The marked label once its words are final: what the label lost at its start (its own number) lost here
    too; "" when the two no longer say the same."""
    m = marked_label
    while len(flat(m)) > len(label) and flat(m) != label:
        m = m[1:]
    return m.lstrip("\n") if flat(m) == label else ""


def _dropped(full: str) -> str:
    """A label as paper printed it before symbols the fonts lack were named: left out ("your 🍔s" -> "your s")."""
    lead = full[:len(full) - len(full.lstrip(BOLD + ITALIC))]
    return lead + printable(full[len(lead):], named=False)


def _rows_said(it: Item, lang: str, said: str) -> list[str]:
    """How a `${row}` cites each row of a grid: as the page prints it, "Question 06" for a row printed "06. TV"
    (its own number, layout_grid.row_numbers), else the grid's number and the row's letter ("Question 5a")."""
    from .layout_grid import own_row_numbers, row_numbers

    if own_row_numbers(it):
        return [phrase(lang, "question", n=n) if n.isdigit() else n for n in row_numbers(it)]
    return [f"{said}{row_letter(i)}" for i in range(len(it.rows))]


def _referenced(sections: Sequence[Section]) -> set[str]:
    """The questions the form's own words cite: named by a `${field}` in a condition, constraint, label or hint
    (a grid's row stands for its grid)."""
    of_row = {r.id: it.id for s in sections for it in s.items for r in it.rows}
    said = " ".join(t for s in sections for it in s.items for x in (it, *it.columns)
                    for t in (x.relevant, x.constraint, x.label, x.hint, x.roster_count))
    return {of_row.get(m, m) for m in FIELD_REF.findall(said)}


def _aliases(was: Sequence[str], it: Item, label: str, bare_words: Callable[[str], str]) -> tuple[str, ...]:
    """An item's earlier online titles, each worded as printed then: a `${field}` as the question's bare name
    ("How often do you sell Question 1?", before session 21's "(answer to Question 1)"), the label so worded too
    when it cites a field, so a download of a form made then still imports."""
    old = tuple(" ".join(bare_words(a).split()) for a in was)
    cited = " ".join(bare_words(it.label).split()) if "${" in it.label and it.behaviour.asked else ""
    return (*old, cited) if cited and cited != " ".join(label.split()) and cited not in old else old
