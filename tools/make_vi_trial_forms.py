"""Three Vietnamese-first XLSForms of our own (tests/data/xlsforms/ours_vi_*), as a Lai Châu office writes them; run from the repository root."""

import unicodedata

from openpyxl import Workbook

OUT = "tests/data/xlsforms/"

def sheet(wb, title, rows):
    ws = wb.create_sheet(title)
    for r in rows:
        ws.append(list(r))
    return ws

# ---- 1. KoboToolbox form builder download: cadre quality survey ----
wb = Workbook()
wb.remove(wb.active)
H = ["type", "$kuid", "$autoname", "name", "label::Tiếng Việt (vi)", "label::English (en)", "hint::Tiếng Việt (vi)",
     "required", "relevant", "constraint", "constraint_message::Tiếng Việt (vi)", "appearance", "calculation", "repeat_count"]
def s(type_, name, vi="", en="", hint="", req="", rel="", con="", cmsg="", app="", calc="", rc=""):
    return [type_, "k" + name[:6], name, name, vi, en, hint, req, rel, con, cmsg, app, calc, rc]
survey = [H,
 s("start", "start"), s("end", "end"),
 s("note", "gioi_thieu", "Phiếu này nhằm đánh giá chất lượng đội ngũ cán bộ người dân tộc thiểu số sau 2,5 năm thực hiện Nghị quyết 06-NQ/TU. **Không ghi tên** trên phiếu.",
   "This form assesses the quality of ethnic-minority cadres after 2.5 years of Resolution 06-NQ/TU. **Do not write your name.**"),
 s("begin_group", "thong_tin", "PHẦN I. THÔNG TIN CHUNG", "PART I. GENERAL INFORMATION"),
 s("select_one gioi_tinh", "gioi_tinh", "Giới tính", "Sex", req="true"),
 s("integer", "tuoi", "Tuổi của đồng chí", "Your age", hint="Ghi số tuổi tròn", req="true", con=". >= 18 and . <= 80", cmsg="Tuổi phải từ 18 đến 80"),
 s("select_one dan_toc", "dan_toc", "Dân tộc", "Ethnic group", req="true"),
 s("text", "dan_toc_khac", "Dân tộc khác (ghi rõ)", "Other ethnic group (specify)", rel="${dan_toc} = '6'"),
 s("select_one trinh_do", "trinh_do", "Trình độ chuyên môn cao nhất", "Highest qualification"),
 s("select_one co_khong", "dang_vien", "Đồng chí có phải là đảng viên không?", "Are you a Party member?"),
 s("integer", "nam_vao_dang", "Năm vào Đảng", "Year joined the Party", rel="${dang_vien} = '1'", con=". >= 1960 and . <= 2023", cmsg="Năm không hợp lệ"),
 s("end_group", ""),
 s("begin_group", "danh_gia", "PHẦN II. ĐÁNH GIÁ", "PART II. ASSESSMENT"),
 s("begin_group", "bang_danh_gia", "Đồng chí đánh giá thế nào về các nội dung sau?", "How do you rate the following?", app="table-list"),
 s("select_one muc_do", "dg_lanh_dao", "Sự lãnh đạo, chỉ đạo của cấp ủy", "Leadership of the Party committee"),
 s("select_one muc_do", "dg_tuyen_truyen", "Công tác tuyên truyền, quán triệt Nghị quyết", "Communication of the Resolution"),
 s("select_one muc_do", "dg_dao_tao", "Đào tạo, bồi dưỡng cán bộ người dân tộc thiểu số", "Training of ethnic-minority cadres"),
 s("select_one muc_do", "dg_chinh_sach", "Thực hiện chính sách đối với cán bộ", "Policies for cadres"),
 s("end_group", ""),
 s("select_multiple han_che", "han_che", "Theo đồng chí, hạn chế chủ yếu là gì? (chọn tối đa 3)", "Main shortcomings (at most 3)",
   con="count-selected(.) <= 3", cmsg="Chỉ chọn tối đa 3 ý"),
 s("text", "han_che_khac", "Hạn chế khác (ghi rõ)", "Other shortcoming (specify)", rel="selected(${han_che}, '9')"),
 s("decimal", "ty_le", "Theo đồng chí, tỉ lệ cán bộ chủ chốt cấp xã là người dân tộc thiểu số hiện nay khoảng bao nhiêu phần trăm?", "Share (%) of key commune cadres from ethnic minorities",
   con=". >= 0 and . <= 100"),
 s("end_group", ""),
 s("calculate", "nhom_tuoi", calc="if(${tuoi} < 35, 'tre', 'khac')"),
 s("text", "kien_nghi", "Kiến nghị, đề xuất của đồng chí", "Your recommendations", app="multiline"),
 s("date", "ngay", "Ngày trả lời phiếu", "Date"),
 s("note", "cam_on", "Xin cảm ơn đồng chí (${tuoi} tuổi) đã tham gia!", "Thank you!"),
]
sheet(wb, "survey", survey)
C = ["list_name", "name", "label::Tiếng Việt (vi)", "label::English (en)", "$kuid", "$autovalue"]
ch = [C]
def c(lst, n, vi, en):
    ch.append([lst, n, vi, en, "c" + lst[:3] + n, n])
