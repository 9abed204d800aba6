"""The demo: Quang Nam province as it stood at the end of 2024, when the seed's conference took place.

Names are the real ones. District codes are the national statistics codes (province 49). Departments and
communes carry no code here: the demo does not invent official codes. People are fictional.
"""

from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnitKind as K

PASSWORD = "resolute-demo"

# (key, parent key, Vietnamese name, English name, kind, code). The country is the common root of the
# provinces: a reorganisation across two of them (Quảng Nam into Đà Nẵng) changes the part of the
# tree under it. It also holds the national reference figures (see `targets`).
UNITS = [
    ("national", None, "Cả nước", "Viet Nam (national)", K.OTHER, ""),
    ("province", "national", "Tỉnh Quảng Nam", "Quang Nam Province", K.PROVINCE, "49"),
    ("party", "province", "Tỉnh ủy Quảng Nam", "Quang Nam Provincial Party Committee", K.PARTY_COMMITTEE, ""),
    (
        "standing",
        "party",
        "Ban Thường vụ Tỉnh ủy",
        "Standing Committee of the Provincial Party Committee",
        K.PARTY_COMMITTEE,
        "",
    ),
    ("inspection", "party", "Ủy ban Kiểm tra Tỉnh ủy", "Provincial Party Inspection Committee", K.AGENCY, ""),
    ("party_office", "party", "Văn phòng Tỉnh ủy", "Party Committee Office", K.AGENCY, ""),
    (
        "organisation_board",
        "party",
        "Ban Tổ chức Tỉnh ủy",
        "Organisation Board of the Provincial Party Committee",
        K.AGENCY,
        "",
    ),
    ("propaganda_board", "party", "Ban Tuyên giáo Tỉnh ủy", "Propaganda and Education Board", K.AGENCY, ""),
    ("mobilisation_board", "party", "Ban Dân vận Tỉnh ủy", "Mass Mobilisation Board", K.AGENCY, ""),
    ("internal_affairs_board", "party", "Ban Nội chính Tỉnh ủy", "Internal Affairs Board", K.AGENCY, ""),
    ("council", "province", "Hội đồng nhân dân tỉnh", "Provincial People's Council", K.PEOPLES_COUNCIL, ""),
    (
        "committee",
        "province",
        "Ủy ban nhân dân tỉnh",
        "Provincial People's Committee",
        K.PEOPLES_COMMITTEE,
        "",
    ),
    (
        "committee_office",
        "committee",
        "Văn phòng UBND tỉnh",
        "Office of the Provincial People's Committee",
        K.AGENCY,
        "",
    ),
    # The province's citizen-reception office, which the committee's office runs (Law on Citizen
    # Reception 2013, Art. 13).
    (
        "reception",
        "committee_office",
        "Ban Tiếp công dân tỉnh",
        "Provincial Citizen Reception Office",
        K.AGENCY,
        "",
    ),
    ("finance", "committee", "Sở Tài chính", "Department of Finance", K.DEPARTMENT, ""),
    (
        "planning",
        "committee",
        "Sở Kế hoạch và Đầu tư",
        "Department of Planning and Investment",
        K.DEPARTMENT,
        "",
    ),
    ("construction", "committee", "Sở Xây dựng", "Department of Construction", K.DEPARTMENT, ""),
    (
        "agriculture",
        "committee",
        "Sở Nông nghiệp và Phát triển nông thôn",
        "Department of Agriculture and Rural Development",
        K.DEPARTMENT,
        "",
    ),
    (
        "environment",
        "committee",
        "Sở Tài nguyên và Môi trường",
        "Department of Natural Resources and Environment",
        K.DEPARTMENT,
        "",
    ),
    ("health", "committee", "Sở Y tế", "Department of Health", K.DEPARTMENT, ""),
    (
        "education",
        "committee",
        "Sở Giáo dục và Đào tạo",
        "Department of Education and Training",
        K.DEPARTMENT,
        "",
    ),
    (
        "culture",
        "committee",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Department of Culture, Sports and Tourism",
        K.DEPARTMENT,
        "",
    ),
    (
        "labour",
        "committee",
        "Sở Lao động - Thương binh và Xã hội",
        "Department of Labour, Invalids and Social Affairs",
        K.DEPARTMENT,
        "",
    ),
    ("home_affairs", "committee", "Sở Nội vụ", "Department of Home Affairs", K.DEPARTMENT, ""),
    ("industry", "committee", "Sở Công Thương", "Department of Industry and Trade", K.DEPARTMENT, ""),
    (
        "information",
        "committee",
        "Sở Thông tin và Truyền thông",
        "Department of Information and Communications",
        K.DEPARTMENT,
        "",
    ),
    ("transport", "committee", "Sở Giao thông vận tải", "Department of Transport", K.DEPARTMENT, ""),
    (
        "science",
        "committee",
        "Sở Khoa học và Công nghệ",
        "Department of Science and Technology",
        K.DEPARTMENT,
        "",
    ),
    ("inspectorate", "committee", "Thanh tra tỉnh", "Provincial Inspectorate", K.AGENCY, ""),
    ("police", "committee", "Công an tỉnh", "Provincial Police", K.AGENCY, ""),
    (
        "chu_lai",
        "committee",
        "Ban Quản lý Khu kinh tế mở Chu Lai",
        "Chu Lai Open Economic Zone Authority",
        K.AGENCY,
        "",
    ),
    (
        "land_fund",
        "committee",
        "Trung tâm Phát triển quỹ đất tỉnh",
        "Land Fund Management Center",
        K.AGENCY,
        "",
    ),
    (
        "front",
        "province",
        "Ủy ban MTTQ Việt Nam tỉnh",
        "Provincial Vietnam Fatherland Front Committee",
        K.FRONT,
        "",
    ),
    ("youth_union", "province", "Tỉnh đoàn Quảng Nam", "Provincial Youth Union", K.FRONT, ""),
    ("tam_ky", "province", "Thành phố Tam Kỳ", "Tam Ky City", K.DISTRICT, "502"),
    ("hoi_an", "province", "Thành phố Hội An", "Hoi An City", K.DISTRICT, "503"),
    ("tay_giang", "province", "Huyện Tây Giang", "Tay Giang District", K.DISTRICT, "504"),
    ("dong_giang", "province", "Huyện Đông Giang", "Dong Giang District", K.DISTRICT, "505"),
    ("dai_loc", "province", "Huyện Đại Lộc", "Dai Loc District", K.DISTRICT, "506"),
    ("dien_ban", "province", "Thị xã Điện Bàn", "Dien Ban Town", K.DISTRICT, "507"),
    ("duy_xuyen", "province", "Huyện Duy Xuyên", "Duy Xuyen District", K.DISTRICT, "508"),
    ("que_son", "province", "Huyện Quế Sơn", "Que Son District", K.DISTRICT, "509"),
    ("nam_giang", "province", "Huyện Nam Giang", "Nam Giang District", K.DISTRICT, "510"),
    ("phuoc_son", "province", "Huyện Phước Sơn", "Phuoc Son District", K.DISTRICT, "511"),
    ("hiep_duc", "province", "Huyện Hiệp Đức", "Hiep Duc District", K.DISTRICT, "512"),
    ("thang_binh", "province", "Huyện Thăng Bình", "Thang Binh District", K.DISTRICT, "513"),
    ("tien_phuoc", "province", "Huyện Tiên Phước", "Tien Phuoc District", K.DISTRICT, "514"),
    ("bac_tra_my", "province", "Huyện Bắc Trà My", "Bac Tra My District", K.DISTRICT, "515"),
    ("nam_tra_my", "province", "Huyện Nam Trà My", "Nam Tra My District", K.DISTRICT, "516"),
    ("nui_thanh", "province", "Huyện Núi Thành", "Nui Thanh District", K.DISTRICT, "517"),
    ("phu_ninh", "province", "Huyện Phú Ninh", "Phu Ninh District", K.DISTRICT, "518"),
    ("nong_son", "province", "Huyện Nông Sơn", "Nong Son District", K.DISTRICT, "519"),
    ("minh_an", "hoi_an", "Phường Minh An", "Minh An Ward", K.COMMUNE, ""),
    ("cam_pho", "hoi_an", "Phường Cẩm Phô", "Cam Pho Ward", K.COMMUNE, ""),
    ("cam_thanh", "hoi_an", "Xã Cẩm Thanh", "Cam Thanh Commune", K.COMMUNE, ""),
    ("tan_hiep", "hoi_an", "Xã Tân Hiệp", "Tan Hiep Commune", K.COMMUNE, ""),
    ("ai_nghia", "dai_loc", "Thị trấn Ái Nghĩa", "Ai Nghia Town", K.COMMUNE, ""),
    ("dai_hiep", "dai_loc", "Xã Đại Hiệp", "Dai Hiep Commune", K.COMMUNE, ""),
    ("dai_quang", "dai_loc", "Xã Đại Quang", "Dai Quang Commune", K.COMMUNE, ""),
    ("an_my", "tam_ky", "Phường An Mỹ", "An My Ward", K.COMMUNE, ""),
    ("tan_thanh", "tam_ky", "Phường Tân Thạnh", "Tan Thanh Ward", K.COMMUNE, ""),
    ("tam_phu", "tam_ky", "Xã Tam Phú", "Tam Phu Commune", K.COMMUNE, ""),
]

