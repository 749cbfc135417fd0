import datetime as dt

import pytest

from scanner.errors import TemplateError
from scanner.plan import parse_plan

ALLOCATION = {"Khối Đảng": 5, "Ủy ban MTTQ và các đoàn thể huyện": 5, "Các cơ quan khối UBND huyện": 15,
              "Đảng bộ Thị trấn": 15, "Đảng bộ xã Mường So": 15, "Đảng bộ xã Nậm Xe": 15, "Đảng bộ xã Bản Lang": 15,
              "Đảng bộ xã Đào San": 15, "Đảng bộ xã Tung Qua Lìn": 10, "Đảng bộ xã Ma Li Pho": 15,
              "Đảng bộ xã Pa Vây Sừ": 10, "Đảng bộ xã Huổi Luông": 15}


def test_plan_matches_35_kh_btghu(plan):
    assert {u.name: u.paper for u in plan.units} == ALLOCATION
    assert plan.paper_total == 150 == sum(ALLOCATION.values())
    assert (plan.collection_start, plan.collection_end) == (dt.date(2023, 11, 8), dt.date(2023, 11, 15))
    assert plan.paper_received_before == dt.date(2023, 11, 17)
    assert {k: t.online_min for k, t in plan.unit_types.items() if t.online_min} == {
        "chi_bo_co_quan": 3, "dang_bo_co_quan": 10, "dang_bo_xa": 50}
    assert str(plan.timezone) == "Asia/Ho_Chi_Minh"


def test_units_match_by_name_alias_and_case(plan):
    assert plan.match_unit("  mường SO ").code == "MS"
    assert plan.match_unit("Đảng bộ xã Pa Vây Sừ").code == "PVS"
    assert plan.match_unit("Xa Muong So") is None


def test_window_uses_plan_timezone(plan):
    late_utc = dt.datetime(2023, 11, 15, 18, 0, tzinfo=dt.UTC)  # 01:00 on the 16th in Hanoi
    assert not plan.in_window(late_utc)
    assert plan.in_window(dt.datetime(2023, 11, 15, 16, 59, tzinfo=dt.UTC))


def refused(raw, path, words):
    with pytest.raises(TemplateError) as e:
        parse_plan(raw, "plan.json")
    assert e.value.path == path
    assert words in e.value.problem


def test_allocations_must_add_up(raw_plan):
    raw_plan["units"][0]["paper"] = 6
    refused(raw_plan, "$.paper_total", "add up to 151")


def test_unknown_unit_type(raw_plan):
    raw_plan["units"][4]["type"] = "xa"
    refused(raw_plan, "$.units[4].type", "unknown unit type")


def test_duplicate_code(raw_plan):
    raw_plan["units"][5]["code"] = "MS"
    refused(raw_plan, "$.units[5].code", "duplicate unit code")


def test_office_can_add_a_branch(raw_plan):
    raw_plan["units"].append({"code": "CBKB", "name": "Chi bộ Kho bạc", "type": "chi_bo_co_quan",
                              "paper": 0, "parent": "UBND"})
    p = parse_plan(raw_plan)
    assert p.unit("CBKB").parent == "UBND"
    assert p.unit_types[p.unit("CBKB").type].online_min == 3
