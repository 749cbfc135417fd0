"""XLSForms with the structure real forms use (nested groups, cascades, rosters), written for the tests."""

from openpyxl import Workbook

DISTRICTS = [("d1", "Huyện Phong Thổ"), ("d2", "Huyện Sìn Hồ"), ("d3", "Huyện Tam Đường")]
COMMUNES = [("c1", "Mường So", "d1"), ("c2", "Khổng Lào", "d1"), ("c3", "Bản Lang", "d1"), ("c4", "Dào San", "d1"),
            ("c5", "Pa Tần", "d2"), ("c6", "Nậm Tăm", "d2"), ("c7", "Bình Lư", "d3"), ("c8", "Bản Bo", "d3"),
            ("c9", "Sơn Bình", "d3")]


def workbook(path, columns, survey, choice_columns, choices, settings):
    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(columns)
    for row in survey:
        ws.append([row.get(c) for c in columns])
    ch = wb.create_sheet("choices")
    ch.append(choice_columns)
    for c in choices:
        ch.append(list(c))
    st = wb.create_sheet("settings")
    st.append(list(settings))
    st.append(list(settings.values()))
    wb.save(path)
    return path


def nested_cascade_form(path):
    """Three levels of groups (a field-list among them), and a district -> commune cascade inside them."""
    agree = [("agree", str(i), x, None) for i, x in enumerate(["Đồng ý", "Phân vân", "Không đồng ý"], 1)]
    choices = agree + [("district", k, v, None) for k, v in DISTRICTS]
    choices += [("commune", k, v, d) for k, v, d in COMMUNES]
    survey = [
        {"type": "begin_group", "name": "place", "label": "PHẦN I. NƠI Ở"},
        {"type": "select_one district", "name": "district", "label": "Huyện nơi ông/bà sinh sống"},
        {"type": "select_one commune", "name": "commune", "label": "Xã nơi ông/bà sinh sống",
         "choice_filter": "district=${district}"},
        {"type": "end_group", "name": "place"},
        {"type": "begin_group", "name": "views", "label": "PHẦN II. Ý KIẾN"},
        {"type": "select_one agree", "name": "v0", "label": "Ý kiến chung về nghị quyết"},
        {"type": "begin_group", "name": "work", "label": "A. Về công việc", "appearance": "field-list"},
        {"type": "select_one agree", "name": "v1", "label": "Công việc được giao rõ ràng"},
        {"type": "begin_group", "name": "pay", "label": "A.1. Thu nhập"},
        {"type": "select_one agree", "name": "v2", "label": "Thu nhập đủ sống"},
        {"type": "end_group", "name": "pay"},
        {"type": "select_one agree", "name": "v3", "label": "Được đào tạo thêm"},
        {"type": "end_group", "name": "work"},
        {"type": "begin_group", "name": "wrap", "appearance": "field-list"},
        {"type": "select_one agree", "name": "v4", "label": "Câu trong nhóm không tên"},
        {"type": "end_group", "name": "wrap"},
        {"type": "end_group", "name": "views"},
    ]
    return workbook(path, ["type", "name", "label", "choice_filter", "appearance"], survey,
                    ["list_name", "name", "label", "district"], choices,
                    {"form_title": "PHIẾU CẤU TRÚC", "form_id": "NEST", "version": "1"})


def roster_form(path, rows=None, count="5"):
    """A household roster: name and age written in, sex and school as boxes; `repeat_count` or `rows` sets
    the printed rows."""
    choices = [("sex", "1", "Nam"), ("sex", "2", "Nữ"), ("school", "1", "Chưa đi học"), ("school", "2", "Đang học"),
               ("school", "3", "Đã thôi học"), ("yn", "1", "Có"), ("yn", "2", "Không")]
    survey = [
        {"type": "begin_group", "name": "hh", "label": "PHẦN I. HỘ GIA ĐÌNH"},
        {"type": "select_one yn", "name": "own", "label": "Hộ có sở hữu nhà ở không?"},
        {"type": "integer", "name": "size", "label": "Số người trong hộ"},
        {"type": "begin_repeat", "name": "member", "label": "Thành viên trong hộ", "repeat_count": count,
         "rows": rows},
        {"type": "text", "name": "mname", "label": "Họ và tên"},
        {"type": "select_one sex", "name": "sex", "label": "Giới tính"},
        {"type": "integer", "name": "age", "label": "Tuổi"},
        {"type": "select_one school", "name": "school", "label": "Đi học"},
        {"type": "end_repeat", "name": "member"},
        {"type": "select_one yn", "name": "after", "label": "Hộ có người đi làm ăn xa không?"},
        {"type": "end_group", "name": "hh"},
    ]
    return workbook(path, ["type", "name", "label", "repeat_count", "rows"], survey, ["list_name", "name", "label"],
                    choices, {"form_title": "PHIẾU HỘ", "form_id": "HH", "version": "1"})


RELATION = ["Chủ hộ", "Vợ/chồng", "Con", "Con dâu/con rể", "Cháu", "Bố/mẹ", "Ông/bà", "Anh/chị/em",
            "Họ hàng khác", "Người giúp việc", "Ở nhờ", "Khác"]


def wide_roster_form(path, rows="4"):
    """A roster too wide for one table (relationship to the head: twelve options), and a long narrow one."""
    choices = [("rel", str(i), x) for i, x in enumerate(RELATION, 1)]
    choices += [("sex", "1", "Nam"), ("sex", "2", "Nữ")]
    survey = [
        {"type": "begin_repeat", "name": "person", "label": "Các thành viên của hộ", "rows": rows},
        {"type": "text", "name": "pname", "label": "Họ và tên"},
        {"type": "select_one rel", "name": "rel", "label": "Quan hệ với chủ hộ"},
        {"type": "select_one sex", "name": "psex", "label": "Giới tính"},
        {"type": "geopoint", "name": "where", "label": "Vị trí"},
        {"type": "end_repeat", "name": "person"},
        {"type": "begin_repeat", "name": "plot", "label": "Các thửa đất của hộ", "rows": "40"},
        {"type": "integer", "name": "area", "label": "Diện tích (m²)"},
        {"type": "select_one sex", "name": "owner", "label": "Người đứng tên"},
        {"type": "end_repeat", "name": "plot"},
    ]
    return workbook(path, ["type", "name", "label", "rows"], survey, ["list_name", "name", "label"], choices,
                    {"form_title": "PHIẾU HỘ RỘNG", "form_id": "WIDE", "version": "1"})