c("gioi_tinh", "1", "Nam", "Male")
c("gioi_tinh", "2", "Nữ", "Female")
for n, vi, en in [("1", "Kinh", "Kinh"), ("2", "Thái", "Thai"), ("3", "Mông (H'Mông)", "Hmong"), ("4", "Dao", "Dao"), ("5", "Hà Nhì", "Ha Nhi"), ("6", "Khác", "Other")]:
    c("dan_toc", n, vi, en)
for n, vi, en in [("1", "Trung học phổ thông trở xuống", "Secondary or less"), ("2", "Trung cấp", "Vocational"), ("3", "Cao đẳng", "College"), ("4", "Đại học", "University"), ("5", "Sau đại học", "Postgraduate")]:
    c("trinh_do", n, vi, en)
c("co_khong", "1", "Có", "Yes")
c("co_khong", "2", "Không", "No")
for n, vi, en in [("1", "Tốt", "Good"), ("2", "Khá", "Fair"), ("3", "Trung bình", "Average"), ("4", "Yếu", "Poor"), ("5", "Không biết", "Don't know")]:
    c("muc_do", n, vi, en)
for n, vi, en in [("1", "Nhận thức của một số cấp ủy chưa đầy đủ", "Awareness"), ("2", "Nguồn cán bộ người dân tộc thiểu số còn ít", "Few candidates"),
                  ("3", "Kinh phí đào tạo, bồi dưỡng còn hạn chế", "Funding"), ("4", "Chính sách thu hút chưa phù hợp", "Policies"),
                  ("5", "Trình độ, năng lực cán bộ chưa đáp ứng yêu cầu", "Capacity"), ("9", "Khác", "Other")]:
    c("han_che", n, vi, en)
sheet(wb, "choices", ch)
sheet(wb, "settings", [["form_title", "id_string", "version", "default_language", "style"],
                       ["Phiếu khảo sát chất lượng cán bộ người dân tộc thiểu số - huyện Phong Thổ", "aQ7vXk3LmZp9R2tYbW", "vHq3c9eTq2Dk6uM5x8KpW", "Tiếng Việt (vi)", "pages"]])
wb.save(OUT + "ours_vi_kobo_can_bo_dtts.xlsx")

# ---- 2. Household survey typed by hand in Excel on a Mac (NFD), typical slips ----
def nfd(t):
    return unicodedata.normalize("NFD", t)
wb = Workbook()
ws = wb.active
ws.title = "survey"
rows = [
 ["type", "name", "label", "hint", "required", "relevant", "constraint", "repeat_count", "appearance"],
 ["begin group", "chu_ho ", nfd("A. THÔNG TIN CHỦ HỘ"), "", "", "", "", "", ""],
 ["text", "ten_chu_ho", nfd("Họ và tên chủ hộ"), "", "yes", "", "", "", ""],
 ["select_one xa", "xa ", nfd("Xã / thị trấn"), "", "yes", "", "", "", ""],
 ["text", "ban", nfd("Bản (thôn)"), "", "", "", "", "", ""],
 ["select_one_from_file thon.csv", "thon_tu_file", nfd("Thôn (danh sách từ tệp)"), "", "", "", "", "", ""],
 ["int", "so_nguoi", nfd("Số người trong hộ"), nfd("Kể cả người đi làm ăn xa dưới 6 tháng"), "yes", "", ". > 0 and . <= 20", "", ""],
 ["end_group", "", "", "", "", "", "", "", ""],
 [None] * 9,
 ["begin_repeat", "thanh_vien", nfd("B. THÀNH VIÊN TRONG HỘ"), "", "", "", "", "${so_nguoi}", ""],
 ["text", "ho_ten_tv", nfd("Họ tên"), "", "", "", "", "", ""],
 ["select_one co_khong", "nu", nfd("Là nữ?"), "", "", "", "", "", ""],
 ["integer", "tuoi_tv", nfd("Tuổi"), "", "", "", ". >= 0 and . <= 110", "", ""],
 ["select_one hoc_van", "hoc_van", nfd("Học vấn"), "", "", "", "", "", ""],
 ["end_repeat", "", "", "", "", "", "", "", ""],
 [None] * 9,
 ["begin group", "nha_o", nfd("C. NHÀ Ở VÀ ĐIỀU KIỆN SỐNG"), "", "", "", "", "", ""],
 ["select_one loai_nha", "loai_nha", nfd("Loại nhà đang ở"), "", "", "", "", "", ""],
 ["select_multiple nuoc", "nguon_nuoc", nfd("Nguồn nước sinh hoạt chính (có thể chọn nhiều)"), "", "", "", "", "", ""],
 ["text", "nuoc_khac", nfd("Nguồn nước khác (ghi rõ)"), "", "", "selected(${nguon_nuoc}, '99')", "", "", ""],
 ["select_one co_khong", "co_dien", nfd("Hộ có dùng điện lưới quốc gia không?"), "", "", "", "", "", ""],
 ["decimal", "dien_tich", nfd("Diện tích đất sản xuất (ha)"), "", "", "", ". >= 0", "", ""],
 ["select_one co_khong", "ho_ngheo", nfd("Hộ có thuộc diện hộ nghèo không?"), "", "", "", "", "", ""],
 ["int", "nam_ngheo", nfd("Hộ thuộc diện nghèo từ năm nào?"), "", "", "${ho_ngheo} = '1'", "", "", ""],
 ["end group", "", "", "", "", "", "", "", ""],
 ["date", "ngay_pv", nfd("Ngày phỏng vấn"), "", "", "", "", "", ""],
 ["note", "ket_thuc", nfd("Cảm ơn hộ gia đình ông/bà ${ten_chu_ho}."), "", "", "", "", "", ""],
]
for r in rows:
    ws.append(r)
