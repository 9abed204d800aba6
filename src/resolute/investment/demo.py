"""The demo's public investment: Quảng Nam's capital plans of 2024 and 2025, handed to Đà Nẵng City on
1 July 2025, and the city's plan of 2026, with the projects they fund and their disbursement.

What the seed says, reproduced from the rows: by 31 December 2024 the province had disbursed **58.3%**
of its 2024 plan, and **94 projects** had to ask the Provincial People's Council to extend their 2024
capital (approved in January 2025). By 31 January 2025, the plan's last day, 86.3% was disbursed (the
figure the province reported); what the extensions do not carry lapsed on 1 February 2025.

Everything else is simulated and marked as sample data:
- about 300 projects in the demo's districts and communes (real place names: roads, bridges, schools,
  clinics, canals, embankments, resettlement areas…), invested by the departments, the district-level
  People's Committees, the Chu Lai authority, the land fund centre and the province's three
  project-management boards (added here under the People's Committee), each with its group and its
  approved total investment by capital source;
- the 2024 plan, assigned by the Provincial People's Committee in December 2023, with the province's
  milestones and the Government's target for 31 January, an adjustment in July, transfers in the autumn
  and capital added in November; the projects' reports with the obstacles that hold them back and the
  units that must remove them — every month for the boards and the Chu Lai authority, at each quarter's
  end and on 31 January for the others, whose small projects pay in a few instalments (from 2026 the
  city has every investor report every month). The figures are
  calibrated so that the two rates above come out exactly through the rules every page uses. The
  extended projects report on their carried capital through 2025; some of it lapses at the year's end;
- the 2025 plan, reported by Quảng Nam's units until June and, once the reorganisation has handed the
  projects over, by Đà Nẵng's units; twelve projects' 2025 capital extended in January 2026 by the
  chair of the city's People's Committee (the Law of 2024 gives it to the chair); the city's 2026 plan,
  with new projects of the city, reported up to the last month ended before "today";
- the monthly regime of disbursement reports ("disbursement of the investor's projects"), owed by the
  investors that report every month, with a few reports sent late;
- an investor's reporter (`investor`, of the transport works board) and a manager of the
  public-investment desk (`finance_manager`, of the Department of Finance).

As the demo's other histories do, the history up to the day before the reorganisation is written by
`load_investment` (before the reorganisation, so that its engine hands the projects, the plans and the
desk over) and the rest by `load_investment_after`, by the units that hold the projects then. "Today"
is `core.clock.today()`; the demo's tests freeze it. Loading again adds nothing: each write is skipped
when what it would write is there.

Every write goes through the investment actions, as the system (as the demo's other histories do), so
each figure passed the rules a user's figure passes. That is also what the history costs to load: a few
thousand reports, each checked against the plan of its day and the report before it.
"""

from __future__ import annotations

import random
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from resolute.accounts import actions as account_actions
from resolute.accounts.models import User
from resolute.core import clock
from resolute.core.periods import PeriodType
from resolute.orgunits import actions as unit_actions
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnit, OrgUnitKind, UnitSuccession
from resolute.reporting.actions import regimes as regime_actions
from resolute.reporting.models import ReportingRegime

from . import actions
from .choices import (
    CapitalSource,
    ExtensionReason,
    ExtensionStatus,
    ObstacleCategory,
    ProjectGroup,
    ProjectStatus,
    Sector,
)
from .models import (
    CapitalPlan,
    DisbursementReport,
    InvestmentDesk,
    InvestmentProject,
    PlanDecision,
    PlanExtension,
)

PASSWORD = "resolute-demo"
THOUSAND = Decimal(1000)
MILLION = Decimal(1_000_000)

# What the seed and the province's report say, and what the demo reproduces exactly.
RATE_ON_31_DECEMBER_2024 = Decimal("58.3")
RATE_ON_31_JANUARY_2025 = Decimal("86.3")
PROJECTS_EXTENDED_2024 = 94

# -- units and people -------------------------------------------------------------------------------------

# The province's project-management boards (added under the People's Committee; the reorganisation moves
# them under the city's, where they go on). (key, name, English name)
BOARDS = [
    (
        "board_transport",
        "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông",
        "Transport Works Construction Investment Project Management Board",
    ),
    (
        "board_civil",
        "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp",
        "Civil and Industrial Works Construction Investment Project Management Board",
    ),
    (
        "board_agriculture",
        "Ban Quản lý dự án đầu tư xây dựng các công trình nông nghiệp và phát triển nông thôn",
        "Agricultural and Rural Development Works Construction Investment Project Management Board",
    ),
]

# (username, full name, job title, language, unit key, role)
USERS = [
    (
        "investor",
        "Ngô Thị Hồng Nhung",
        "Chuyên viên kế hoạch – Ban QLDA các công trình giao thông",
        "vi",
        "board_transport",
        Role.REPORTER,
    ),
    (
        "finance_manager",
        "Trương Công Bình",
        "Trưởng phòng Đầu tư – Sở Tài chính",
        "vi",
        "finance",
        Role.MANAGER,
    ),
]

# -- the places -------------------------------------------------------------------------------------------

# The demo's districts (`data.UNITS` keys) with real communes of each (Resolution 1659/NQ-UBTVQH15 lists
# them among those the new communes were formed from), whether they lie on the coast or in the mountains,
# the rivers that cross them and the provincial roads (ĐT) that serve them.
DISTRICTS = {
    "tam_ky": (
        ["An Mỹ", "An Xuân", "Trường Xuân", "An Phú", "Tam Thanh", "Tam Phú", "Hòa Hương", "Tam Ngọc",
         "Tân Thạnh", "Hòa Thuận", "Tam Thăng"],
        "coast", ["Tam Kỳ", "Bàn Thạch"], ["ĐT615", "ĐT616"], 8,
    ),
    "hoi_an": (
        ["Minh An", "Cẩm Phô", "Sơn Phong", "Cẩm Nam", "Cẩm Kim", "Cẩm Châu", "Cửa Đại", "Cẩm Thanh",
         "Thanh Hà", "Tân An", "Cẩm An", "Cẩm Hà"],
        "coast", ["Thu Bồn", "Cổ Cò"], ["ĐT607", "ĐT608"], 7,
    ),
    "tay_giang": (
        ["Bhalêê", "Avương", "Atiêng", "Dang", "Anông", "Lăng", "Gari", "Axan"],
        "mountain", ["A Vương"], ["ĐT606"], 6,
    ),
    "dong_giang": (
        ["Tư", "Ba", "A Ting", "Jơ Ngây", "Sông Kôn", "Prao", "Tà Lu", "A Rooi", "Za Hung", "Kà Dăng",
         "Mà Cooih"],
        "mountain", ["Bung", "A Vương"], ["ĐT604", "ĐT609"], 7,
    ),
    "dai_loc": (
        ["Ái Nghĩa", "Đại Hiệp", "Đại Hòa", "Đại An", "Đại Nghĩa", "Đại Đồng", "Đại Hồng", "Đại Quang",
         "Đại Lãnh", "Đại Hưng", "Đại Sơn", "Đại Phong", "Đại Minh", "Đại Cường", "Đại Tân", "Đại Thắng",
         "Đại Chánh", "Đại Thạnh"],
        "plain", ["Vu Gia", "Thu Bồn", "Yên"], ["ĐT609", "ĐT609B"], 10,
    ),
    "dien_ban": (
        ["Vĩnh Điện", "Điện An", "Điện Dương", "Điện Ngọc", "Điện Nam Bắc", "Điện Nam Trung",
         "Điện Nam Đông", "Điện Hòa", "Điện Tiến", "Điện Hồng", "Điện Thọ", "Điện Phước", "Điện Phong",
         "Điện Trung", "Điện Quang"],
        "coast", ["Vu Gia", "Thu Bồn", "Vĩnh Điện"], ["ĐT603", "ĐT603B", "ĐT608"], 10,
    ),
    "duy_xuyen": (
        ["Duy Thành", "Duy Hải", "Duy Nghĩa", "Nam Phước", "Duy Phước", "Duy Vinh", "Duy Trung", "Duy Sơn",
         "Duy Trinh", "Duy Châu", "Duy Hòa", "Duy Phú", "Duy Tân"],
        "coast", ["Thu Bồn", "Bà Rén"], ["ĐT610", "ĐT609C"], 9,
    ),
    "que_son": (
        ["Quế Mỹ", "Quế Hiệp", "Quế Thuận", "Quế Châu", "Đông Phú", "Quế Minh", "Quế An", "Quế Long",
         "Quế Phong", "Hương An", "Quế Xuân 1", "Quế Xuân 2", "Quế Phú"],
        "plain", ["Ly Ly", "Bà Rén"], ["ĐT611", "ĐT613"], 8,
    ),
    "nam_giang": (
        ["Thạnh Mỹ", "Cà Dy", "Tà Bhing", "Tà Pơơ", "Zuôih", "Chà Vàl", "Đắc Pre", "Đắc Pring", "Đắc Tôi",
         "La Dêê", "Chơ Chun", "La Êê"],
        "mountain", ["Cái", "Bung"], ["ĐT610B"], 7,
    ),
    "phuoc_son": (
        ["Khâm Đức", "Phước Xuân", "Phước Đức", "Phước Mỹ", "Phước Năng", "Phước Công", "Phước Chánh",
         "Phước Lộc", "Phước Kim", "Phước Thành", "Phước Hòa", "Phước Hiệp"],
        "mountain", ["Đăk Mi"], ["ĐT611B"], 6,
    ),
    "hiep_duc": (
        ["Tân Bình", "Quế Tân", "Quế Lưu", "Thăng Phước", "Bình Sơn", "Quế Thọ", "Bình Lâm", "Sông Trà",
         "Phước Gia", "Phước Trà"],
        "mountain", ["Tranh"], ["ĐT611", "ĐT614"], 7,
    ),
    "thang_binh": (
        ["Hà Lam", "Bình Nguyên", "Bình Quý", "Bình Phục", "Bình Triều", "Bình Giang", "Bình Đào",
         "Bình Minh", "Bình Dương", "Bình Nam", "Bình Hải", "Bình Sa", "Bình An", "Bình Trung", "Bình Tú",
         "Bình Phú", "Bình Quế", "Bình Lãnh", "Bình Trị", "Bình Định"],
        "coast", ["Trường Giang", "Ly Ly"], ["ĐT613", "ĐT614"], 10,
    ),
    "tien_phuoc": (
        ["Tiên Lãnh", "Tiên Ngọc", "Tiên Hiệp", "Tiên Kỳ", "Tiên Mỹ", "Tiên Phong", "Tiên Thọ", "Tiên Lập",
         "Tiên Lộc", "Tiên An", "Tiên Cảnh", "Tiên Sơn", "Tiên Hà", "Tiên Châu"],
        "mountain", ["Tiên", "Tranh"], ["ĐT614", "ĐT616"], 8,
    ),
    "bac_tra_my": (
        ["Trà Đông", "Trà Nú", "Trà Kót", "Trà Ka", "Trà Giáp", "Trà Giác", "Trà Tân", "Trà Bui", "Trà Đốc",
         "Trà My", "Trà Sơn", "Trà Giang", "Trà Dương"],
        "mountain", ["Tranh"], ["ĐT616"], 7,
    ),
    "nam_tra_my": (
        ["Trà Mai", "Trà Don", "Trà Cang", "Trà Tập", "Trà Vinh", "Trà Vân", "Trà Nam", "Trà Linh", "Trà Dơn",
         "Trà Leng"],
        "mountain", ["Tranh"], ["ĐT616"], 7,
    ),
    "nui_thanh": (
        ["Núi Thành", "Tam Quang", "Tam Nghĩa", "Tam Hiệp", "Tam Giang", "Tam Mỹ Đông", "Tam Mỹ Tây",
         "Tam Trà", "Tam Hòa", "Tam Anh Bắc", "Tam Anh Nam", "Tam Sơn", "Tam Thạnh", "Tam Xuân I",
         "Tam Xuân II", "Tam Tiến", "Tam Hải"],
        "coast", ["Trường Giang", "Tam Kỳ"], ["ĐT617", "ĐT620"], 9,
    ),
    "phu_ninh": (
        ["Tam An", "Tam Thành", "Tam Phước", "Tam Lộc", "Phú Thịnh", "Tam Đàn", "Tam Thái", "Tam Dân",
         "Tam Đại", "Tam Lãnh"],
        "plain", ["Tam Kỳ", "Bàn Thạch"], ["ĐT615"], 7,
    ),
    "nong_son": (
        ["Trung Phước", "Quế Lộc", "Quế Lâm", "Phước Ninh", "Ninh Phước"],
        "mountain", ["Thu Bồn"], ["ĐT611"], 6,
    ),
}  # fmt: skip

