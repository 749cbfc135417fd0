"""The heading over each row of a roster printed one block per row: a person, or the thing the roster lists.

A household roster's rows are people: "Người thứ 2", "Member 2". A roster of image sensors, crops, loans or
observations is not, and "Member 2" over a sensor's questions misleads; there the heading is the roster's own
label with the row's number ("Image sensors — no. 2", "Cây trồng — số 2"), which also tells, on a page its
title is not on, which list the row belongs to. A label too long to repeat (a question, an instruction) or no
label of its own leaves the number alone ("No. 2"). Which labels name people is judged from their words, in the
frame's languages and in English (a Portuguese form's roster is often labelled "Child roster").
"""

from __future__ import annotations

import re
import unicodedata

from .phrases import phrase

_PEOPLE = frozenset("""
member members person persons people individual individuals child children kid kids baby babies infant infants
woman women man men girl girls boy boys mother mothers father fathers parent parents adult adults respondent
respondents resident residents occupant occupants patient patients student students pupil pupils worker workers
employee employees participant participants spouse spouses wife wives husband husbands caregiver caregivers
family relative relatives visitor visitors observer observers enumerator enumerators interviewer interviewers
người con trẻ
membre membres personne personnes individu individus enfant enfants femme femmes homme hommes mère mères
résident résidents répondant répondante élève élèves observateur observateurs accompagnateur accompagnateurs
mitglied mitglieder kind kinder frau frauen mann männer bewohner teilnehmer
miembro miembros persona personas niño niños niña niñas hijo hijos mujer mujeres hombre hombres integrante
integrantes residente residentes
membro membros pessoa pessoas criança crianças filho filhos mulher mulheres homem homens morador moradores
indivíduo indivíduos mãe mães cuidadora cuidador
فرد أفراد الفرد الأفراد طفل أطفال الأطفال عضو أعضاء امرأة نساء
watoto mtoto
""".split())
_PEOPLE_PAIRS = frozenset({"thành viên", "nhân khẩu", "trẻ em", "phụ nữ", "lao động", "học sinh", "bệnh nhân",
                           "nhân viên", "chủ hộ", "household roster", "hh roster", "family roster"})
_ALONE = frozenset({"roster", "danh sách", "liste", "lista"})  # "Roster" alone is a household's
_WORD = re.compile(r"[^\W\d_]+")
_LONGEST = 32  # characters: a label longer is a sentence, not the name of what the roster lists


def names_people(label: str) -> bool:
    """Whether a roster's label says its rows are people ("Household Member", "THÀNH VIÊN TRONG HỘ", "Watoto")."""
    text = unicodedata.normalize("NFC", label).casefold()
    words = _WORD.findall(text)
    pairs = {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}
    return bool(_PEOPLE & set(words) or _PEOPLE_PAIRS & pairs) or " ".join(words) in _ALONE


def row_heading(label: str, name: str, language: str, n: int) -> str:
    """The heading over a roster's `n`-th row printed as a block; `name` its XLSForm name (a label that only
    repeats an identifier, "repeat_test", "Repeat2", names nothing; a word, "Emplacements", does)."""
    if not label.strip() or names_people(label):
        return phrase(language, "member", n=n)
    entry = phrase(language, "entry", n=n)
    said = " ".join(label.split()).rstrip(" :.")
    if len(said) > _LONGEST or "?" in said or (said.casefold() == name.casefold() and not _WORD.fullmatch(said)):
        return entry[:1].upper() + entry[1:]
    return f"{said} — {entry}"
