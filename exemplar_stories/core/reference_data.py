"""The plan's reference data (Kế hoạch của Sở Tư pháp Sóc Trăng, 2019), as plain Python data.

Used by the data migration (fields of work and awards, which every install needs) and by
`load_demo_content` (units and movements, which belong to one province). All of it is editable
in the admin afterwards; nothing here is looked up by name at run time.
"""

FIELDS = [
    "Hộ tịch, chứng thực, quốc tịch",
    "Lý lịch tư pháp",
    "Trợ giúp pháp lý",
    "Phổ biến, giáo dục pháp luật",
    "Hòa giải ở cơ sở",
    "Công chứng",
    "Đấu giá tài sản",
    "Xây dựng và kiểm tra văn bản quy phạm pháp luật",
    "Thanh tra, giải quyết khiếu nại, tố cáo",
    "Quản lý xử lý vi phạm hành chính",
    "Bồi thường nhà nước",
    "Luật sư, giám định tư pháp",
    "Văn phòng, tổng hợp",
]

# (name, level, recipient, is_high_award, rank)
AWARDS = [
    ("Anh hùng Lao động", "state", "both", True, 1),
    ("Chiến sĩ thi đua toàn quốc", "state", "individual", True, 5),
    ("Huân chương Lao động", "state", "both", True, 10),
    ("Cờ thi đua của Chính phủ", "government", "collective", True, 20),
    ("Cờ thi đua của Bộ Tư pháp", "ministry", "collective", True, 30),
    ("Cờ thi đua của Ủy ban nhân dân tỉnh", "province", "collective", True, 31),
    ("Chiến sĩ thi đua cấp bộ, cấp tỉnh", "province", "individual", False, 40),
    ("Bằng khen", "province", "both", False, 45),
    ("Tập thể lao động xuất sắc", "province", "collective", False, 50),
    ("Chiến sĩ thi đua cơ sở", "grassroots", "individual", False, 60),
    ("Tập thể lao động tiên tiến", "grassroots", "collective", False, 70),
    ("Giấy khen", "grassroots", "both", False, 75),
    ("Lao động tiên tiến", "grassroots", "individual", False, 80),
]

# (award, prerequisite, consecutive years, guidance) — shown as guidance, never as legal advice.
AWARD_RULES = [
    (
        "Chiến sĩ thi đua toàn quốc",
        "Chiến sĩ thi đua cấp bộ, cấp tỉnh",
        2,
        "Xét trong số cá nhân có hai lần liên tục đạt Chiến sĩ thi đua cấp bộ, cấp tỉnh.",
    ),
    (
        "Chiến sĩ thi đua cấp bộ, cấp tỉnh",
        "Chiến sĩ thi đua cơ sở",
        3,
        "Xét trong số cá nhân có ba lần liên tục đạt Chiến sĩ thi đua cơ sở.",
    ),
    (
        "Chiến sĩ thi đua cơ sở",
        "Lao động tiên tiến",
        1,
        "Đạt Lao động tiên tiến và có sáng kiến hoặc đề tài được công nhận.",
    ),
    (
        "Tập thể lao động xuất sắc",
        "Tập thể lao động tiên tiến",
        1,
        "Đạt Tập thể lao động tiên tiến và có thành tích xuất sắc trong năm.",
    ),
    (
        "Cờ thi đua của Chính phủ",
        "Cờ thi đua của Bộ Tư pháp",
        1,
        "Xét trong số tập thể dẫn đầu phong trào thi đua được tặng Cờ thi đua cấp bộ, cấp tỉnh.",
    ),
    (
        "Cờ thi đua của Bộ Tư pháp",
        "Tập thể lao động xuất sắc",
        1,
        "Tập thể tiêu biểu, dẫn đầu trong Khối thi đua, đạt Tập thể lao động xuất sắc.",
    ),
]

