"""The shape of the synthetic country: Vietnam's administrative tree as it stands since 1 July 2025.

Sources (see /docs/dev/performance.md, "The synthetic country", and `demo/danang.py`):
- Resolution 202/2025/QH15: 34 province-level units, 28 provinces and 6 centrally-run cities, each with
  the code of Decision 19/2025/QĐ-TTg (two digits; a merged province keeps its seat province's code).
- The National Assembly Standing Committee's resolutions of June 2025 on each province's commune level:
  3,321 units nationwide, 687 wards, 2,621 communes and 13 special zones. The counts per province below
  add up to exactly those totals. Đà Nẵng's 94 units carry their real names and codes (from
  `demo/danang.py`); the other provinces' communes have generated names and plausible five-digit codes,
  unique, rising with the province code as the real ones do, since the full national list is not in
  the repository.
- The bodies of each province are those the demo's Đà Nẵng has after the reorganisation (the Party
  Committee and its boards, the People's Council, the People's Committee with its office, departments
  and agencies, the Fatherland Front and the Youth Union); the ministries are the Government's 14
  ministries and 3 ministry-level bodies after the restructuring of March 2025.
"""

import math
from dataclasses import dataclass

from resolute.orgunits.models import OrgUnitKind as K
from resolute.orgunits.search import fold

from .. import danang


@dataclass(frozen=True)
class ProvinceShape:
    """One province-level unit: its code, its name without the level word, whether it is a city,
    and its commune level: how many units, how many of them wards, and its special zones by name."""

    code: str
    name: str
    name_en: str
    is_city: bool
    communes: int
    wards: int
    special_zones: tuple[str, ...] = ()
    # Mountainous provinces: their communes count as remote areas for complaints (Law on Complaints,
    # Art. 28), and they are poorer on the yearly indicators.
    mountainous: bool = False

    @property
    def full_name(self) -> str:
        return f"{'Thành phố' if self.is_city else 'Tỉnh'} {self.name}"

    @property
    def full_name_en(self) -> str:
        return f"{self.name_en} {'City' if self.is_city else 'Province'}"

    @property
    def level_word(self) -> str:
        """How the province's bodies name their level: "tỉnh" or "thành phố"."""
        return "thành phố" if self.is_city else "tỉnh"