# The wards and the district towns (thị trấn) among the places above; the others are communes (xã).
WARDS = {
    "An Mỹ", "An Xuân", "Trường Xuân", "An Phú", "Hòa Hương", "Tân Thạnh", "Hòa Thuận",
    "Minh An", "Cẩm Phô", "Sơn Phong", "Cẩm Nam", "Cẩm Châu", "Cửa Đại", "Thanh Hà", "Tân An", "Cẩm An",
    "Vĩnh Điện", "Điện An", "Điện Dương", "Điện Ngọc", "Điện Nam Bắc", "Điện Nam Trung", "Điện Nam Đông",
}  # fmt: skip
TOWNS = {
    "Prao", "Ái Nghĩa", "Nam Phước", "Đông Phú", "Hương An", "Thạnh Mỹ", "Khâm Đức", "Tân Bình", "Hà Lam",
    "Tiên Kỳ", "Trà My", "Núi Thành", "Phú Thịnh", "Trung Phước",
}  # fmt: skip


def place_of(name: str) -> tuple[str, str]:
    """How a project's name calls a ward, a town or a commune, in Vietnamese and in English
    ("phường An Mỹ", "An My Ward")."""
    if name in WARDS:
        return f"phường {name}", f"{plain(name)} Ward"
    if name in TOWNS:
        return f"thị trấn {name}", f"{plain(name)} Town"
    return f"xã {name}", f"{plain(name)} Commune"


# The demo's own communes and wards (`data.UNITS` keys), the locality of a project placed there.
DEMO_COMMUNES = {
    "Minh An": "minh_an",
    "Cẩm Phô": "cam_pho",
    "Cẩm Thanh": "cam_thanh",
    "Ái Nghĩa": "ai_nghia",
    "Đại Hiệp": "dai_hiep",
    "Đại Quang": "dai_quang",
    "An Mỹ": "an_my",
    "Tân Thạnh": "tan_thanh",
    "Tam Phú": "tam_phu",
}

# Where the city's new 2026 projects lie: its new wards and communes (`dn:` keys of the demo's units).
CITY_PLACES = [
    "Hải Châu", "Thanh Khê", "Sơn Trà", "Ngũ Hành Sơn", "Liên Chiểu", "Cẩm Lệ", "Hòa Xuân", "Hòa Vang",
    "Bà Nà", "Hội An", "Tam Kỳ", "Điện Bàn", "Đại Lộc", "Núi Thành", "Thăng Bình", "Duy Xuyên",
]  # fmt: skip


def plain(text: str) -> str:
    """A Vietnamese name in English writing, without its diacritics ("Đại Lộc" → "Dai Loc")."""
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


# -- the projects -----------------------------------------------------------------------------------------

# What a project is, by who invests: (sector, where, Vietnamese name, English name, kind of size). Names
# take {commune}, {commune2}, {district} (short name), {river}, {road}. `where` says which districts
# fit: any, coast, mountain, plain (not mountain), river.
T = Sector
DISTRICT_WORKS = [
    (T.TRANSPORT, "any", "Đường giao thông nối {commune} – {commune2}",
     "Road linking {commune} and {commune2}", "small"),
    (T.TRANSPORT, "any", "Bê tông hóa đường giao thông {place}",
     "Concrete roads of {place}", "small"),
    (T.TRANSPORT, "river", "Cầu {commune} qua sông {river}", "{commune} bridge over the {river} river",
     "medium"),
    (T.EDUCATION, "any", "Khối phòng học Trường Tiểu học {commune}",
     "Classroom block of {commune} primary school", "small"),
    (T.EDUCATION, "any", "Trường Trung học cơ sở {commune}: nhà học bộ môn",
     "{commune} lower secondary school: subject rooms", "small"),
    (T.EDUCATION, "any", "Trường Mẫu giáo {commune}: điểm trường chính",
     "{commune} kindergarten: main site", "small"),
    (T.HEALTH, "any", "Nâng cấp Trạm Y tế {place}", "Upgrading the health station of {place}",
     "small"),
    (T.CULTURE, "any", "Nhà văn hóa – khu thể thao {place}",
     "Cultural house and sports ground of {place}", "small"),
    (T.IRRIGATION, "plain", "Kiên cố hóa kênh mương nội đồng {place}",
     "Lining the field canals of {place}", "small"),
    (T.IRRIGATION, "river", "Kè chống sạt lở bờ sông {river} đoạn qua {place}",
     "Embankment against erosion of the {river} river at {commune}", "medium"),
    (T.URBAN, "any", "Hạ tầng kỹ thuật khu dân cư {commune}",
     "Infrastructure of the {commune} residential area", "medium"),
    (T.ADMINISTRATION, "any", "Trụ sở làm việc Đảng ủy – HĐND – UBND {place}",
     "Offices of the Party Committee, Council and People's Committee of {place}", "small"),
    (T.ENVIRONMENT, "any", "Bãi xử lý chất thải rắn {district}", "Solid waste site of {district}", "medium"),
    (T.IRRIGATION, "mountain", "Bố trí dân cư vùng sạt lở {place}",
     "Resettling households from the landslide zone of {commune}", "small"),
]  # fmt: skip

