"""The XLSForm's type words, and the one table that says what each becomes: a kind on paper, or online only.

pyxform spells a question's type in its own words ("select one", "select all
that apply", "integer"...). They used to be compared as literals wherever the
reader needed one, so a type added in one place (a roster cell, the online
form's formats) was missed in another. Here each word is a member of
`XlsType`; `PAPER_KIND` answers "which kind does this type become", `OFF_PAPER`
why a type stays online only; the reader (questionnaire.py) dispatches on the
kind with `match`, so mypy names the branch a new kind must add.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from ..vocab import ExtraKind
from .kind import Kind


class XlsType(StrEnum):
    """A type as pyxform's form tree spells it (after ALIASES); the stored and printed strings are these."""

    select_one = "select one"
    select_multiple = "select all that apply"
    select_one_external = "select one external"
    text = "text"
    integer = "integer"
    decimal = "decimal"
    date = "date"
    time = "time"
    datetime = "datetime"
    note = "note"
    acknowledge = "acknowledge"
    trigger = "trigger"
    range = "range"
    barcode = "barcode"
    rank = "rank"
    group = "group"
    repeat = "repeat"
    # recorded by the device
    start = "start"
    end = "end"
    today = "today"
    deviceid = "deviceid"
    username = "username"
    phonenumber = "phonenumber"
    simserial = "simserial"
    subscriberid = "subscriberid"
    audit = "audit"
    email = "email"
    start_geopoint = "start-geopoint"
    background_audio = "background-audio"
    background_geopoint = "background-geopoint"
    uri_deviceid = "uri:deviceid"
    uri_username = "uri:username"
    uri_email = "uri:email"
    uri_phonenumber = "uri:phonenumber"
    uri_subscriberid = "uri:subscriberid"
    uri_simserial = "uri:simserial"
    # media
    photo = "photo"
    image = "image"
    audio = "audio"
    video = "video"
    file = "file"
    osm = "osm"
    # location
    geopoint = "geopoint"
    geotrace = "geotrace"
    geoshape = "geoshape"
    # computed
    calculate = "calculate"
    hidden = "hidden"
    xml_external = "xml-external"
    csv_external = "csv-external"
    entity = "entity"

    @classmethod
    def of(cls, node: dict[str, Any]) -> XlsType | None:
        """A pyxform element's type; None for a type newer than this toolkit (kept online only)."""
        try:
            return cls(str(node.get("type", "")))
        except ValueError:
            return None


class Why(StrEnum):
    """Why a type stays online only (online_only.WHY_TEXT says it to the user)."""

    device = "device"
    media = "media"
    location = "location"
    computed = "computed"
    from_file = "from_file"
    from_answers = "from_answers"  # `select_one ${name}`: the choices are the answers a repeat was given
    entity = "entity"  # ODK entities (an `entities` sheet): what ODK Central makes of a submission
    ranking = "ranking"
    calendar = "calendar"
    nested = "nested"  # a repeat inside a repeat: a roster's table has no cell for a list of its own
    header = "header"  # a select with appearance `label`: a field-list's heading row of choices, nothing to choose
    read_only = "read_only"  # `read_only` with no calculation: a phone shows it, nobody may change it
    hidden = "hidden"  # appearance `hidden` (CHT, Enketo): a field the app fills and never shows
    contact = "contact"  # appearance `select-contact` (CHT): a contact picked from the app's own list, kept by its id
    other = "other"


T = XlsType

PAPER_KIND: dict[XlsType, Kind] = {
    T.select_one: Kind.single,  # a table-list group of them is a grid (questionnaire._is_grid)
    T.select_multiple: Kind.multiple,
    T.acknowledge: Kind.single,  # one box to tick, as a phone shows one "OK"
    T.trigger: Kind.single,
    T.range: Kind.single,  # its values as options; a one-line box when more than MAX_RANGE_OPTIONS
    T.text: Kind.text,
    T.time: Kind.text,  # a one-line box
    T.datetime: Kind.text,
    T.integer: Kind.number,  # a digit grid (a written cell in a roster)
    T.decimal: Kind.number,
    T.date: Kind.date,
    T.note: Kind.note,
    T.rank: Kind.rank,  # a grid of its options by positions 1..N
    T.repeat: Kind.roster,  # when it holds a question paper prints (ROSTER_CELL_TYPES)
}
"""Which kind each printable XLSForm type becomes; a group is a section, not a kind."""

OFF_PAPER: dict[XlsType, Why] = {
    **dict.fromkeys((T.start, T.end, T.today, T.deviceid, T.username, T.phonenumber, T.simserial, T.subscriberid,
                     T.audit, T.email, T.start_geopoint, T.background_audio, T.background_geopoint, T.uri_deviceid,
                     T.uri_username, T.uri_email, T.uri_phonenumber, T.uri_subscriberid, T.uri_simserial), Why.device),
    **dict.fromkeys((T.photo, T.image, T.audio, T.video, T.file, T.osm), Why.media),
    **dict.fromkeys((T.geopoint, T.geotrace, T.geoshape), Why.location),
    **dict.fromkeys((T.calculate, T.hidden, T.xml_external, T.csv_external), Why.computed),
    T.entity: Why.entity,
    T.select_one_external: Why.from_file,
    T.barcode: Why.other,
}
"""Why each type paper cannot hold stays online only; a select whose list is a file is from_file too."""

CALENDARS = frozenset({"ethiopian", "coptic", "islamic", "bikram-sambat", "myanmar", "persian"})
"""ODK's non-Gregorian date appearances: a grid of digits would be read as a Gregorian date, a silent error."""

SELECT_TYPES = frozenset({T.select_one, T.select_multiple})  # a list of choices, perhaps from a file
ROSTER_CELL_TYPES = frozenset({T.select_one, T.select_multiple, T.text, T.integer, T.decimal, T.date, T.time,
                               T.datetime})  # what a roster's table prints as a column
ONLINE_FORMATS = frozenset({T.integer, T.decimal, T.date, T.time, T.datetime})  # checked answers on the Google Form
GOOGLE_ASKS: dict[XlsType, ExtraKind] = {  # what Google Forms can still ask of an online-only field
    T.barcode: ExtraKind.text, T.geopoint: ExtraKind.text, T.geotrace: ExtraKind.text, T.geoshape: ExtraKind.text}

ALIASES: dict[str, XlsType] = {"string": T.text, "int": T.integer, "dateTime": T.datetime, "phone number": T.text,
                               "select1": T.select_one, "select": T.select_multiple,
                               "gps": T.geopoint}
"""Other spellings pyxform passes through unchanged, as the type paper prints them as."""

assert not set(PAPER_KIND) & set(OFF_PAPER), "a type is either printed or kept online only"