PROVINCES = [
    ProvinceShape("01", "Hà Nội", "Ha Noi", True, 126, 51),
    ProvinceShape("04", "Cao Bằng", "Cao Bang", False, 56, 3, mountainous=True),
    ProvinceShape("08", "Tuyên Quang", "Tuyen Quang", False, 124, 7, mountainous=True),
    ProvinceShape("11", "Điện Biên", "Dien Bien", False, 45, 3, mountainous=True),
    ProvinceShape("12", "Lai Châu", "Lai Chau", False, 38, 2, mountainous=True),
    ProvinceShape("14", "Sơn La", "Son La", False, 75, 8, mountainous=True),
    ProvinceShape("15", "Lào Cai", "Lao Cai", False, 99, 10, mountainous=True),
    ProvinceShape("19", "Thái Nguyên", "Thai Nguyen", False, 92, 15, mountainous=True),
    ProvinceShape("20", "Lạng Sơn", "Lang Son", False, 65, 4, mountainous=True),
    ProvinceShape("22", "Quảng Ninh", "Quang Ninh", False, 54, 30, ("Vân Đồn", "Cô Tô")),
    ProvinceShape("24", "Bắc Ninh", "Bac Ninh", False, 99, 33),
    ProvinceShape("25", "Phú Thọ", "Phu Tho", False, 148, 15, mountainous=True),
    ProvinceShape("31", "Hải Phòng", "Hai Phong", True, 114, 45, ("Cát Hải", "Bạch Long Vĩ")),
    ProvinceShape("33", "Hưng Yên", "Hung Yen", False, 104, 11),
    ProvinceShape("37", "Ninh Bình", "Ninh Binh", False, 129, 32),
    ProvinceShape("38", "Thanh Hóa", "Thanh Hoa", False, 166, 19),
    ProvinceShape("40", "Nghệ An", "Nghe An", False, 130, 11),
    ProvinceShape("42", "Hà Tĩnh", "Ha Tinh", False, 69, 9),
    ProvinceShape("44", "Quảng Trị", "Quang Tri", False, 78, 8, ("Cồn Cỏ",)),
    ProvinceShape("46", "Huế", "Hue", True, 40, 21),
    ProvinceShape("48", "Đà Nẵng", "Da Nang", True, 94, 23, ("Hoàng Sa",)),
    ProvinceShape("51", "Quảng Ngãi", "Quang Ngai", False, 96, 9, ("Lý Sơn",), mountainous=True),
    ProvinceShape("52", "Gia Lai", "Gia Lai", False, 135, 25, mountainous=True),
    ProvinceShape("56", "Khánh Hòa", "Khanh Hoa", False, 65, 16, ("Trường Sa",)),
    ProvinceShape("66", "Đắk Lắk", "Dak Lak", False, 102, 14, mountainous=True),
    ProvinceShape("68", "Lâm Đồng", "Lam Dong", False, 124, 20, ("Phú Quý",), mountainous=True),
    ProvinceShape("75", "Đồng Nai", "Dong Nai", False, 95, 23),
    ProvinceShape("79", "Hồ Chí Minh", "Ho Chi Minh", True, 168, 113, ("Côn Đảo",)),
    ProvinceShape("80", "Tây Ninh", "Tay Ninh", False, 96, 14),
    ProvinceShape("82", "Đồng Tháp", "Dong Thap", False, 102, 20),
    ProvinceShape("86", "Vĩnh Long", "Vinh Long", False, 124, 19),
    ProvinceShape("91", "An Giang", "An Giang", False, 102, 14, ("Phú Quốc", "Kiên Hải", "Thổ Châu")),
    ProvinceShape("92", "Cần Thơ", "Can Tho", True, 103, 31),
    ProvinceShape("96", "Cà Mau", "Ca Mau", False, 64, 9),
]

# The national totals the counts above add up to.
COMMUNE_LEVEL_UNITS, WARDS, SPECIAL_ZONES = 3321, 687, 13

# The national level: (Vietnamese name, English name, kind). The Government Office assigns the
# Government's tasks to the ministries, as a People's Committee's office does in a province.
GOVERNMENT = ("Chính phủ", "Government", K.OTHER)
GOVERNMENT_OFFICE = ("Văn phòng Chính phủ", "Government Office", K.AGENCY)
# (key, Vietnamese name, English name, kind)
MINISTRIES = [
    ("defence", "Bộ Quốc phòng", "Ministry of National Defence", K.DEPARTMENT),
    ("security", "Bộ Công an", "Ministry of Public Security", K.DEPARTMENT),
    ("foreign", "Bộ Ngoại giao", "Ministry of Foreign Affairs", K.DEPARTMENT),
    ("home_affairs", "Bộ Nội vụ", "Ministry of Home Affairs", K.DEPARTMENT),
    ("justice", "Bộ Tư pháp", "Ministry of Justice", K.DEPARTMENT),
    ("finance", "Bộ Tài chính", "Ministry of Finance", K.DEPARTMENT),
    ("industry", "Bộ Công Thương", "Ministry of Industry and Trade", K.DEPARTMENT),
    ("agriculture", "Bộ Nông nghiệp và Môi trường", "Ministry of Agriculture and Environment", K.DEPARTMENT),
    ("construction", "Bộ Xây dựng", "Ministry of Construction", K.DEPARTMENT),
    ("culture", "Bộ Văn hóa, Thể thao và Du lịch", "Ministry of Culture, Sports and Tourism", K.DEPARTMENT),
    ("science", "Bộ Khoa học và Công nghệ", "Ministry of Science and Technology", K.DEPARTMENT),
    ("education", "Bộ Giáo dục và Đào tạo", "Ministry of Education and Training", K.DEPARTMENT),
    ("health", "Bộ Y tế", "Ministry of Health", K.DEPARTMENT),
    ("ethnic", "Bộ Dân tộc và Tôn giáo", "Ministry of Ethnic and Religious Affairs", K.DEPARTMENT),
    ("inspectorate", "Thanh tra Chính phủ", "Government Inspectorate", K.AGENCY),
    ("state_bank", "Ngân hàng Nhà nước Việt Nam", "State Bank of Vietnam", K.AGENCY),
]