# (name, type) — Sóc Trăng's justice sector as the 2019 plan addresses it.
UNITS = [
    ("Văn phòng Sở", "division"),
    ("Phòng Hành chính tư pháp", "division"),
    ("Phòng Bổ trợ tư pháp", "division"),
    ("Phòng Xây dựng và Kiểm tra văn bản quy phạm pháp luật", "division"),
    ("Phòng Phổ biến, giáo dục pháp luật", "division"),
    ("Thanh tra Sở", "inspectorate"),
    ("Trung tâm Trợ giúp pháp lý nhà nước", "centre"),
    ("Trung tâm Dịch vụ đấu giá tài sản", "centre"),
    ("Phòng Công chứng số 1", "other"),
    ("Phòng Tư pháp thành phố Sóc Trăng", "district_office"),
    ("Phòng Tư pháp thị xã Vĩnh Châu", "district_office"),
    ("Phòng Tư pháp thị xã Ngã Năm", "district_office"),
    ("Phòng Tư pháp huyện Châu Thành", "district_office"),
    ("Phòng Tư pháp huyện Kế Sách", "district_office"),
    ("Phòng Tư pháp huyện Mỹ Tú", "district_office"),
    ("Phòng Tư pháp huyện Cù Lao Dung", "district_office"),
    ("Phòng Tư pháp huyện Long Phú", "district_office"),
    ("Phòng Tư pháp huyện Mỹ Xuyên", "district_office"),
    ("Phòng Tư pháp huyện Thạnh Trị", "district_office"),
    ("Phòng Tư pháp huyện Trần Đề", "district_office"),
]