# The document symbol of each unit that issues letters in the demo, after the number ("Số 12-CV/VPTU",
# "Số: 12/UBND-TH"): the Party bodies' as their offices write them, the People's Committee's with its
# office's general-affairs division (TH). The province-level unit's letters (it issues the reporting
# regimes) are drafted by the committee's office (VP). No two units share a symbol.
DOCUMENT_SYMBOLS = {
    "province": "UBND-VP",
    "party": "TU",
    "inspection": "UBKTTU",
    "party_office": "VPTU",
    "organisation_board": "BTCTU",
    "propaganda_board": "BTGTU",
    "mobilisation_board": "BDVTU",
    "internal_affairs_board": "BNCTU",
    "council": "HĐND",
    "committee": "UBND-TH",
    "committee_office": "VPUBND",
    # The citizen-reception office urges the units it sent petitions to in its own name.
    "reception": "BTCD",
    "hoi_an": "UBND-HA",
}

# (username, full name, job title, language, [(unit key, role)])
USERS = [
    (
        "admin",
        "Quản trị hệ thống",
        "System administrator",
        "",
        [("national", Role.ADMIN), ("province", Role.ADMIN), ("danang", Role.ADMIN)],
    ),
    ("office", "Trần Thị Thu Hà", "Chuyên viên Văn phòng Tỉnh ủy", "vi", [("party_office", Role.OFFICE)]),
    ("leader", "Nguyễn Văn Minh", "Bí thư Tỉnh ủy", "vi", [("province", Role.VIEWER)]),
    ("finance", "Lê Quang Huy", "Chuyên viên Sở Tài chính", "", [("finance", Role.REPORTER)]),
    ("hoian", "Phạm Thị Lan", "Chuyên viên UBND thành phố Hội An", "", [("hoi_an", Role.REPORTER)]),
    (
        "hoian_manager",
        "Võ Đức Thành",
        "Chánh Văn phòng UBND thành phố Hội An",
        "vi",
        [("hoi_an", Role.MANAGER)],
    ),
    ("dailoc", "Huỳnh Văn Tâm", "Chuyên viên UBND huyện Đại Lộc", "vi", [("dai_loc", Role.REPORTER)]),
    (
        "committee_office",
        "Đặng Minh Khoa",
        "Chuyên viên Văn phòng UBND tỉnh",
        "",
        [("committee_office", Role.OFFICE)],
    ),
]