# The Party Committee's bodies, as Đà Nẵng's after the reorganisation: (key, name, English name, kind).
# "{party}" is "Tỉnh ủy" or "Thành ủy".
PARTY_BODIES = [
    ("standing", "Ban Thường vụ {party}", "Standing Committee", K.PARTY_COMMITTEE),
    ("party_inspection", "Ủy ban Kiểm tra {party}", "Party Inspection Committee", K.AGENCY),
    ("party_office", "Văn phòng {party}", "Party Committee Office", K.AGENCY),
    ("organisation_board", "Ban Tổ chức {party}", "Organisation Board", K.AGENCY),
    (
        "propaganda_board",
        "Ban Tuyên giáo và Dân vận {party}",
        "Propaganda and Mass Mobilisation Board",
        K.AGENCY,
    ),
    ("internal_affairs_board", "Ban Nội chính {party}", "Internal Affairs Board", K.AGENCY),
]

# The People's Committee's departments and agencies, twenty of them: (key, name, English name, kind,
# the ministry that guides it and assigns it tasks of its sector, or "").
DEPARTMENTS = [
    ("finance", "Sở Tài chính", "Department of Finance", K.DEPARTMENT, "finance"),
    ("construction", "Sở Xây dựng", "Department of Construction", K.DEPARTMENT, "construction"),
    (
        "agriculture",
        "Sở Nông nghiệp và Môi trường",
        "Department of Agriculture and Environment",
        K.DEPARTMENT,
        "agriculture",
    ),
    ("health", "Sở Y tế", "Department of Health", K.DEPARTMENT, "health"),
    (
        "education",
        "Sở Giáo dục và Đào tạo",
        "Department of Education and Training",
        K.DEPARTMENT,
        "education",
    ),
    (
        "culture",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Department of Culture, Sports and Tourism",
        K.DEPARTMENT,
        "culture",
    ),
    ("home_affairs", "Sở Nội vụ", "Department of Home Affairs", K.DEPARTMENT, "home_affairs"),
    ("industry", "Sở Công Thương", "Department of Industry and Trade", K.DEPARTMENT, "industry"),
    ("science", "Sở Khoa học và Công nghệ", "Department of Science and Technology", K.DEPARTMENT, "science"),
    ("justice", "Sở Tư pháp", "Department of Justice", K.DEPARTMENT, "justice"),
    (
        "ethnic",
        "Sở Dân tộc và Tôn giáo",
        "Department of Ethnic and Religious Affairs",
        K.DEPARTMENT,
        "ethnic",
    ),
    ("foreign", "Sở Ngoại vụ", "Department of Foreign Affairs", K.DEPARTMENT, "foreign"),
    ("inspectorate", "Thanh tra {level}", "Inspectorate", K.AGENCY, "inspectorate"),
    ("police", "Công an {level}", "Police", K.AGENCY, "security"),
    ("military", "Bộ Chỉ huy Quân sự {level}", "Military Command", K.AGENCY, "defence"),
    (
        "board_transport",
        "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông",
        "Transport Works Project Management Board",
        K.AGENCY,
        "",
    ),
    (
        "board_civil",
        "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp",
        "Civil and Industrial Works Project Management Board",
        K.AGENCY,
        "",
    ),
    (
        "board_agriculture",
        "Ban Quản lý dự án đầu tư xây dựng các công trình nông nghiệp",
        "Agricultural Works Project Management Board",
        K.AGENCY,
        "",
    ),
    ("industrial_zones", "Ban Quản lý các khu công nghiệp", "Industrial Zones Authority", K.AGENCY, ""),
    ("land_fund", "Trung tâm Phát triển quỹ đất", "Land Fund Development Centre", K.AGENCY, ""),
]