PROVINCE_WORKS = {
    "board_transport": [
        (T.TRANSPORT, "any", "Nâng cấp, mở rộng đường {road} đoạn {commune} – {commune2}",
         "Upgrading and widening road {road}, {commune} – {commune2} section", "large"),
        (T.TRANSPORT, "river", "Cầu {commune} trên đường {road}", "{commune} bridge on road {road}", "large"),
        (T.TRANSPORT, "plain", "Đường cứu hộ, cứu nạn và phát triển kinh tế vùng lũ {district}",
         "Flood rescue and development road of {district}", "large"),
        (T.TRANSPORT, "coast", "Đường ven biển Võ Chí Công đoạn qua {place}",
         "Vo Chi Cong coastal road through {commune}", "large"),
        (T.TRANSPORT, "mountain", "Đường đến trung tâm {place}, {district}",
         "Road to the centre of {place}, {district}", "large"),
    ],
    "board_civil": [
        (T.HEALTH, "any", "Trung tâm Y tế {district}: khối điều trị nội trú",
         "{district} health centre: in-patient block", "large"),
        (T.EDUCATION, "any", "Trường Trung học phổ thông tại {place}: khối phòng học",
         "Upper secondary school at {commune}: classroom block", "large"),
        (T.ADMINISTRATION, "any", "Trụ sở làm việc các cơ quan cấp huyện {district}",
         "Offices of the district agencies of {district}", "large"),
        (T.CULTURE, "any", "Trung tâm Văn hóa – Thể thao {district}", "{district} culture and sports centre",
         "large"),
        (T.URBAN, "plain", "Chỉnh trang đô thị trung tâm {district}", "Renewal of the centre of {district}",
         "large"),
    ],
    "board_agriculture": [
        (T.IRRIGATION, "river", "Kè chống sạt lở bờ sông {river} đoạn {commune} – {commune2}",
         "Embankment of the {river} river at {commune} – {commune2}", "large"),
        (T.IRRIGATION, "coast", "Kè chống xói lở bờ biển {commune}", "Sea wall against erosion at {commune}",
         "large"),
        (T.IRRIGATION, "any", "Sửa chữa, nâng cao an toàn đập hồ chứa nước {commune}",
         "Repair and safety of the {commune} reservoir dam", "large"),
        (T.IRRIGATION, "plain", "Kiên cố hóa kênh chính hệ thống thủy lợi Phú Ninh đoạn qua {district}",
         "Lining the main canal of the Phu Ninh irrigation system in {district}", "large"),
        (T.IRRIGATION, "mountain", "Khu tái định cư tập trung vùng thiên tai {place}",
         "Resettlement area for the disaster zone of {commune}", "large"),
    ],
    "education": [
        (T.EDUCATION, "any", "Mua sắm thiết bị dạy học tối thiểu cho các trường {district}",
         "Minimum teaching equipment for the schools of {district}", "medium"),
    ],
    "health": [
        (T.HEALTH, "any", "Trang thiết bị y tế Trung tâm Y tế {district}",
         "Medical equipment of the {district} health centre", "medium"),
    ],
    "culture": [
        (T.CULTURE, "any", "Tu bổ, tôn tạo di tích lịch sử cấp tỉnh tại {place}",
         "Restoring the provincial heritage site at {commune}", "medium"),
    ],
    "agriculture": [
        (T.IRRIGATION, "coast", "Trồng rừng phòng hộ ven biển {district}",
         "Coastal protection forest of {district}", "medium"),
        (T.IRRIGATION, "mountain", "Hạ tầng vùng trồng dược liệu {place}",
         "Infrastructure for medicinal plant growing at {commune}", "medium"),
    ],
    "transport": [
        (T.TRANSPORT, "any", "Sửa chữa định kỳ đường {road} đoạn qua {district}",
         "Periodic repair of road {road} in {district}", "medium"),
    ],
    "environment": [
        (T.ENVIRONMENT, "any", "Đo đạc, lập cơ sở dữ liệu địa chính {district}",
         "Cadastral survey and database of {district}", "medium"),
    ],
    "labour": [
        (T.OTHER, "any", "Cơ sở bảo trợ xã hội tại {place}", "Social protection centre at {place}",
         "medium"),
    ],
    "construction": [
        (T.URBAN, "plain", "Hệ thống thoát nước đô thị {district}", "Urban drainage of {district}", "medium"),
    ],
    "chu_lai": [
        (T.TRANSPORT, "coast", "Đường trục Khu kinh tế mở Chu Lai đoạn qua {place}",
         "Trunk road of the Chu Lai open economic zone at {commune}", "large"),
        (T.URBAN, "coast", "Hạ tầng khu tái định cư {commune} phục vụ Khu kinh tế mở Chu Lai",
         "Resettlement area at {commune} for the Chu Lai open economic zone", "large"),
    ],
    "land_fund": [
        (T.URBAN, "any", "Bồi thường, giải phóng mặt bằng khu đô thị mới {place}",
         "Compensation and site clearance of the new urban area at {commune}", "medium"),
        (T.URBAN, "any", "Khu tái định cư {commune}", "{commune} resettlement area", "medium"),
    ],
}  # fmt: skip


# The city's new projects of 2026: (investor key, or "commune" for the People's Committee of the place,
# sector, kind of size, Vietnamese name, English name), placed in the city's new wards and communes.
CITY_WORKS = [
    ("dn_construction", T.TRANSPORT, "large", "Nâng cấp, mở rộng đường nối {place} với trung tâm thành phố",
     "Upgrading the road from {place} to the city centre"),
    ("dn_construction", T.URBAN, "large", "Hệ thống thoát nước và xử lý nước thải {place}",
     "Drainage and waste-water treatment of {place}"),
    ("board_agriculture", T.IRRIGATION, "large", "Kè chống sạt lở bờ sông qua {place}",
     "River embankment against erosion at {place}"),
    ("board_civil", T.ADMINISTRATION, "medium", "Trụ sở làm việc Đảng ủy – HĐND – UBND {place}",
     "Offices of the Party Committee, Council and People's Committee of {place}"),
    ("board_transport", T.TRANSPORT, "large", "Đường liên kết vùng từ {place} đến Quốc lộ 14B",
     "Regional link road from {place} to National Road 14B"),
    ("commune", T.EDUCATION, "small", "Trường Tiểu học {place}: khối phòng học mới",
     "{place} primary school: new classroom block"),
    ("commune", T.HEALTH, "small", "Cải tạo, nâng cấp Trạm Y tế {place}",
     "Renovating the {place} health station"),
    ("commune", T.TRANSPORT, "small", "Chỉnh trang các tuyến đường kiệt, hẻm {place}",
     "Paving the lanes of {place}"),
]  # fmt: skip
CITY_PROJECTS = 24

# How many projects each province-level investor carries in the 2024 plan, and where the Chu Lai
# authority works.
PROVINCE_COUNTS = {
    "board_transport": 34,
    "board_civil": 30,
    "board_agriculture": 30,
    "education": 8,
    "health": 8,
    "culture": 6,
    "agriculture": 6,
    "transport": 5,
    "environment": 4,
    "labour": 3,
    "construction": 3,
    "chu_lai": 8,
    "land_fund": 8,
}
CHU_LAI_DISTRICTS = ["nui_thanh", "tam_ky", "thang_binh"]
NEW_IN_2025 = 30

# A project's plan of a year by its size, in millions of VND (from, to); five large projects are group A.
SIZES = {"small": (1_500, 9_000), "medium": (6_000, 25_000), "large": (15_000, 60_000)}
GROUP_A_SIZE = (120_000, 250_000)
# The city's new projects are larger: the merged city funds them from both provinces' budgets.
CITY_SIZES = {"small": (3_000, 15_000), "medium": (15_000, 50_000), "large": (60_000, 180_000)}
PROVINCE_LEVEL = {"board_transport", "board_civil", "board_agriculture", "chu_lai", "land_fund"}

S = CapitalSource


@dataclass
class Project:
    """A simulated project before it is registered: who, where, what, and its plan of each year by
    source (whole VND)."""

    code: str
    name: str
    name_en: str
    sector: str
    size: str
    investor: str  # a key of demo.units
    locality: str  # a key of demo.units
    district: str  # the `DISTRICTS` key it lies in ("" for the city's new projects)
    commune: str
    place: str  # the commune as a name calls it: "xã Đại Hiệp", "phường An Mỹ"
    location: str
    group: str
    start_year: int
    end_year: int
    approval: str = ""
    plans: dict[int, dict[str, Decimal]] = field(default_factory=dict)
    funding: dict[str, Decimal] = field(default_factory=dict)
    # How its disbursement goes, by year: "fast", "steady", "slow", "stalled"; and what holds it back.
    pace: dict[int, str] = field(default_factory=dict)
    obstacle: dict[int, str] = field(default_factory=dict)


def fits(where: str, district: str) -> bool:
    _communes, terrain, rivers, _roads, _count = DISTRICTS[district]
    return {
        "any": True,
        "coast": terrain == "coast",
        "mountain": terrain == "mountain",
        "plain": terrain != "mountain",
        "river": bool(rivers),
    }[where]