ws2 = wb.create_sheet("choices")
chs = [["list_name", "name", "label"],
 ["loai_nha", "3", nfd("Nhà tạm")], ["loai_nha", "1", nfd("Nhà kiên cố")], ["loai_nha", "2", nfd("Nhà bán kiên cố")],
 [None, None, None],
 ["co_khong", "1", nfd("Có")], ["co_khong", "2", nfd("Không")],
 ["xa", "MS", nfd("Mường So")], ["xa", "NX", nfd("Nậm Xe")], ["xa", "BL", nfd("Bản Lang")], ["xa", "DS", nfd("Đào San")], ["xa", "TT", nfd("Thị trấn Phong Thổ")],
 [None, None, None],
 ["hoc_van", "0", nfd("Chưa đi học")], ["hoc_van", "1", nfd("Tiểu học")], ["hoc_van", "2", nfd("THCS")], ["hoc_van", "3", nfd("THPT trở lên")],
 ["nuoc", "1", nfd("Nước máy")], ["nuoc", "2", nfd("Giếng khoan, giếng đào")], ["nuoc", "3", nfd("Nước suối, khe tự chảy")], ["nuoc", "4", nfd("Nước mưa")], ["nuoc", "99", nfd("Khác")],
]
for r in chs:
    ws2.append(r)
wb.save(OUT + "ours_vi_ho_gia_dinh_nfd.xlsx")  # the test copies it to its NFD name

# ---- 3. Short satisfaction form, bilingual, Google-Sheets style ----
wb = Workbook()
ws = wb.active
ws.title = "survey"
rows = [
 ["type", "name", "label::Vietnamese (vi)", "label::English (en)", "required", "relevant", "constraint", "hint::Vietnamese (vi)"],
 ["select_one muc", "hai_long_chung", "Ông/bà có hài lòng với dịch vụ hành chính công của xã không?", "Are you satisfied with the commune's public services?", "true", "", "", ""],
 ["select_one muc", "thai_do", "Thái độ của cán bộ tiếp nhận hồ sơ", "Attitude of staff", "", "", "", ""],
 ["select_one muc", "thoi_gian", "Thời gian giải quyết hồ sơ", "Processing time", "", "", "", ""],
 ["select_multiple ly_do", "ly_do", "Vì sao ông/bà chưa hài lòng?", "Why not satisfied?", "", "${hai_long_chung} = '4' or ${hai_long_chung} = '5'", "", "Có thể chọn nhiều"],
 ["text", "ly_do_khac", "Lý do khác", "Other reason", "", "selected(${ly_do}, '9')", "", ""],
 ["integer", "so_lan", "Ông/bà phải đi lại mấy lần để hoàn thành hồ sơ?", "Number of visits", "", "", ". >= 1 and . <= 10", ""],
 ["select_one gt", "gioi", "Giới tính", "Sex", "", "", "", ""],
 ["text", "gop_y", "Góp ý khác", "Other comments", "", "", "", ""],
]
for r in rows:
    ws.append(r)
ws2 = wb.create_sheet("choices")
for r in [["list_name", "name", "label::Vietnamese (vi)", "label::English (en)"],
          ["muc", "1", "Rất hài lòng", "Very satisfied"], ["muc", "2", "Hài lòng", "Satisfied"], ["muc", "3", "Bình thường", "Neutral"],
          ["muc", "4", "Chưa hài lòng", "Dissatisfied"], ["muc", "5", "Rất không hài lòng", "Very dissatisfied"],
          ["ly_do", "1", "Phải chờ lâu", "Long wait"], ["ly_do", "2", "Thủ tục phức tạp", "Complex procedure"], ["ly_do", "3", "Cán bộ thiếu nhiệt tình", "Unhelpful staff"],
          ["ly_do", "9", "Khác", "Other"],
          ["gt", "1", "Nam", "Male"], ["gt", "2", "Nữ", "Female"]]:
    ws2.append(r)
ws3 = wb.create_sheet("settings")
ws3.append(["form_title", "form_id", "version", "default_language"])
ws3.append(["Khảo sát mức độ hài lòng của người dân", "khảo_sát_hài_lòng_2024", "2024-05-01", "Vietnamese (vi)"])
wb.save(OUT + "ours_vi_hai_long_dich_vu.xlsx")
