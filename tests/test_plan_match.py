"""Names as respondents type them online, matched to the plan's organisations."""

import pytest

from scanner.names import name_keys
from scanner.plan import parse_plan


@pytest.mark.parametrize("typed, code", [
    ("MS", "MS"), ("ms", "MS"), (" nx ", "NX"),                       # the code
    ("Đảng bộ xã Mường So", "MS"), ("ĐẢNG BỘ XÃ MƯỜNG SO", "MS"),       # the name, any case
    ("Xã   Mường  So", "MS"), ("X. Mường So", "MS"), ("x.Mường So", "MS"),  # prefixes, spacing, punctuation
    ("Muong So", "MS"), ("xa muong so", "MS"), ("Dang bo xa Muong So", "MS"),  # no diacritics
    ("Đảng uỷ xã Mường So", "MS"), ("Đảng ủy xã Mường So", "MS"),     # ủy / uỷ, đảng ủy for đảng bộ
    ("TT Phong Thổ", "TT"), ("T.T Phong Thổ", "TT"), ("Thị trấn Phong Thổ", "TT"), ("thi tran phong tho", "TT"),
    ("Xã Sì Lở Lầu", "SLL"), ("Sỉ Lở Lầu", "SLL"), ("si lo lau", "SLL"),  # a commune outside the paper sample
    ("Dào San", "DS"), ("Pa Vây Sử", "PVS"), ("Tông Qua Lìn", "TQL"),    # spellings the seed writes otherwise
    ("Kho bạc Nhà nước huyện", "CBKB"), ("Chi bộ Kho bạc Nhà nước huyện", "CBKB"),
    ("Công an huyện Phong Thổ", "DBCA"), ("Khối Đảng", "KD"),
])
def test_variant_spellings_match(plan, typed, code):
    u = plan.match_unit(typed)
    assert u is not None and u.code == code, typed


@pytest.mark.parametrize("typed", ["", "   ", "Xã", "Đảng bộ", "Xã Mường Tè", "Chi bộ Kho bạc", "Huyện Sìn Hồ"])
def test_unknown_names_match_nothing(plan, typed):
    assert plan.match_unit(typed) is None


def test_tone_position_and_nfd_input_are_the_same_name():
    import unicodedata

    old, new = "Đảng ủy", "Đảng uỷ"
    assert unicodedata.normalize("NFC", old) != unicodedata.normalize("NFC", new)
    assert name_keys(old)[0] == name_keys(new)[0]
    assert name_keys(unicodedata.normalize("NFD", "Mường So")) == name_keys("Mường So")


def test_a_name_two_organisations_share_matches_neither(raw_plan):
    raw_plan["units"].append({"code": "MSX", "name": "Chi bộ Mường So", "type": "chi_bo_co_quan", "parent": "UBND"})
    p = parse_plan(raw_plan)
    assert p.match_unit("Đảng bộ xã Mường So").code == "MS"  # the full name still decides
    assert p.match_unit("Chi bộ Mường So").code == "MSX"
    assert p.match_unit("Mường So").code == "MS"  # MS lists it as an alias: an exact alias wins
    assert p.match_unit("Muong So") is not None
    assert {u.code for u in p.match_units("X. Muong So")} == {"MS", "MSX"}
    assert p.match_unit("X. Muong So") is None
    message = p.unmatched_message("X. Muong So")
    assert "Đảng bộ xã Mường So (MS) hoặc Chi bộ Mường So (MSX)" in message and "map-unit" in message


def test_unmatched_message_says_how_to_fix(plan):
    m = plan.unmatched_message("Chi bộ Kho bạc")
    assert m.startswith("đơn vị \"Chi bộ Kho bạc\" không có trong kế hoạch") and "plan.xlsx" in m
    assert "survey map-unit \"Chi bộ Kho bạc\" MÃ" in m
    assert "unit not in the plan" not in m