# Syllables of generated place names ("Tân Phú", "Hòa An"...): common in commune names across Vietnam.
NAME_SYLLABLES = [
    "An", "Bình", "Hòa", "Tân", "Phú", "Long", "Thạnh", "Phước", "Vĩnh", "Đông", "Tây", "Nam", "Bắc",
    "Trung", "Hưng", "Quang", "Minh", "Thuận", "Hiệp", "Thành", "Xuân", "Hải", "Sơn", "Lộc", "Mỹ",
    "Thới", "Lạc", "Kim", "Ngọc", "Hồng", "Phong", "Thịnh", "Hậu", "Định", "Khánh", "Lâm",
]  # fmt: skip

# Commune codes are five digits: a province's lie in its own band, after the bands of lower codes.
CODE_BAND = 330


@dataclass(frozen=True)
class CommuneShape:
    """A commune-level unit: its prefix ("Phường", "Xã", "Đặc khu"), name, English name and code."""

    prefix: str
    name: str
    name_en: str
    code: str

    @property
    def full_name(self) -> str:
        return f"{self.prefix} {self.name}"

    @property
    def is_special_zone(self) -> bool:
        return self.prefix == "Đặc khu"


ENGLISH_LEVEL = {"Phường": "Ward", "Xã": "Commune", "Đặc khu": "Special Zone"}


def english(name: str) -> str:
    """A Vietnamese place name as English writes it: the tone marks dropped, đ as d ("Hòa An" → "Hoa An")."""
    return " ".join(word.capitalize() for word in fold(name).split())


def communes_of(province: ProvinceShape) -> list[CommuneShape]:
    """The province's commune-level units, wards first, then communes, then its special zones. Đà Nẵng's
    are the real ones; the others' names are pairs of syllables, unique within the province, and their
    codes are spread over the province's band in order."""
    if province.code == danang.PROVINCE_CODE:
        return [
            CommuneShape(prefix, name, name_en, code)
            for prefix, name, name_en, _level, code, _district, _formed_from in danang.COMMUNE_LEVEL
        ]
    ordinary = province.communes - len(province.special_zones)
    names = _generated_names(province, ordinary)
    prefixes = ["Phường"] * province.wards + ["Xã"] * (ordinary - province.wards)
    first = int(province.code) * CODE_BAND + 1
    count = province.communes
    codes = [f"{first + index * CODE_BAND // count:05d}" for index in range(count)]
    shapes = [
        CommuneShape(prefix, name, f"{english(name)} {ENGLISH_LEVEL[prefix]}", code)
        for prefix, name, code in zip(prefixes, names, codes, strict=False)
    ]
    for name, code in zip(province.special_zones, codes[ordinary:], strict=True):
        shapes.append(CommuneShape("Đặc khu", name, f"{english(name)} Special Zone", code))
    return shapes


def _generated_names(province: ProvinceShape, count: int) -> list[str]:
    """`count` distinct two-syllable names, picked by walking the pairs with a stride that depends on the
    province, so that neighbouring provinces do not share their whole list."""
    syllables = NAME_SYLLABLES
    pairs = [(first, second) for first in syllables for second in syllables if first != second]
    stride = 11 + int(province.code) % 13
    while math.gcd(stride, len(pairs)) != 1:
        stride += 1
    start = int(province.code) * 37 % len(pairs)
    return [" ".join(pairs[(start + index * stride) % len(pairs)]) for index in range(count)]
