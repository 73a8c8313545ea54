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
