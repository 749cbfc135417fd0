"""What an XLSForm asks that paper cannot hold: kept online only, never a reason to refuse the form.

A phone records a GPS position, a photo or the start time; paper has no box
for them. Each such field is listed (name, type, why) so `build` can say
what stays online only, and the Google Form keeps those it can ask (a
barcode or a position as a short answer, a ranking as a grid).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Why(StrEnum):
    device = "device"
    media = "media"
    location = "location"
    computed = "computed"
    from_file = "from_file"
    ranking = "ranking"
    other = "other"


WHY_TEXT = {
    Why.device: "thiết bị tự ghi / recorded by the device",
    Why.media: "ảnh, âm thanh, video, tệp / a photo, sound, video or file",
    Why.location: "vị trí GPS / a GPS location",
    Why.computed: "tính ra, không ai điền / computed, nobody fills it",
    Why.from_file: "phương án lấy từ tệp ngoài / choices from an external file",
    Why.ranking: "xếp hạng cần ghi số / a ranking needs written numbers",
    Why.other: "giấy không in được loại này / paper has no form for this type",
}

ONLINE_ONLY_FORM = ("chỉ hỏi trực tuyến: không có câu hỏi nào in được trên giấy, nên không có trang nào để in hay quét "
                    "(biểu mẫu Google và nhập câu trả lời trực tuyến vẫn dùng được) / online only: no question paper "
                    "can carry, so there is no page to print or scan (the Google Form and online import still work)")

_BY_TYPE: dict[str, Why] = {
    **dict.fromkeys(("start", "end", "today", "deviceid", "username", "phonenumber", "simserial", "subscriberid",
                     "audit", "email", "start-geopoint", "background-audio", "background-geopoint", "uri:deviceid",
                     "uri:username", "uri:email", "uri:phonenumber", "uri:subscriberid", "uri:simserial"), Why.device),
    **dict.fromkeys(("photo", "image", "audio", "video", "file", "osm"), Why.media),
    **dict.fromkeys(("geopoint", "geotrace", "geoshape"), Why.location),
    **dict.fromkeys(("calculate", "hidden", "xml-external", "csv-external", "entity"), Why.computed),
    "rank": Why.ranking,
}
_FILE_LISTS = (".csv", ".xml", ".geojson")
# what Google Forms can still ask of these: a short answer, or a grid for a ranking
_GOOGLE = {"barcode": "text", "geopoint": "text", "geotrace": "text", "geoshape": "text", "rank": "rank"}


@dataclass(frozen=True)
class OnlineOnly:
    """One field of the form that paper leaves off."""

    name: str
    type: str  # as pyxform names it: "geopoint", "photo", "select one" (from a file)...
    why: Why
    label: str = ""
    row: int = 0
    before: str = ""  # the printed item it comes before, for the Google Form's order ("" at the end)
    google: str = ""  # "text" | "rank" | "" (Google Forms cannot ask it)
    choices: tuple[str, ...] = ()  # a ranking's options, as labels

    def describe(self) -> str:
        return f"{self.name} ({self.type}): {WHY_TEXT[self.why]}"


# other spellings pyxform passes through unchanged, as the type paper prints them as
TYPE_ALIASES = {"string": "text", "int": "integer", "dateTime": "datetime", "phone number": "text",
                "select1": "select one", "select": "select all that apply", "gps": "geopoint"}


def normalise_types(node: dict[str, Any]) -> None:
    """The tree's type aliases replaced by the names the reader knows, in place."""
    for child in node.get("children", []) or []:
        kind = str(child.get("type", ""))
        if kind in TYPE_ALIASES:
            child["type"] = TYPE_ALIASES[kind]
        normalise_types(child)


def online_only_reason(node: dict[str, Any]) -> Why | None:
    """Why this pyxform element stays off paper, or None when paper prints it."""
    kind = str(node.get("type", ""))
    if kind in _BY_TYPE:
        return _BY_TYPE[kind]
    if kind in ("barcode",):
        return Why.other
    if kind.startswith("select") and (str(node.get("itemset", "")).lower().endswith(_FILE_LISTS)
                                      or kind.endswith("external")):
        return Why.from_file
    return None


def google_kind(node: dict[str, Any]) -> str:
    kind = str(node.get("type", ""))
    return _GOOGLE.get(kind, "") if node.get("label") else ""
