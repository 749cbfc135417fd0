"""The Google Forms download of tests/data/xlsforms/ours_vi_kobo_can_bo_dtts.xlsx used by tests/test_vi_forms_trial.py (Vietnamese headers, dd/mm/yyyy times)."""

import csv
import random

random.seed(5)
G = "Đồng chí đánh giá thế nào về các nội dung sau?"
rows_g = ["Sự lãnh đạo, chỉ đạo của cấp ủy", "Công tác tuyên truyền, quán triệt Nghị quyết", "Đào tạo, bồi dưỡng cán bộ người dân tộc thiểu số", "Thực hiện chính sách đối với cán bộ"]
H = ["Dấu thời gian", "Đơn vị công tác hoặc xã, thị trấn nơi cư trú", "Giới tính", "Tuổi của đồng chí", "Dân tộc", "Trình độ chuyên môn cao nhất",
     "Đồng chí có phải là đảng viên không?", "Năm vào Đảng"] + [f"{G} [{r}]" for r in rows_g] + [
     "Theo đồng chí, hạn chế chủ yếu là gì? (chọn tối đa 3)",
     "Theo đồng chí, tỉ lệ cán bộ chủ chốt cấp xã là người dân tộc thiểu số hiện nay khoảng bao nhiêu phần trăm?",
     "Kiến nghị, đề xuất của đồng chí", "Ngày trả lời phiếu"]
units = ["Đảng bộ xã Mường So", "Đảng bộ xã Nậm Xe", "xã Bản Lang", "Đảng bộ Thị trấn"]
hc = ["Nhận thức của một số cấp ủy chưa đầy đủ", "Nguồn cán bộ người dân tộc thiểu số còn ít", "Kinh phí đào tạo, bồi dưỡng còn hạn chế", "Chính sách thu hút chưa phù hợp"]
mucs = ["Tốt", "Khá", "Trung bình", "Yếu", "Không biết"]
out = []
for i in range(12):
    dv = random.random() < 0.6
    row = [f"{14 + i // 5:02d}/11/2023 {8 + i:02d}:{(i*7)%60:02d}:{(i*13)%60:02d}", units[i % 4], random.choice(["Nam", "Nữ"]),
           str(random.randint(22, 60)), random.choice(["Kinh", "Thái", "Mông (H'Mông)", "Dao", "Hà Nhì", "Giáy"]),
           random.choice(["Trung cấp", "Đại học", "Cao đẳng"]), "Có" if dv else "Không", str(random.randint(1990, 2020)) if dv else ""]
    row += [random.choice(mucs) for _ in rows_g]
    ch = random.sample(hc, random.randint(1, 3))
    if i == 3:
        ch = ch[:2] + ["Cán bộ trẻ ngại về cơ sở"]
    row += [", ".join(ch), random.choice(["45", "52,5", "60"]), random.choice(["", "Tăng cường đào tạo tiếng dân tộc", "Không có ý kiến"]),
            f"{14 + i // 5:02d}/11/2023"]
    out.append(row)
out[5][3] = "95"  # age outside 18..80
out[7][7] = "2025"   # year outside
with open("tests/data/online/ours_vi_kobo_google_forms.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(H)
    w.writerows(out)