def millions(rng: random.Random, low: int, high: int) -> Decimal:
    """A random amount from `low` to `high` millions of VND, in whole hundreds of millions."""
    return Decimal(rng.randrange(low // 100, high // 100 + 1) * 100) * MILLION


def short_name(unit_name: str) -> str:
    """How a project's name calls a district or a commune-level unit: "huyện Đại Lộc", "thị xã Điện
    Bàn", "thành phố Tam Kỳ", "phường Hải Châu"."""
    return unit_name[0].lower() + unit_name[1:]


def english_place(unit_name: str) -> str:
    """ "Huyện Đại Lộc" → "Dai Loc District", "Phường Hải Châu" → "Hai Chau Ward"."""
    kinds = {"Huyện": "District", "Thị xã": "Town", "Thành phố": "City", "Phường": "Ward", "Xã": "Commune"}
    for prefix, kind in kinds.items():
        if unit_name.startswith(prefix + " "):
            return f"{plain(unit_name.removeprefix(prefix + ' '))} {kind}"
    return plain(unit_name)


class ProjectCatalogue:
    """The demo's projects, the same every time: a seeded generator over the templates above, given the
    names of the districts (`{key: "Huyện Đại Lộc"}`)."""

    def __init__(self, district_names: dict[str, str]):
        self.rng = random.Random(2024)
        self.district_names = district_names
        self.names: set[str] = set()
        self.projects: list[Project] = []

    def add(self, template, district: str, investor: str, *, first_year: int) -> Project | None:
        sector, _where, vi, en, size = template
        communes, _terrain, rivers, roads, _count = DISTRICTS[district]
        rng = self.rng
        for _attempt in range(12):
            commune, commune2 = rng.sample(communes, 2)
            words = {
                "commune": commune,
                "commune2": commune2,
                "district": short_name(self.district_names[district]),
                "river": rng.choice(rivers),
                "road": rng.choice(roads),
                "place": place_of(commune)[0],
            }
            name = vi.format(**words)
            if name not in self.names:
                break
        else:
            return None
        self.names.add(name)
        english = {key: plain(value) for key, value in words.items()}
        english["district"] = english_place(self.district_names[district])
        english["place"] = place_of(commune)[1]
        name_en = en.format(**english)
        if first_year == 2024:
            start = 2024 - rng.choice([0, 1, 1, 2, 3] if size == "large" else [0, 0, 1, 1, 2])
        else:
            start = first_year
        length = rng.choice([2, 3, 3, 4]) if size == "large" else rng.choice([1, 2, 2, 3])
        group = (
            ProjectGroup.B if size == "large" or (size == "medium" and rng.random() < 0.5) else ProjectGroup.C
        )
        project = Project(
            code=f"QNA-{len(self.projects) + 1:03d}",
            name=name,
            name_en=name_en[0].upper() + name_en[1:],
            sector=sector,
            size=size,
            investor=investor,
            locality=DEMO_COMMUNES.get(commune, district),
            district=district,
            commune=commune,
            place=words["place"],
            location=f"{words['place']}, {short_name(self.district_names[district])}",
            group=group,
            start_year=max(2021, start),
            end_year=max(first_year, start + length - 1),
        )
        self.projects.append(project)
        return project

    def province_project(self, investor: str, number: int, *, first_year: int) -> Project | None:
        templates = PROVINCE_WORKS[investor]
        template = templates[number % len(templates)]
        places = CHU_LAI_DISTRICTS if investor == "chu_lai" else list(DISTRICTS)
        fitting = [district for district in places if fits(template[1], district)]
        return self.add(template, self.rng.choice(fitting), investor, first_year=first_year)

    def build(self) -> list[Project]:
        """The projects of the 2024 plan, then those that start in 2025."""
        for district, (_communes, _terrain, _rivers, _roads, count) in DISTRICTS.items():
            templates = [template for template in DISTRICT_WORKS if fits(template[1], district)]
            for number in range(count):
                template = templates[(number * 5 + len(district)) % len(templates)]
                self.add(template, district, district, first_year=2024)
        for investor, count in PROVINCE_COUNTS.items():
            made = number = 0
            while made < count:
                made += self.province_project(investor, number, first_year=2024) is not None
                number += 1
        self.make_group_a()
        investors = list(DISTRICTS) + list(PROVINCE_COUNTS)
        made = number = 0
        while made < NEW_IN_2025:
            investor = investors[(number * 7) % len(investors)]
            if investor in DISTRICTS:
                templates = [template for template in DISTRICT_WORKS if fits(template[1], investor)]
                found = self.add(self.rng.choice(templates), investor, investor, first_year=2025)
            else:
                found = self.province_project(investor, number, first_year=2025)
            made += found is not None
            number += 1
        for project in self.projects:
            project.approval = self.approval(project)
        return self.projects

    def make_group_a(self) -> None:
        """Five of the large projects of the boards and the Chu Lai authority are group A, over five years."""
        large = [
            project
            for project in self.projects
            if project.investor in ("board_transport", "board_agriculture", "chu_lai")
            and project.size == "large"
        ]
        for project in self.rng.sample(large, 5):
            project.group = ProjectGroup.A
            project.start_year = 2022
            project.end_year = 2026

    def approval(self, project: Project) -> str:
        """The decision that approved the investment (illustrative numbers)."""
        day = date(project.start_year - 1, self.rng.randint(6, 11), self.rng.randint(1, 28))
        return f"Quyết định số {self.rng.randint(1200, 3400)}/QĐ-UBND ngày {day:%d/%m/%Y}"


def city_projects(units: dict, first: int) -> list[Project]:
    """The city's new projects of its 2026 plan, in its new wards and communes (`units`: the demo's)."""
    rng = random.Random(2026)
    projects = []
    for number in range(CITY_PROJECTS):
        investor, sector, size, vi, en = CITY_WORKS[number % len(CITY_WORKS)]
        place = CITY_PLACES[(number * 5) % len(CITY_PLACES)]
        unit_name = units[f"dn:{place}"].name
        name = vi.format(place=short_name(unit_name))
        projects.append(
            Project(
                code=f"DNG-{first + number:03d}",
                name=name,
                name_en=en.format(place=english_place(unit_name)),
                sector=sector,
                size=size,
                investor=f"dn:{place}" if investor == "commune" else investor,
                locality=f"dn:{place}",
                district="",
                commune=place,
                place=short_name(unit_name),
                location=f"{short_name(unit_name)}, thành phố Đà Nẵng",
                group=ProjectGroup.B if size == "large" else ProjectGroup.C,
                start_year=2026,
                end_year=2026 + (rng.choice([1, 2]) if size == "large" else rng.choice([0, 1])),
                approval=f"Quyết định số {rng.randint(3000, 3900)}/QĐ-UBND ngày "
                f"{date(2025, rng.randint(9, 11), rng.randint(1, 28)):%d/%m/%Y}",
            )
        )
    return projects


# -- plans ------------------------------------------------------------------------------------------------


def sources_of(project: Project, rng: random.Random) -> dict[str, Decimal]:
    """How a year's plan of the project is shared among capital sources (shares that sum to 1)."""
    if project.group == ProjectGroup.A:
        return {S.CENTRAL: Decimal("0.7"), S.LOCAL: Decimal("0.3")}
    if "an toàn đập" in project.name:
        return {S.FOREIGN: Decimal("0.8"), S.LOCAL: Decimal("0.2")}
    if project.investor in PROVINCE_LEVEL or project.investor.startswith("dn_"):
        main = S.CENTRAL if rng.random() < 0.55 else S.LOCAL
        if project.investor in ("chu_lai", "land_fund") or rng.random() < 0.2:
            return (
                {main: Decimal("0.7"), S.LAND_USE: Decimal("0.3")}
                if main != S.LOCAL
                else {
                    S.LOCAL: Decimal("0.6"),
                    S.LAND_USE: Decimal("0.4"),
                }
            )
        return {main: Decimal(1)}
    if project.sector in (Sector.EDUCATION, Sector.HEALTH):
        return {S.LOTTERY: Decimal("0.6"), S.LOCAL: Decimal("0.4")}
    if project.district and DISTRICTS[project.district][1] == "mountain" and rng.random() < 0.5:
        return {S.CENTRAL: Decimal("0.8"), S.LOCAL: Decimal("0.2")}
    return {S.LAND_USE: Decimal(1)} if rng.random() < 0.4 else {S.LOCAL: Decimal(1)}


def split_in_millions(total: Decimal, shares: dict[str, Decimal]) -> dict[str, Decimal]:
    """`total` shared by `shares`, each part a whole number of millions, the rest to the first source."""
    parts = {
        source: (total * share / MILLION).to_integral_value() * MILLION for source, share in shares.items()
    }
    first = next(iter(shares))
    parts[first] += total - sum(parts.values())
    return {source: amount for source, amount in parts.items() if amount > 0}


def assign_plans(projects: list[Project], years=(2024, 2025, 2026)) -> None:
    """Each project's plan of each year it runs in (of the demo's three), by source, and its approved
    total investment: what the three plans give, grown to cover the years outside them."""
    rng = random.Random(7)
    for project in projects:
        shares = sources_of(project, rng)
        sizes = CITY_SIZES if project.code.startswith("DNG") else SIZES
        low, high = GROUP_A_SIZE if project.group == ProjectGroup.A else sizes[project.size]
        base = millions(rng, low, high)
        for year in years:
            if project.start_year <= year <= project.end_year:
                amount = (base * Decimal(rng.randint(70, 130)) / 100 / (100 * MILLION)).to_integral_value()
                project.plans[year] = split_in_millions(max(amount, Decimal(1)) * 100 * MILLION, shares)
        outside = len([y for y in range(project.start_year, project.end_year + 1) if y not in years])
        for source in shares:
            planned = sum(plan.get(source, Decimal(0)) for plan in project.plans.values())
            grown = planned * (1 + Decimal(outside) * Decimal("0.8")) * Decimal("1.15")
            project.funding[source] = (
                (grown / (100 * MILLION)).to_integral_value(ROUND_HALF_UP) * 100 * MILLION
            )


def assign_paces(projects: list[Project], year: int, shares: dict[str, int | Decimal], rng) -> None:
    """Share the projects of a year's plan among paces (`shares`: how many, or what share of them, are
    fast, slow and stalled; the others are steady), and pick what holds each slow one back."""
    funded = [project for project in projects if year in project.plans]
    rng.shuffle(funded)
    paces = []
    for pace, share in shares.items():
        count = share if isinstance(share, int) else int(share * len(funded))
        paces += [pace] * count
    paces += ["steady"] * (len(funded) - len(paces))
    obstacles = [
        ObstacleCategory.SITE_CLEARANCE,
        ObstacleCategory.SITE_CLEARANCE,
        ObstacleCategory.SITE_CLEARANCE,
        ObstacleCategory.LAND_PRICES,
        ObstacleCategory.LAND_PRICES,
        ObstacleCategory.MATERIALS,
        ObstacleCategory.PROCEDURES,
        ObstacleCategory.CONTRACTOR,
        ObstacleCategory.CAPITAL_ALLOCATION,
    ]
    for project, pace in zip(funded, paces, strict=True):
        project.pace[year] = pace
        if pace in ("slow", "stalled"):
            project.obstacle[year] = rng.choice(obstacles)
        elif pace == "steady" and rng.random() < 0.25:
            project.obstacle[year] = ObstacleCategory.MATERIALS


# -- the decisions of each plan ----------------------------------------------------------------------------

DISBURSEMENT_REGIME = "Báo cáo tình hình giải ngân vốn đầu tư công hằng tháng"
DISBURSEMENT_KIND = "disbursement"  # contributed to the reporting regimes by `contributions`

PLAN_TITLES = {
    2024: "Kế hoạch đầu tư công năm 2024 của tỉnh Quảng Nam",
    2025: "Kế hoạch đầu tư công năm 2025 của tỉnh Quảng Nam",
    2026: "Kế hoạch đầu tư công năm 2026 của thành phố Đà Nẵng",
}
# Who assigns each plan (a key of demo.units): Quảng Nam's 2025 plan passes to the city on 1 July 2025.
PLAN_ISSUERS = {2024: "province", 2025: "province", 2026: "danang"}
PROVINCE_TARGETS = "UBND tỉnh Quảng Nam"
CITY_TARGETS = "UBND thành phố Đà Nẵng"
GOVERNMENT_TARGET = "Chính phủ"
MILESTONES = {
    2024: [
        (date(2024, 6, 30), Decimal(40), PROVINCE_TARGETS),
        (date(2024, 9, 30), Decimal(60), PROVINCE_TARGETS),
        (date(2024, 12, 31), Decimal(80), PROVINCE_TARGETS),
        (date(2025, 1, 31), Decimal(95), GOVERNMENT_TARGET),
    ],
    2025: [
        (date(2025, 6, 30), Decimal(45), PROVINCE_TARGETS),
        (date(2025, 9, 30), Decimal(70), CITY_TARGETS),
        (date(2025, 12, 31), Decimal(90), CITY_TARGETS),
        (date(2026, 1, 31), Decimal(100), GOVERNMENT_TARGET),
    ],
    2026: [
        (date(2026, 6, 30), Decimal(45), CITY_TARGETS),
        (date(2026, 9, 30), Decimal(65), CITY_TARGETS),
        (date(2026, 12, 31), Decimal(85), CITY_TARGETS),
        (date(2027, 1, 31), Decimal(100), GOVERNMENT_TARGET),
    ],
}


@dataclass(frozen=True)
class ExtensionRound:
    """The extensions of a year's plan decided in January: how many projects, how many of them approved
    for less than they asked, when they were asked for and decided, by whom, and until when. Before 2025
    the People's Council decided local capital's extensions; from 2025 the People's Committee's chair
    does (Public Investment Law 2024, Art. 72)."""

    year: int
    projects: int
    partly_approved: int
    proposed_on: date
    decision: str
    decided_on: date
    decided_by: str
    until: date
    # Whether projects that finish in the plan's year may carry capital over (in 2024 they did, and paid
    # their last bills by June 2025); later such projects are completed in February and carry nothing.
    finishing_projects: bool = False


EXTENSION_ROUNDS = {
    2024: ExtensionRound(
        2024,
        PROJECTS_EXTENDED_2024,
        8,
        date(2025, 1, 10),
        "05/NQ-HĐND",
        date(2025, 1, 16),
        "Hội đồng nhân dân tỉnh Quảng Nam",
        date(2025, 12, 31),
        finishing_projects=True,
    ),
    2025: ExtensionRound(
        2025,
        12,
        0,
        date(2026, 1, 12),
        "215/QĐ-UBND",
        date(2026, 1, 22),
        "Chủ tịch Ủy ban nhân dân thành phố Đà Nẵng",
        date(2026, 12, 31),
    ),
}


@dataclass
class Decision:
    """A decision on a year's plan, before it is recorded: its entries are (project code, source, VND)."""

    year: int
    kind: str  # "original", "adjustment", "transfer"
    number: str
    decided_on: date
    entries: list[tuple[str, str, Decimal]]
    note: str = ""


class PlanBook:
    """The decisions of one year's plan and what they make of each project's plan on a day (rule 1)."""

    def __init__(self, year: int, decisions: list[Decision]):
        self.year = year
        self.decisions = sorted(decisions, key=lambda decision: decision.decided_on)

    def plan_on(self, code: str, day: date) -> dict[str, Decimal]:
        plan: dict[str, Decimal] = defaultdict(Decimal)
        for decision in self.decisions:
            if decision.decided_on <= day:
                for entry_code, source, amount in decision.entries:
                    if entry_code == code:
                        plan[source] += amount
        return dict(plan)

    def changes_of(self, code: str) -> list[tuple[date, str, Decimal]]:
        return [
            (decision.decided_on, source, amount)
            for decision in self.decisions[1:]
            for entry_code, source, amount in decision.entries
            if entry_code == code
        ]


def original(projects: list[Project], year: int, number: str, decided_on: date) -> Decision:
    entries = [
        (project.code, source, amount)
        for project in projects
        if year in project.plans
        for source, amount in project.plans[year].items()
    ]
    return Decision(year, "original", number, decided_on, entries)


def main_source(project: Project, year: int) -> str:
    plan = project.plans[year]
    return max(plan, key=lambda source: (plan[source], source))


def round_down(amount: Decimal, step: Decimal = 100 * MILLION) -> Decimal:
    return (amount / step).to_integral_value(rounding="ROUND_FLOOR") * step


def moves_between(takers: list[Project], givers: list[Project], year: int, share: Decimal) -> list[tuple]:
    """Entries taking `share` of each giver's main source and adding it, source by source, to the takers
    that have that source (the same total each way)."""
    entries = []
    taken: dict[str, Decimal] = defaultdict(Decimal)
    for giver in givers:
        source = main_source(giver, year)
        amount = round_down(giver.plans[year][source] * share)
        if amount > 0:
            entries.append((giver.code, source, -amount))
            taken[source] += amount
    for source, amount in taken.items():
        receiving = [taker for taker in takers if source in taker.plans[year]] or takers[:1]
        part = round_down(amount / len(receiving))
        for number, taker in enumerate(receiving):
            given = amount - part * (len(receiving) - 1) if number == len(receiving) - 1 else part
            entries.append((taker.code, source, given))
    return entries


def pick(
    projects: list[Project], year: int, paces: set[str], count: int, rng, *, exclude=()
) -> list[Project]:
    candidates = [p for p in projects if p.pace.get(year) in paces and p.code not in exclude]
    return rng.sample(candidates, min(count, len(candidates)))


def plan_decisions(projects: list[Project], year: int, rng: random.Random) -> list[Decision]:
    """The year's decisions: the plan assigned, an adjustment from the stalled projects to the fast
    ones, transfers, and (in 2024) capital added in November, which may run to the end of 2025."""
    if year == 2024:
        decisions = [original(projects, 2024, "3198/QĐ-UBND", date(2023, 12, 8))]
        givers = pick(projects, 2024, {"stalled"}, 12, rng)
        takers = pick(projects, 2024, {"fast"}, 10, rng)
        decisions.append(
            Decision(
                2024,
                "adjustment",
                "1652/QĐ-UBND",
                date(2024, 7, 26),
                moves_between(takers, givers, 2024, Decimal("0.3")),
                "Điều chỉnh kế hoạch vốn từ các dự án chưa đủ điều kiện giải ngân sang các dự án có khối "
                "lượng hoàn thành.",
            )
        )
        used = {p.code for p in givers + takers}
        for number, day in (("2105/QĐ-UBND", date(2024, 9, 20)), ("2378/QĐ-UBND", date(2024, 10, 18))):
            decisions.append(transfer(projects, 2024, number, day, rng, used))
        topped = pick(projects, 2024, {"fast"}, 6, rng, exclude=used)
        decisions.append(
            Decision(
                2024,
                "adjustment",
                "2740/QĐ-UBND",
                date(2024, 11, 29),
                [
                    (p.code, main_source(p, 2024), millions(rng, 2_000, 8_000))
                    for p in sorted(topped, key=lambda p: p.code)
                ],
                "Bổ sung kế hoạch vốn cho các dự án có khối lượng hoàn thành, cần thanh toán trong năm.",
            )
        )
        return decisions
    if year == 2025:
        decisions = [original(projects, 2025, "3312/QĐ-UBND", date(2024, 12, 12))]
        used: set[str] = set()
        decisions.append(transfer(projects, 2025, "1088/QĐ-UBND", date(2025, 5, 22), rng, used))
        givers = pick(projects, 2025, {"stalled"}, 8, rng, exclude=used)
        takers = pick(projects, 2025, {"fast"}, 8, rng, exclude=used)
        decisions.append(
            Decision(
                2025,
                "adjustment",
                "2214/QĐ-UBND",
                date(2025, 9, 26),
                moves_between(takers, givers, 2025, Decimal("0.25")),
                "Điều chỉnh kế hoạch vốn năm 2025 sau sắp xếp đơn vị hành chính, từ các dự án chậm sang các "
                "dự án có khả năng giải ngân.",
            )
        )
        return decisions
    decisions = [original(projects, 2026, "4015/QĐ-UBND", date(2025, 12, 11))]
    decisions.append(transfer(projects, 2026, "1876/QĐ-UBND", date(2026, 7, 24), rng, set()))
    return decisions


def transfer(projects, year: int, number: str, day: date, rng, used: set[str]) -> Decision:
    """Capital moved from a stalled project to a fast one with the same source."""
    givers = pick(projects, year, {"stalled"}, 40, rng, exclude=used)
    takers = pick(projects, year, {"fast"}, 40, rng, exclude=used)
    for giver in givers:
        source = main_source(giver, year)
        taker = next((t for t in takers if source in t.plans[year]), None)
        if taker is not None:
            break
    else:
        raise RuntimeError(f"No two projects of the {year} plan share a source for a transfer.")
    amount = round_down(giver.plans[year][source] * Decimal("0.2"))
    used |= {giver.code, taker.code}
    return Decision(
        year,
        "transfer",
        number,
        day,
        [(giver.code, source, -amount), (taker.code, source, amount)],
        "Điều chuyển vốn từ dự án vướng giải phóng mặt bằng sang dự án có khối lượng hoàn thành cần "
        "thanh toán.",
    )


# -- disbursement ----------------------------------------------------------------------------------------


def split(total: int, weights: dict[str, int], caps: dict[str, int]) -> dict[str, int]:
    """`total` shared among sources in proportion to `weights`, never above `caps` (all in thousands of
    VND): the whole parts first, the rest one by one to the sources with room, largest first."""
    weight = sum(weights.values())
    parts = {source: min(caps[source], total * w // weight) if weight else 0 for source, w in weights.items()}
    rest = total - sum(parts.values())
    order = sorted(weights, key=lambda source: (-weights[source], source))
    while rest > 0:
        moved = False
        for source in order:
            room = caps[source] - parts[source]
            if room > 0 and rest > 0:
                step = min(room, rest)
                parts[source] += step
                rest -= step
                moved = True
        if not moved:
            raise ValueError(f"{total} does not fit under {caps}.")
    return parts


def calibrate(items: list[tuple[Decimal, int, int]], target: int) -> list[int]:
    """Whole amounts (thousands of VND) as close as may be to `raw × k`, each between its `low` and
    `high`, that add up to exactly `target`: the scale `k` found by halving, the rest spread one
    thousand at a time."""
    lows = sum(low for _raw, low, _high in items)
    highs = sum(high for _raw, _low, high in items)
    if not lows <= target <= highs:
        raise ValueError(f"Cannot reach {target} between {lows} and {highs}.")

    def amounts(scale: Decimal) -> list[int]:
        return [max(low, min(high, int(raw * scale))) for raw, low, high in items]

    bottom, top = Decimal(0), Decimal(4)
    while sum(amounts(top)) < target:
        top *= 2
    for _step in range(80):
        middle = (bottom + top) / 2
        if sum(amounts(middle)) <= target:
            bottom = middle
        else:
            top = middle
    result = amounts(bottom)
    rest = target - sum(result)
    while rest:
        for index, (_raw, low, high) in enumerate(items):
            if rest > 0 and result[index] < high:
                result[index] += 1
                rest -= 1
            elif rest < 0 and result[index] > low:
                result[index] -= 1
                rest += 1
    return result


def thousands(amounts: dict[str, Decimal]) -> dict[str, int]:
    return {source: int(amount / THOUSAND) for source, amount in amounts.items()}


def in_vnd(amounts: dict[str, int]) -> dict[str, Decimal]:
    return {source: Decimal(amount) * THOUSAND for source, amount in amounts.items()}


# (ratio of the year's plan disbursed by 31 December from, to) and (by 31 January, from, to) by pace.
RATIOS = {
    "fast": ((Decimal("0.72"), Decimal("0.95")), (Decimal(1), Decimal(1))),
    "steady": ((Decimal("0.50"), Decimal("0.75")), (Decimal(1), Decimal(1))),
    "slow": ((Decimal("0.25"), Decimal("0.55")), (Decimal("0.55"), Decimal("0.95"))),
    "stalled": ((Decimal("0.00"), Decimal("0.25")), (Decimal("0.10"), Decimal("0.50"))),
}
# From 2025, as the Government pressed for the whole plan to be disbursed, most projects keep ahead of
# the schedule; the slow ones still lag.
LATER_RATIOS = {
    "fast": ((Decimal("0.92"), Decimal("1.00")), (Decimal(1), Decimal(1))),
    "steady": ((Decimal("0.75"), Decimal("0.90")), (Decimal(1), Decimal(1))),
    "slow": ((Decimal("0.45"), Decimal("0.70")), (Decimal("0.70"), Decimal("0.95"))),
    "stalled": ((Decimal("0.05"), Decimal("0.30")), (Decimal("0.20"), Decimal("0.60"))),
}
SLOW_PACES = {"slow", "stalled"}
# 2024's paces are counted so that 94 projects have capital to extend and some lapse; later years by share.
PACES_2024 = {"fast": 75, "slow": 88, "stalled": 40}
YEAR_PACES = {"fast": Decimal("0.50"), "slow": Decimal("0.20"), "stalled": Decimal("0.06")}


@dataclass
class YearFigures:
    """What a project disbursed of a year's plan, by source, in thousands of VND: by 31 December and by
    31 January, the plan they are read against, and when its works started in the year (stalled ones
    start late)."""

    plan: dict[str, int]
    december: dict[str, int]
    january: dict[str, int]
    start_month: int = 1


def ratio_between(rng: random.Random, bounds: tuple[Decimal, Decimal]) -> Decimal:
    low, high = bounds
    return low + (high - low) * Decimal(rng.randint(0, 1000)) / 1000


def disbursement(projects: list[Project], book: PlanBook, rng: random.Random, calibrated: bool) -> dict:
    """{project code: YearFigures} of the year. With `calibrated` (2024), the totals are made exact: the
    province's rate on 31 December is `RATE_ON_31_DECEMBER_2024` and on 31 January
    `RATE_ON_31_JANUARY_2025`; the fast and steady projects finish their plan in January."""
    year = book.year
    funded = [project for project in projects if year in project.plans]
    lapse = date(year + 1, 1, 31)
    plans = {p.code: thousands(book.plan_on(p.code, lapse)) for p in funded}
    raw_january, raw_december = {}, {}
    for project in funded:
        december_bounds, january_bounds = (RATIOS if calibrated else LATER_RATIOS)[project.pace[year]]
        january = ratio_between(rng, january_bounds)
        december = min(january, ratio_between(rng, december_bounds))
        raw_january[project.code] = january
        raw_december[project.code] = december
    totals = {code: sum(plan.values()) for code, plan in plans.items()}
    if calibrated:
        whole = sum(totals.values())
        january_target = whole * int(RATE_ON_31_JANUARY_2025 * 10) // 1000
        december_target = whole * int(RATE_ON_31_DECEMBER_2024 * 10) // 1000
        slow = [p.code for p in funded if p.pace[year] in SLOW_PACES]
        finished = whole - sum(totals[code] for code in slow)
        january_slow = calibrate(
            [
                (raw_january[code] * totals[code], totals[code] // 20, totals[code] * 97 // 100)
                for code in slow
            ],
            january_target - finished,
        )
        january_totals = {code: totals[code] for code in totals} | dict(zip(slow, january_slow, strict=True))
        codes = list(totals)
        december_totals = dict(
            zip(
                codes,
                calibrate(
                    [(raw_december[code] * totals[code], 0, january_totals[code]) for code in codes],
                    december_target,
                ),
                strict=True,
            )
        )
    else:
        january_totals = {code: int(raw_january[code] * totals[code]) for code in totals}
        december_totals = {code: int(raw_december[code] * totals[code]) for code in totals}
    figures = {}
    for project in funded:
        code = project.code
        plan = plans[code]
        january = split(january_totals[code], plan, plan)
        december = split(december_totals[code], plan, january)
        start = rng.randint(5, 9) if project.pace[year] == "stalled" else 1
        figures[code] = YearFigures(plan=plan, december=december, january=january, start_month=start)
    return figures


SHAPES = {
    "fast": Decimal("1.0"),
    "steady": Decimal("1.35"),
    "slow": Decimal("1.9"),
    "stalled": Decimal("1.3"),
}


def month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


def monthly_figures(
    project: Project, book: PlanBook, figures: YearFigures
) -> list[tuple[date, dict[str, int]]]:
    """The project's cumulative figures at the end of each month of the year, and on 31 January of the
    next: a curve of its pace to its December figures, never above the plan of its day."""
    year = book.year
    pace = project.pace[year]
    rows = []
    for month in range(1, 13):
        day = month_end(year, month)
        if month < figures.start_month:
            progress = Decimal(0)
        else:
            done = Decimal(month - figures.start_month + 1) / Decimal(12 - figures.start_month + 1)
            progress = done ** SHAPES[pace]
        plan_of_day = thousands(book.plan_on(project.code, day))
        cumulative = {
            source: min(int(amount * progress), plan_of_day.get(source, 0))
            for source, amount in figures.december.items()
        }
        rows.append((day, cumulative))
    rows.append((date(year + 1, 1, 31), dict(figures.january)))
    return rows


# -- obstacles and the words of a report ------------------------------------------------------------------

OBSTACLE_TEXTS = {
    ObstacleCategory.SITE_CLEARANCE: (
        "Còn {households} hộ dân tại {place} chưa nhận tiền bồi thường, "
        "chưa bàn giao mặt bằng cho đơn vị thi công."
    ),
    ObstacleCategory.LAND_PRICES: ("Chưa phê duyệt giá đất cụ thể để tính bồi thường, hỗ trợ tại {place}."),
    ObstacleCategory.MATERIALS: (
        "Thiếu đất đắp nền và cát xây dựng; giá vật liệu tăng so với dự toán được duyệt."
    ),
    ObstacleCategory.PROCEDURES: (
        "Đang trình điều chỉnh chủ trương đầu tư; chưa đủ thủ tục để giải ngân phần vốn còn lại."
    ),
    ObstacleCategory.CONTRACTOR: (
        "Nhà thầu thi công chậm, năng lực tài chính và nhân lực hạn chế; đã có văn bản nhắc nhở lần thứ hai."
    ),
    ObstacleCategory.CAPITAL_ALLOCATION: (
        "Khối lượng hoàn thành chưa đủ hồ sơ thanh toán; vốn giao chưa khớp với tiến độ thực hiện."
    ),
}
# The unit that must remove each kind of obstacle (a key of demo.units; "district" is the district the
# project lies in, "investor" the investor itself), as the province assigned them in 2024.
OBSTACLE_OWNERS = {
    ObstacleCategory.SITE_CLEARANCE: "district",
    ObstacleCategory.LAND_PRICES: "environment",
    ObstacleCategory.MATERIALS: "construction",
    ObstacleCategory.PROCEDURES: "planning",
    ObstacleCategory.CONTRACTOR: "investor",
    ObstacleCategory.CAPITAL_ALLOCATION: "finance",
}
WORK_DONE = {
    Sector.TRANSPORT: "Đang thi công nền, mặt đường và cống thoát nước ngang.",
    Sector.IRRIGATION: "Đang thi công thân kè, gia cố mái và hệ thống tiêu thoát nước.",
    Sector.URBAN: "Đang thi công hạ tầng kỹ thuật: giao thông, cấp thoát nước, chiếu sáng.",
    Sector.ENVIRONMENT: "Đang triển khai các hạng mục theo hợp đồng đã ký.",
}
BUILDING = "Đang thi công phần thân và hoàn thiện công trình."
WAITING_FOR_SITE = "Đang bồi thường, giải phóng mặt bằng; chưa đủ mặt bằng để thi công."


def extension_reason(project: Project, year: int) -> str:
    if project.end_year == year:
        return ExtensionReason.FINISHING
    if project.obstacle.get(year) in (ObstacleCategory.SITE_CLEARANCE, ObstacleCategory.LAND_PRICES):
        return ExtensionReason.SITE_CLEARANCE
    if project.group == ProjectGroup.A:
        return ExtensionReason.NATIONAL_PROJECT
    return ExtensionReason.OTHER


# Why a project asked to extend its capital of a year ({next}: the year after it).
EXTENSION_EXPLANATIONS = {
    ExtensionReason.FINISHING: (
        "Dự án hoàn thành trong năm {next}, không được bố trí vốn năm {next}; "
        "cần kéo dài để thanh toán khối lượng hoàn thành."
    ),
    ExtensionReason.SITE_CLEARANCE: (
        "Vướng bồi thường, giải phóng mặt bằng và xác định giá đất; "
        "cần kéo dài thời gian giải ngân đến hết năm {next}."
    ),
    ExtensionReason.NATIONAL_PROJECT: (
        "Dự án trọng điểm; khối lượng lớn đang thi công cần tiếp tục giải ngân."
    ),
    ExtensionReason.OTHER: "Khối lượng thực hiện đã nghiệm thu chưa kịp thanh toán trước ngày 31/01/{next}.",
}


# The share of reports that reach the desk after the regime's deadline (the 15th of the next month).
LATE_SHARE = 0.08

# The investors that report every month until 2025: the province's project-management boards and the
# Chu Lai authority, which carry most of the capital, and the city's departments. From 2026 the city has
# every investor report every month.
MONTHLY_REPORTERS = {"board_transport", "board_civil", "board_agriculture", "chu_lai"}
EVERYONE_MONTHLY_FROM = 2026


def reports_in(project: Project, year: int, day: date) -> bool:
    """Whether the project reports its figures of `day`: every month for the boards' and the authority's
    projects, and for every project from 2026; before, the departments', the land fund's, the districts'
    and the communes' smaller projects, which pay their contractors in a few instalments, at the end of
    each quarter and on 31 January, the plan's last day. (Fewer reports also keep the demo quicker to
    load: each goes through every rule of the law.)"""
    monthly = project.investor in MONTHLY_REPORTERS or project.investor.startswith("dn_")
    return monthly or year >= EVERYONE_MONTHLY_FROM or day.month in (3, 6, 9, 12) or day.year > year


def carried_shares(project: Project, year: int) -> list[tuple[date, Decimal]]:
    """When a project whose capital of `year` was extended reports on it the next year, and what share
    of the capital carried over it has disbursed by then: a project finishing in 2024 pays its last bills
    by June 2025 and is completed; the others go on and leave some of it to lapse."""
    if year == 2025:
        return [(date(2026, 6, 30), Decimal("0.5")), (date(2026, 9, 30), Decimal("0.8"))]
    if project.end_year == 2024:
        return [(date(2025, 3, 31), Decimal("0.5")), (date(2025, 6, 30), Decimal(1))]
    return [
        (date(2025, 3, 31), Decimal("0.25")),
        (date(2025, 6, 30), Decimal("0.45")),
        (date(2025, 9, 30), Decimal("0.65")),
        (date(2025, 12, 31), Decimal("0.85")),
    ]


@dataclass(order=True)
class Event:
    """One write of the history, on its day; `order` keeps the planned order within a day."""

    day: date
    order: int
    write: object = field(compare=False)


class InvestmentHistory:
    """Builds the demo's public investment through the actions, as the system, up to `today`."""

    def __init__(self, demo, today: date):
        self.demo = demo
        self.today = today
        names = {key: demo.units[key].name for key in DISTRICTS}
        self.projects = ProjectCatalogue(names).build()
        assign_plans(self.projects)
        assign_paces(self.projects, 2024, PACES_2024, random.Random(2024))
        assign_paces(self.projects, 2025, YEAR_PACES, random.Random(2025))
        self.books = {
            2024: PlanBook(2024, plan_decisions(self.projects, 2024, random.Random(24))),
            2025: PlanBook(2025, plan_decisions(self.projects, 2025, random.Random(25))),
        }
        self.figures = {
            2024: disbursement(self.projects, self.books[2024], random.Random(124), calibrated=True),
            2025: disbursement(self.projects, self.books[2025], random.Random(125), calibrated=False),
        }
        if "dn:Hải Châu" in demo.units:
            self.add_city_year()
        self.by_code = {project.code: project for project in self.projects}
        self.extended = {year: self.extensions(EXTENSION_ROUNDS[year]) for year in (2024, 2025)}

    def add_city_year(self) -> None:
        """The city's 2026 plan: the projects still running and its new ones."""
        new = city_projects(self.demo.units, first=1)
        assign_plans(new)
        self.projects += new
        assign_paces(self.projects, 2026, YEAR_PACES, random.Random(2026))
        self.books[2026] = PlanBook(2026, plan_decisions(self.projects, 2026, random.Random(26)))
        self.figures[2026] = disbursement(
            self.projects, self.books[2026], random.Random(126), calibrated=False
        )

    def extensions(self, batch: ExtensionRound) -> dict[str, tuple[Decimal, Decimal]]:
        """{code: (amount asked, amount approved)} of the projects whose capital of the round's year was
        extended: those with the largest balances on 31 January (the smallest lapse)."""
        figures = self.figures[batch.year]
        balances = {
            code: sum(row.plan.values()) - sum(row.january.values())
            for code, row in figures.items()
            if sum(row.plan.values()) > sum(row.january.values())
            and (batch.finishing_projects or self.by_code[code].end_year != batch.year)
        }
        chosen = sorted(balances, key=lambda code: (-balances[code], code))[: batch.projects]
        if len(chosen) < batch.projects:
            raise RuntimeError(
                f"Only {len(chosen)} projects of the {batch.year} plan have capital to extend."
            )
        extended = {}
        for number, code in enumerate(sorted(chosen)):
            asked = (Decimal(balances[code]) * THOUSAND / MILLION).to_integral_value(
                "ROUND_CEILING"
            ) * MILLION
            approved = asked
            if batch.partly_approved and number % (batch.projects // batch.partly_approved) == 0:
                approved = round_down(asked * Decimal("0.6"), MILLION)
            extended[code] = (asked, approved)
        return extended

    # -- what each event writes ------------------------------------------------------------------------

    def events(self) -> list[Event]:
        events = []
        for year, book in self.books.items():
            for decision in book.decisions:
                events.append(Event(decision.decided_on, 0, lambda d=decision: self.decide(d)))
            for code, figures in self.figures[year].items():
                project = self.by_code[code]
                for day, amounts in monthly_figures(project, book, figures):
                    if not reports_in(project, year, day):
                        continue
                    events.append(
                        Event(day, 1, lambda p=project, y=year, d=day, a=amounts: self.report(p, y, d, a))
                    )
        for year, extended in self.extended.items():
            batch = EXTENSION_ROUNDS[year]
            for code, (asked, approved) in extended.items():
                project = self.by_code[code]
                events.append(
                    Event(batch.proposed_on, 0, lambda p=project, y=year, a=asked: self.propose(p, y, a))
                )
                events.append(
                    Event(batch.decided_on, 0, lambda p=project, r=batch, a=approved: self.extend(p, r, a))
                )
                for day, share in carried_shares(project, year):
                    events.append(
                        Event(
                            day, 1, lambda p=project, y=year, d=day, s=share: self.report_carried(p, y, d, s)
                        )
                    )
        for project in self.projects:
            if project.end_year == 2024:
                day = date(2025, 6, 30) if project.code in self.extended[2024] else date(2025, 2, 20)
                events.append(Event(day, 2, lambda p=project: self.complete(p)))
            elif project.end_year == 2025:
                events.append(Event(date(2026, 2, 20), 2, lambda p=project: self.complete(p)))
        return sorted(events)

    # -- the writes ------------------------------------------------------------------------------------

    def unit(self, key: str) -> OrgUnit:
        if key not in self.units:
            self.units[key] = current(self.demo.units[key])
        return self.units[key]

    def plan(self, year: int) -> CapitalPlan:
        if year not in self.plans:
            self.plans[year] = CapitalPlan.objects.get(title=PLAN_TITLES[year])
        return self.plans[year]

    def project(self, code: str) -> InvestmentProject:
        if code not in self.registered:
            self.registered[code] = InvestmentProject.objects.get(code=code)
        return self.registered[code]

    def register(self, project: Project) -> None:
        if project.code in self.registered or InvestmentProject.objects.filter(code=project.code).exists():
            return
        jurisdiction = self.unit(PLAN_ISSUERS[2026] if project.code.startswith("DNG") else "province")
        self.registered[project.code] = actions.register_project(
            acting_user=None,
            code=project.code,
            name=project.name,
            name_en=project.name_en,
            group=project.group,
            jurisdiction=jurisdiction,
            investor=self.unit(project.investor),
            locality=self.unit(project.locality),
            location=project.location,
            sector=project.sector,
            start_year=project.start_year,
            end_year=project.end_year,
            funding=project.funding,
            approval=project.approval,
            is_sample=True,
        )
        self.written += 1

    def decide(self, decision: Decision) -> None:
        if decision.kind == "original":
            if CapitalPlan.objects.filter(title=PLAN_TITLES[decision.year]).exists():
                return
            for code in {code for code, _source, _amount in decision.entries}:
                self.register(self.by_code[code])
            entries = [(self.project(code), source, amount) for code, source, amount in decision.entries]
            self.plans[decision.year] = actions.create_plan(
                acting_user=None,
                issuer=self.unit(PLAN_ISSUERS[decision.year]),
                year=decision.year,
                title=PLAN_TITLES[decision.year],
                number=decision.number,
                decided_on=decision.decided_on,
                entries=entries,
                milestones=MILESTONES[decision.year],
                is_sample=True,
            )
            self.written += 1
            return
        plan = self.plan(decision.year)
        if PlanDecision.objects.filter(plan=plan, number=decision.number).exists():
            return
        entries = [(self.project(code), source, amount) for code, source, amount in decision.entries]
        if decision.kind == "transfer":
            (giver, source, amount), (taker, _source, _amount) = entries
            actions.transfer_capital(
                acting_user=None,
                plan=plan,
                number=decision.number,
                decided_on=decision.decided_on,
                from_project=taker if amount > 0 else giver,
                to_project=giver if amount > 0 else taker,
                source=source,
                amount=abs(amount),
                note=decision.note,
            )
        else:
            actions.adjust_plan(
                acting_user=None,
                plan=plan,
                number=decision.number,
                decided_on=decision.decided_on,
                changes=entries,
                note=decision.note,
            )
        self.written += 1

    def report(self, project: Project, year: int, day: date, amounts: dict[str, int]) -> None:
        rng = random.Random(f"{project.code}:{day}")
        # Most reports reach the desk within a week of the month's end; a few arrive after the deadline.
        lag = rng.randint(16, 28) if rng.random() < LATE_SHARE else rng.randint(2, 8)
        submitted = datetime.combine(day + timedelta(days=lag), time(9, 30), clock.local_zone())
        if submitted.date() > self.today:
            return
        registered = self.project(project.code)
        plan = self.plan(year)
        if (registered.pk, plan.pk, day) in self.reports_there:
            return
        figures = self.figures[year][project.code]
        pace = project.pace[year]
        month = 13 if day.year > year else day.month
        obstacles = []
        category = project.obstacle.get(year)
        holding = {
            "stalled": month >= 2,
            "slow": month >= 3
            and (month <= 12 or sum(figures.january.values()) < sum(figures.plan.values())),
            "steady": 4 <= month <= 7,
        }.get(pace, False)
        if category and holding:
            obstacles.append(self.obstacle(project, registered, category, rng))
        actions.submit_disbursement(
            acting_user=None,
            project=registered,
            plan=plan,
            reported_on=day,
            figures=in_vnd(amounts),
            obstacles=obstacles,
            work_done_percent=self.work_done(project, year, month, amounts, figures),
            work_done=WAITING_FOR_SITE
            if month < figures.start_month
            else WORK_DONE.get(project.sector, BUILDING),
            submitted_at=submitted,
            is_sample=True,
        )
        self.reports_there.add((registered.pk, plan.pk, day))
        self.written += 1

    def obstacle(self, project: Project, registered: InvestmentProject, category: str, rng) -> dict:
        owner = OBSTACLE_OWNERS[category]
        if owner == "investor":
            unit = registered.investor
        elif owner == "district":
            unit = self.unit(project.district) if project.district else registered.locality
        else:
            unit = self.unit(owner)
        text = OBSTACLE_TEXTS[category].format(place=project.place, households=rng.randint(3, 40))
        return {"category": category, "description": text, "responsible_unit": unit}

    def work_done(self, project: Project, year: int, month: int, amounts, figures: YearFigures) -> Decimal:
        """The share of the whole project built: its years before, and this year's disbursement."""
        years = project.end_year - project.start_year + 1
        this_year = Decimal(sum(amounts.values())) / Decimal(max(1, sum(figures.plan.values())))
        done = (Decimal(year - project.start_year) + this_year) / years * 100
        return min(Decimal(100), done.quantize(Decimal(1)))

    def propose(self, project: Project, year: int, asked: Decimal) -> None:
        plan = self.plan(year)
        registered = self.project(project.code)
        if PlanExtension.objects.filter(plan=plan, project=registered).exists():
            return
        reason = extension_reason(project, year)
        actions.propose_extension(
            acting_user=None,
            plan=plan,
            project=registered,
            amount=asked,
            reason=reason,
            explanation=EXTENSION_EXPLANATIONS[reason].format(next=year + 1),
            is_sample=True,
        )
        self.written += 1

    def extend(self, project: Project, batch: ExtensionRound, approved: Decimal) -> None:
        extension = PlanExtension.objects.get(plan=self.plan(batch.year), project=self.project(project.code))
        if extension.status != ExtensionStatus.PROPOSED:
            return
        actions.decide_extension(
            acting_user=None,
            extension=extension,
            approved=True,
            decision_number=batch.decision,
            decided_on=batch.decided_on,
            decided_by=batch.decided_by,
            approved_amount=approved,
            extended_until=batch.until,
        )
        self.written += 1

    def report_carried(self, project: Project, year: int, day: date, share: Decimal) -> None:
        """A report on the capital of `year` an extension carried into the next: `share` of it disbursed
        by `day`."""
        figures = self.figures[year][project.code]
        _asked, approved = self.extended[year][project.code]
        balance = sum(figures.plan.values()) - sum(figures.january.values())
        carried = min(Decimal(balance), approved / THOUSAND) / Decimal(balance)
        amounts = {
            source: figures.january[source] + int((plan - figures.january[source]) * carried * share)
            for source, plan in figures.plan.items()
        }
        self.report(project, year, day, amounts)

    def complete(self, project: Project) -> None:
        registered = InvestmentProject.objects.get(code=project.code)
        if registered.status == ProjectStatus.COMPLETED:
            return
        self.registered[project.code] = actions.update_project(
            acting_user=None, project=registered, version=registered.version, status=ProjectStatus.COMPLETED
        )
        self.written += 1

    # -- running ---------------------------------------------------------------------------------------

    def run(self, since: date | None, until: date | None) -> int:
        """Write the events after `since` (all when None) up to `until` and today, leaving out what is
        there already; returns how many writes were made."""
        self.plans: dict[int, CapitalPlan] = {}
        self.units: dict[str, OrgUnit] = {}
        self.registered: dict[str, InvestmentProject] = {}
        self.written = 0
        self.reports_there = set(
            DisbursementReport.objects.values_list("project_id", "plan_id", "reported_on")
        )
        last = min(until or self.today, self.today)
        for event in self.events():
            if (since is None or event.day > since) and event.day <= last:
                event.write()
        return self.written


def current(unit: OrgUnit) -> OrgUnit:
    """The unit that carries `unit`'s work today: itself while it is open, else its successor's (the
    reorganisation's), followed to an open unit."""
    seen = set()
    while unit.effective_to is not None and unit.pk not in seen:
        seen.add(unit.pk)
        succession = (
            UnitSuccession.objects.filter(predecessor=unit).select_related("successor").order_by("pk").first()
        )
        if succession is None:
            break
        unit = succession.successor
    return unit


# -- the loaders ------------------------------------------------------------------------------------------


def existing_unit(parent: OrgUnit, name: str) -> OrgUnit | None:
    """The unit of that name placed under `parent` at some time (the reorganisation moves the boards)."""
    return OrgUnit.objects.filter(placements__parent=parent, name=name).order_by("pk").first()


def load_boards(demo) -> int:
    """The province's project-management boards, under its People's Committee."""
    committee = demo.units["committee"]
    created = 0
    for key, name, name_en in BOARDS:
        board = existing_unit(committee, name)
        if board is None:
            board = unit_actions.create_unit(
                acting_user=None, parent=committee, name=name, name_en=name_en, kind=OrgUnitKind.AGENCY
            )
            created += 1
        demo.units[key] = board
    return created


def load_people(demo) -> int:
    """An investor's reporter (the transport board) and a manager of the public-investment desk."""
    created = 0
    for username, full_name, job_title, language, unit_key, role in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user, _password = account_actions.create_user(
                acting_user=None,
                username=username,
                full_name=full_name,
                job_title=job_title,
                language=language,
                password=PASSWORD,
                memberships=[(demo.units[unit_key], role)],
            )
            created += 1
        demo.users[username] = user
    return created


def load_desk(demo, jurisdiction_key: str, unit_key: str) -> None:
    """The jurisdiction's public-investment desk, unless it has one (or has closed)."""
    jurisdiction = demo.units[jurisdiction_key]
    if (
        jurisdiction.effective_to is None
        and not InvestmentDesk.objects.filter(jurisdiction=jurisdiction).exists()
    ):
        actions.set_desk(acting_user=None, unit=demo.units[unit_key], jurisdiction=jurisdiction)


def load_regime(demo) -> int:
    """The province's monthly regime of disbursement reports, owed by the investors that report every
    month (a report per project it invests in), so the compliance page, the board and the ladder chase
    them; the reorganisation hands it to the city."""
    if ReportingRegime.objects.filter(name=DISBURSEMENT_REGIME).exists():
        return 0
    regime_actions.create_regime(
        acting_user=None,
        name=DISBURSEMENT_REGIME,
        kind=DISBURSEMENT_KIND,
        issuer=demo.units["province"],
        period_type=PeriodType.MONTHLY,
        cutoff_day=14,
        deadline_working_days=1,
        units=[demo.units[key] for key in sorted(MONTHLY_REPORTERS)],
        legal_basis="Luật Đầu tư công năm 2024; Nghị định 09/2019/NĐ-CP, Điều 12",
        is_sample=True,
    )
    return 1


def load_investment(demo) -> None:
    """Quảng Nam's desk, boards, people and projects, and their history up to the day before the
    reorganisation (all of it when the demo runs on an earlier day)."""
    boards = load_boards(demo)
    people = load_people(demo)
    load_desk(demo, "province", "finance")
    written = InvestmentHistory(demo, clock.today()).run(since=None, until=demo.history_split)
    written += load_regime(demo)
    demo.log(
        f"investment: {boards} boards, {people} users, {written} plans, decisions and reports written"
        if written or boards or people
        else "investment: already there"
    )


def load_investment_after(demo) -> None:
    """The history from the reorganisation's first day on, by the units that hold the projects then, and
    the city's 2026 plan with its new projects."""
    if demo.history_split is None:
        return
    load_boards(demo)
    load_people(demo)
    load_desk(demo, "danang", "dn_finance")
    written = InvestmentHistory(demo, clock.today()).run(since=demo.history_split, until=None)
    demo.log(
        f"investment: {written} later decisions and reports written" if written else "investment: all there"
    )
