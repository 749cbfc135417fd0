import datetime as dt

import pytest

from scanner.errors import TemplateError
from scanner.plan import parse_plan

ALLOCATION = {"Khối Đảng": 5, "Ủy ban MTTQ và các đoàn thể huyện": 5, "Các cơ quan khối UBND huyện": 15,
              "Đảng bộ Thị trấn": 15, "Đảng bộ xã Mường So": 15, "Đảng bộ xã Nậm Xe": 15, "Đảng bộ xã Bản Lang": 15,
              "Đảng bộ xã Đào San": 15, "Đảng bộ xã Tung Qua Lìn": 10, "Đảng bộ xã Ma Li Pho": 15,
              "Đảng bộ xã Pa Vây Sừ": 10, "Đảng bộ xã Huổi Luông": 15}


def test_plan_matches_35_kh_btghu(plan):
    assert {u.name: u.paper for u in plan.units if u.paper} == ALLOCATION
    assert not any(u.example for u in plan.units if u.paper)  # the seed's units are the plan's, not examples
    assert plan.paper_total == 150 == sum(ALLOCATION.values())
    assert (plan.collection_start, plan.collection_end) == (dt.date(2023, 11, 8), dt.date(2023, 11, 15))
    assert plan.paper_received_before == dt.date(2023, 11, 17)
    assert {k: t.online_min for k, t in plan.unit_types.items() if t.online_min} == {
        "chi_bo_co_quan": 3, "dang_bo_co_quan": 10, "dang_bo_xa": 50}
    assert str(plan.timezone) == "Asia/Ho_Chi_Minh"


def test_units_match_by_name_alias_and_case(plan):
    assert plan.match_unit("  mường SO ").code == "MS"
    assert plan.match_unit("Đảng bộ xã Pa Vây Sừ").code == "PVS"
    assert plan.match_unit("Xã Mường Tè") is None


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
    refused(raw_plan, "$.paper_total", "cộng lại là 151")


def test_unknown_unit_type(raw_plan):
    raw_plan["units"][4]["type"] = "xa"
    refused(raw_plan, "$.units[4].type", "loại đơn vị \"xa\" không có")


def test_duplicate_code(raw_plan):
    raw_plan["units"][20]["code"] = "MS"
    refused(raw_plan, "$.units[20].code", "mã \"MS\" bị trùng")


def test_office_can_add_a_branch(raw_plan):
    raw_plan["units"].append({"code": "CBTN", "name": "Chi bộ Phòng Tài nguyên và Môi trường",
                              "type": "chi_bo_co_quan", "paper": 0, "parent": "UBND"})
    p = parse_plan(raw_plan)
    assert p.unit("CBTN").parent == "UBND" and p.unit("CBTN").online_min == 3
    assert p.match_unit("Phòng Tài nguyên và Môi trường").code == "CBTN"


def test_every_base_organisation_has_its_minimum(plan):
    """35-KH/BTGHU III.1.b: ≥3 per agency cell, ≥10 per agency committee, ≥50 per commune or town."""
    by_type = {"chi_bo_co_quan": 3, "dang_bo_co_quan": 10, "dang_bo_xa": 50, "khoi": None}
    for u in plan.units:
        assert u.online_min == by_type[u.type], u.code
    communes = {u.name.removeprefix("Đảng bộ xã ") for u in plan.units if u.type == "dang_bo_xa"}
    # the district's town and 16 communes; the seed writes two of them Đào San and Pa Vây Sừ
    assert len(communes) == 17
    assert {"Sì Lở Lầu", "Vàng Ma Chải", "Mù Sang", "Khổng Lào"} <= communes
    assert plan.match_unit("Xã Dào San").code == "DS" and plan.match_unit("Pa Vây Sử").code == "PVS"
    added = [u for u in plan.units if not u.paper]
    assert added and all(u.example for u in added)
    assert {u.parent for u in added if u.type == "chi_bo_co_quan"} == {"KD", "MTTQ", "UBND"}


def test_an_organisation_may_override_its_type_minimum(raw_plan):
    raw_plan["units"].append({"code": "CBX", "name": "Chi bộ X", "type": "chi_bo_co_quan", "parent": "KD",
                              "online_min": 5})
    p = parse_plan(raw_plan)
    assert p.unit("CBX").online_min == 5 and p.unit("CBVP").online_min == 3
    raw_plan["units"][-1]["online_min"] = -1
    refused(raw_plan, f"$.units[{len(raw_plan['units']) - 1}].online_min", "từ 0 trở lên")


def test_parent_must_exist_and_not_loop(raw_plan):
    raw_plan["units"][0]["parent"] = "CBVP"  # KD under its own cell
    refused(raw_plan, "$.units[0].parent", "nằm trong chính nó")
    raw_plan["units"][0]["parent"] = "ZZ"
    refused(raw_plan, "$.units[0].parent", "\"ZZ\" không có")


def test_grouped_lists_every_organisation_once_under_its_block(plan):
    groups = plan.grouped()
    seen = [u.code for g in groups for u in ((g.head,) if g.head else ()) + g.members]
    assert sorted(seen) == sorted(u.code for u in plan.units)
    kd = next(g for g in groups if g.head and g.head.code == "KD")
    assert [u.code for u in kd.members] == [u.code for u in plan.units if u.parent == "KD"]
    communes = next(g for g in groups if g.head is None and g.title == "Đảng bộ xã, thị trấn")
    assert {u.type for u in communes.members} == {"dang_bo_xa"} and communes.members[0].code == "TT"
    assert [g.title for g in groups][:3] == ["Khối Đảng", "Ủy ban MTTQ và các đoàn thể huyện",
                                              "Các cơ quan khối UBND huyện"]


def test_descendants_reach_every_depth(raw_plan):
    raw_plan["units"].append({"code": "CBT1", "name": "Chi bộ thôn 1", "type": "chi_bo_co_quan", "parent": "CBVP"})
    p = parse_plan(raw_plan)
    assert "CBT1" in {u.code for u in p.descendants("KD")}
    kd = next(g for g in p.grouped() if g.head and g.head.code == "KD")
    assert "CBT1" in {u.code for u in kd.members}


def test_online_choices_leave_out_blocks_but_keep_committees_with_cells(raw_plan):
    raw_plan["units"].append({"code": "CBCA1", "name": "Chi bộ Cảnh sát cơ động", "type": "chi_bo_co_quan",
                              "parent": "DBCA"})
    p = parse_plan(raw_plan)
    picked = [u.code for u in p.online_choices()]
    khoi = [u.code for u in p.units if u.online_min is None and p.children(u.code)]
    assert khoi and not set(khoi) & set(picked)
    assert "DBCA" in picked and "CBCA1" in picked  # a committee with its own minimum of 10 is still an answer
    assert sorted(picked + khoi) == sorted(u.code for u in p.units)


def test_forms_for_an_online_only_organisation_is_refused(capsys, tmp_path):
    from scanner.cli import main

    assert main(["forms", "--unit", "SLL", "--out", str(tmp_path / "f.pdf")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "SLL" in err and "--blank" in err
    assert not (tmp_path / "f.pdf").exists()


def test_one_name_for_two_organisations_is_refused(raw_plan):
    raw_plan["units"][-1]["aliases"].append("Đảng ủy xã Mường So")  # MS's own name, tone mark placed elsewhere
    raw_plan["units"][4]["aliases"].append("Đảng uỷ xã Mường So")
    refused(raw_plan, f"$.units[{len(raw_plan['units']) - 1}].aliases", "trùng với")