# (name, launched_by, start_year, end_year)
MOVEMENTS = [
    ("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "central", 2016, 2021),
    ("Ngành Tư pháp chung sức góp phần xây dựng nông thôn mới", "ministry", 2016, 2020),
    ("Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở", "province", 2019, 2025),
    ("Thi đua đẩy mạnh cải cách hành chính, chuyển đổi số ngành Tư pháp", "ministry", 2021, 2026),
    ("Sóc Trăng chung tay vì người nghèo – Không để ai bị bỏ lại phía sau", "province", 2021, 2025),
]

# --- Rules in time --------------------------------------------------------------------------
# The road to high awards depends on the year assessed. Each entry: (award, prerequisite,
# consecutive years, needs a recognised initiative, from year, to year, legal basis, condition).
# Guidance for the Office, never legal advice. Sources (public pages, read 2026-12):
#  - Law 06/2022/QH15 (in force 01/01/2024), Art. 21 (Chiến sĩ thi đua toàn quốc: two
#    consecutive provincial titles + an initiative applied nationwide): lawnet.vn "Tiêu chuẩn
#    danh hiệu chiến sĩ thi đua toàn quốc từ 2024", baoyenbai.com.vn; Art. 22 (Chiến sĩ thi đua
#    bộ, ban, ngành, tỉnh: three consecutive grassroots titles + an initiative applied in the
#    province): baoyenbai.com.vn; Art. 23 (Chiến sĩ thi đua cơ sở: Lao động tiên tiến AND an
#    excellent year OR a recognised initiative: no longer an initiative in every case):
#    viendaotaogiaoduc.edu.vn "Tiêu chuẩn chiến sĩ thi đua các cấp từ 01/01/2024".
#  - Law of 2003 (amended 2013), Art. 21, 22, 23 (two / three consecutive titles; the grassroots
#    title needs an initiative): lawnet.vn (the rule before 2024), tdkt.toaan.gov.vn (Art. 22),
#    thiduakhenthuong.langson.gov.vn (Art. 23). Decree 91/2017/NĐ-CP detailed that law.
#  - Decree 152/2025/NĐ-CP details the 2022 Law and decentralises who decides (baomoi.net.vn);
#    no page found gives an article of it that changes these prerequisites, so none is seeded.
# The collective rules are the 2019 plan's guidance, kept for every year with that basis.
LAW_2003 = "Luật Thi đua, khen thưởng 2003 (sửa đổi, bổ sung 2013); Nghị định 91/2017/NĐ-CP"
LAW_2022 = "Luật Thi đua, khen thưởng số 06/2022/QH15"
DECREE_152 = "Nghị định 152/2025/NĐ-CP (quy định chi tiết, phân cấp thẩm quyền)"
PLAN_2019 = "Kế hoạch tuyên truyền, nhân rộng điển hình tiên tiến của Sở Tư pháp Sóc Trăng (2019)"
RULES_IN_TIME = [
    (
        "Chiến sĩ thi đua toàn quốc",
        "Chiến sĩ thi đua cấp bộ, cấp tỉnh",
        2,
        False,
        None,
        2023,
        f"Điều 21, {LAW_2003}",
        "Xét trong số cá nhân có hai lần liên tục đạt Chiến sĩ thi đua cấp bộ, ngành, tỉnh.",
    ),
    (
        "Chiến sĩ thi đua toàn quốc",
        "Chiến sĩ thi đua cấp bộ, cấp tỉnh",
        2,
        True,
        2024,
        None,
        f"Điều 21, {LAW_2022}",
        "Hai lần liên tục Chiến sĩ thi đua bộ, ban, ngành, tỉnh; có sáng kiến (hoặc đề tài, "
        "đề án, công trình khoa học) áp dụng hiệu quả, có khả năng nhân rộng trong toàn quốc.",
    ),
    (
        "Chiến sĩ thi đua cấp bộ, cấp tỉnh",
        "Chiến sĩ thi đua cơ sở",
        3,
        False,
        None,
        2023,
        f"Điều 22, {LAW_2003}",
        "Xét trong số cá nhân có ba lần liên tục đạt Chiến sĩ thi đua cơ sở.",
    ),
    (
        "Chiến sĩ thi đua cấp bộ, cấp tỉnh",
        "Chiến sĩ thi đua cơ sở",
        3,
        True,
        2024,
        None,
        f"Điều 22, {LAW_2022}",
        "Ba lần liên tục Chiến sĩ thi đua cơ sở; có sáng kiến (hoặc đề tài, đề án, công trình "
        "khoa học) áp dụng hiệu quả, có khả năng nhân rộng trong bộ, ban, ngành, tỉnh.",
    ),
    (
        "Chiến sĩ thi đua cơ sở",
        "Lao động tiên tiến",
        1,
        True,
        None,
        2023,
        f"Điều 23, {LAW_2003}",
        "Đạt Lao động tiên tiến và có sáng kiến hoặc đề tài được công nhận (bắt buộc).",
    ),
    (
        "Chiến sĩ thi đua cơ sở",
        "Lao động tiên tiến",
        1,
        False,
        2024,
        None,
        f"Điều 23, {LAW_2022}",
        "Đạt Lao động tiên tiến; hoàn thành xuất sắc nhiệm vụ hoặc có sáng kiến, đề tài được "
        "cơ sở công nhận (sáng kiến không còn bắt buộc).",
    ),
    (
        "Tập thể lao động xuất sắc",
        "Tập thể lao động tiên tiến",
        1,
        False,
        None,
        None,
        PLAN_2019,
        "Đạt Tập thể lao động tiên tiến và có thành tích xuất sắc trong năm.",
    ),
    (
        "Cờ thi đua của Chính phủ",
        "Cờ thi đua của Bộ Tư pháp",
        1,
        False,
        None,
        None,
        PLAN_2019,
        "Xét trong số tập thể dẫn đầu phong trào thi đua được tặng Cờ thi đua cấp bộ, cấp tỉnh.",
    ),
    (
        "Cờ thi đua của Bộ Tư pháp",
        "Tập thể lao động xuất sắc",
        1,
        False,
        None,
        None,
        PLAN_2019,
        "Tập thể tiêu biểu, dẫn đầu trong Khối thi đua, đạt Tập thể lao động xuất sắc.",
    ),
]

# The catalogue's own basis: the Law that defines each title (the 2022 Law keeps them).
AWARD_LEGAL_BASIS = {
    "Chiến sĩ thi đua toàn quốc": f"Điều 21, {LAW_2022}; {DECREE_152}",
    "Chiến sĩ thi đua cấp bộ, cấp tỉnh": f"Điều 22, {LAW_2022}; {DECREE_152}",
    "Chiến sĩ thi đua cơ sở": f"Điều 23, {LAW_2022}; {DECREE_152}",
    "Lao động tiên tiến": f"Điều 24, {LAW_2022}; {DECREE_152}",
}

# --- Units in time: the merged Department (from 1 July 2025) ---------------------------------
# Resolution 202/2025/QH15 (in force 12 June 2025) merged Cần Thơ city, Sóc Trăng and Hậu Giang
# provinces into the new Cần Thơ city; the district level of local government ended on 1 July
# 2025, its justice tasks passing to the communes' justice officers. The structure below is the
# portal's starting point, editable data: check it against the Department's decision on its
# functions and organisation, and correct it in the admin.
MERGER_DATE = "2025-07-01"
LAST_DAY_BEFORE_MERGER = "2025-06-30"
MERGER_BASIS = ("202/2025/QH15", "2025-06-12", "Quốc hội")
# Luật Tổ chức chính quyền địa phương số 72/2025/QH15 (passed 16 June 2025, in force 1 July
# 2025): local government in two levels, province and commune; no district level.
DISTRICT_END_BASIS = ("72/2025/QH15", "2025-06-16", "Quốc hội")

# (name, type) of the merged Department's units.
UNITS_2025 = [
    ("Văn phòng Sở Tư pháp thành phố Cần Thơ", "division"),
    ("Phòng Hành chính tư pháp – Sở Tư pháp thành phố Cần Thơ", "division"),
    ("Phòng Bổ trợ tư pháp – Sở Tư pháp thành phố Cần Thơ", "division"),
    ("Phòng Xây dựng, kiểm tra và theo dõi thi hành pháp luật", "division"),
    ("Phòng Phổ biến, giáo dục pháp luật – Sở Tư pháp thành phố Cần Thơ", "division"),
    ("Thanh tra Sở Tư pháp thành phố Cần Thơ", "inspectorate"),
    ("Trung tâm Trợ giúp pháp lý nhà nước thành phố Cần Thơ", "centre"),
    ("Trung tâm Dịch vụ đấu giá tài sản thành phố Cần Thơ", "centre"),
    ("Phòng Công chứng số 1 thành phố Cần Thơ", "other"),
    ("Công chức Tư pháp – Hộ tịch các xã, phường khu vực Sóc Trăng", "commune"),
    ("Công chức Tư pháp – Hộ tịch các xã khu vực Kế Sách, Châu Thành, Mỹ Tú", "commune"),
    ("Công chức Tư pháp – Hộ tịch các xã, phường khu vực ven biển", "commune"),
]

# The 2019 Sóc Trăng unit → the unit it became (merged into) on 1 July 2025.
SUCCESSORS_2025 = {
    "Văn phòng Sở": "Văn phòng Sở Tư pháp thành phố Cần Thơ",
    "Phòng Hành chính tư pháp": "Phòng Hành chính tư pháp – Sở Tư pháp thành phố Cần Thơ",
    "Phòng Bổ trợ tư pháp": "Phòng Bổ trợ tư pháp – Sở Tư pháp thành phố Cần Thơ",
    "Phòng Xây dựng và Kiểm tra văn bản quy phạm pháp luật": (
        "Phòng Xây dựng, kiểm tra và theo dõi thi hành pháp luật"
    ),
    "Phòng Phổ biến, giáo dục pháp luật": (
        "Phòng Phổ biến, giáo dục pháp luật – Sở Tư pháp thành phố Cần Thơ"
    ),
    "Thanh tra Sở": "Thanh tra Sở Tư pháp thành phố Cần Thơ",
    "Trung tâm Trợ giúp pháp lý nhà nước": "Trung tâm Trợ giúp pháp lý nhà nước thành phố Cần Thơ",
    "Trung tâm Dịch vụ đấu giá tài sản": "Trung tâm Dịch vụ đấu giá tài sản thành phố Cần Thơ",
    "Phòng Công chứng số 1": "Phòng Công chứng số 1 thành phố Cần Thơ",
    "Phòng Tư pháp thành phố Sóc Trăng": "Công chức Tư pháp – Hộ tịch các xã, phường khu vực Sóc Trăng",
    "Phòng Tư pháp huyện Mỹ Xuyên": "Công chức Tư pháp – Hộ tịch các xã, phường khu vực Sóc Trăng",
    "Phòng Tư pháp huyện Thạnh Trị": "Công chức Tư pháp – Hộ tịch các xã, phường khu vực Sóc Trăng",
    "Phòng Tư pháp thị xã Ngã Năm": "Công chức Tư pháp – Hộ tịch các xã, phường khu vực Sóc Trăng",
    "Phòng Tư pháp huyện Kế Sách": (
        "Công chức Tư pháp – Hộ tịch các xã khu vực Kế Sách, Châu Thành, Mỹ Tú"
    ),
    "Phòng Tư pháp huyện Châu Thành": (
        "Công chức Tư pháp – Hộ tịch các xã khu vực Kế Sách, Châu Thành, Mỹ Tú"
    ),
    "Phòng Tư pháp huyện Mỹ Tú": (
        "Công chức Tư pháp – Hộ tịch các xã khu vực Kế Sách, Châu Thành, Mỹ Tú"
    ),
    "Phòng Tư pháp thị xã Vĩnh Châu": "Công chức Tư pháp – Hộ tịch các xã, phường khu vực ven biển",
    "Phòng Tư pháp huyện Cù Lao Dung": "Công chức Tư pháp – Hộ tịch các xã, phường khu vực ven biển",
    "Phòng Tư pháp huyện Long Phú": "Công chức Tư pháp – Hộ tịch các xã, phường khu vực ven biển",
    "Phòng Tư pháp huyện Trần Đề": "Công chức Tư pháp – Hộ tịch các xã, phường khu vực ven biển",
}
