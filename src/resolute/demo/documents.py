"""The demo's documents: the seed conclusion, split into clauses, and the documents it names.

Numbers and dates are the real ones where they are public; where they are not (the province's own
2024 and 2025 resolutions and the conclusion itself), the record is marked as sample data.
"""

from datetime import date
from pathlib import Path

from resolute.directives import actions as document_actions
from resolute.directives.models import Document, DocumentKind, DocumentRelation, DocumentStatus

SEED_DIR = Path(__file__).parent / "seed"
CONFERENCE_DAY = date(2024, 12, 7)

POLITBURO = "Bộ Chính trị"
CENTRAL_COMMITTEE_XII = "Ban Chấp hành Trung ương Đảng khóa XII"
CENTRAL_INSPECTION_COMMITTEE = "Ủy ban Kiểm tra Trung ương"
PRIME_MINISTER = "Thủ tướng Chính phủ"

# key: (kind, number, issued on, issuer unit key, issuer outside the tree, signer, title, status, sample)
DOCUMENTS = {
    "conclusion": (
        DocumentKind.CONCLUSION,
        "",
        CONFERENCE_DAY,
        "party",
        "",
        "Bí thư Tỉnh ủy",
        "Kết luận của Bí thư Tỉnh ủy bế mạc Hội nghị lần thứ 18 Ban Chấp hành Đảng bộ tỉnh khóa XXII "
        "(bản dịch tiếng Anh)",
        DocumentStatus.IN_IMPLEMENTATION,
        True,
    ),
    "resolution_2025": (
        DocumentKind.RESOLUTION,
        "",
        CONFERENCE_DAY,
        "party",
        "",
        "Bí thư Tỉnh ủy",
        "Nghị quyết của Ban Chấp hành Đảng bộ tỉnh về phương hướng, nhiệm vụ năm 2025",
        DocumentStatus.IN_IMPLEMENTATION,
        True,
    ),
    "resolution_2024": (
        DocumentKind.RESOLUTION,
        "",
        date(2023, 12, 9),
        "party",
        "",
        "Bí thư Tỉnh ủy",
        "Nghị quyết của Ban Chấp hành Đảng bộ tỉnh về phương hướng, nhiệm vụ năm 2024",
        DocumentStatus.CLOSED,
        True,
    ),
    "report_2024": (
        DocumentKind.REPORT,
        "",
        CONFERENCE_DAY,
        "standing",
        "",
        "",
        "Báo cáo kết quả thực hiện Nghị quyết về phương hướng, nhiệm vụ năm 2024",
        DocumentStatus.ISSUED,
        True,
    ),
    "inspection_report_2024": (
        DocumentKind.REPORT,
        "",
        CONFERENCE_DAY,
        "inspection",
        "",
        "",
        "Báo cáo kết quả công tác kiểm tra, giám sát và thi hành kỷ luật đảng năm 2024; "
        "phương hướng, nhiệm vụ năm 2025",
        DocumentStatus.ISSUED,
        True,
    ),
    "resolution_08": (
        DocumentKind.RESOLUTION,
        "08-NQ/TU",
        date(2021, 5, 4),
        "party",
        "",
        "",
        "Nghị quyết về xây dựng và phát triển đô thị loại I trực thuộc tỉnh",
        DocumentStatus.IN_IMPLEMENTATION,
        False,
    ),
    "standing_conclusion_08": (
        DocumentKind.CONCLUSION,
        "",
        None,
        "standing",
        "",
        "",
        "Kết luận của Ban Thường vụ Tỉnh ủy về tiếp tục thực hiện Nghị quyết số 08-NQ/TU",
        DocumentStatus.DRAFT,
        True,
    ),
    "inspection_program_2025": (
        DocumentKind.PROGRAM,
        "",
        None,
        "standing",
        "",
        "",
        "Chương trình kiểm tra, giám sát năm 2025 của Ban Chấp hành, Ban Thường vụ Tỉnh ủy",
        DocumentStatus.DRAFT,
        True,
    ),
    "directive_35": (
        DocumentKind.DIRECTIVE,
        "35-CT/TW",
        date(2024, 6, 14),
        None,
        POLITBURO,
        "",
        "Chỉ thị về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
        DocumentStatus.IN_IMPLEMENTATION,
        False,
    ),
    "notice_581": (
        DocumentKind.CONCLUSION_NOTICE,
        "581",
        None,
        None,
        CENTRAL_INSPECTION_COMMITTEE,
        "",
        "Thông báo kết luận số 581 của Ủy ban Kiểm tra Trung ương",
        DocumentStatus.IN_IMPLEMENTATION,
        False,
    ),
    "resolution_18": (
        DocumentKind.RESOLUTION,
        "18-NQ/TW",
        date(2017, 10, 25),
        None,
        CENTRAL_COMMITTEE_XII,
        "",
        "Nghị quyết một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ máy của hệ thống chính trị "
        "tinh gọn, hoạt động hiệu lực, hiệu quả",
        DocumentStatus.IN_IMPLEMENTATION,
        False,
    ),
    "conclusion_77": (
        DocumentKind.CONCLUSION,
        "77-KL/TW",
        date(2024, 5, 2),
        None,
        POLITBURO,
        "",
        "Kết luận về phương án xử lý các khó khăn, vướng mắc liên quan đến các dự án, đất đai "
        "trong kết luận thanh tra, kiểm tra, bản án",
        DocumentStatus.IN_IMPLEMENTATION,
        False,
    ),
    "project_06": (
        DocumentKind.SCHEME,
        "06/QĐ-TTg",
        date(2022, 1, 6),
        None,
        PRIME_MINISTER,
        "",
        "Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển đổi "
        "số quốc gia giai đoạn 2022 - 2025, tầm nhìn đến năm 2030 (Đề án 06)",
        DocumentStatus.IN_IMPLEMENTATION,
        False,
    ),
    "provincial_planning": (
        DocumentKind.PLAN,
        "72/QĐ-TTg",
        date(2024, 1, 17),
        None,
        PRIME_MINISTER,
        "",
        "Quy hoạch tỉnh Quảng Nam thời kỳ 2021 - 2030, tầm nhìn đến năm 2050",
        DocumentStatus.IN_IMPLEMENTATION,
        False,
    ),
}

# (source, kind, target): as the seed's text relates them.
RELATIONS = [
    ("conclusion", DocumentRelation.Kind.REVIEWS, "resolution_2024"),
    ("conclusion", DocumentRelation.Kind.REFERS_TO, "resolution_2025"),
    ("conclusion", DocumentRelation.Kind.REFERS_TO, "report_2024"),
    ("conclusion", DocumentRelation.Kind.REFERS_TO, "inspection_report_2024"),
    ("conclusion", DocumentRelation.Kind.REFERS_TO, "directive_35"),
    ("conclusion", DocumentRelation.Kind.REFERS_TO, "notice_581"),
    ("conclusion", DocumentRelation.Kind.REFERS_TO, "resolution_08"),
    ("conclusion", DocumentRelation.Kind.REFERS_TO, "resolution_18"),
    ("conclusion", DocumentRelation.Kind.REFERS_TO, "conclusion_77"),
    ("conclusion", DocumentRelation.Kind.REFERS_TO, "project_06"),
    ("conclusion", DocumentRelation.Kind.REFERS_TO, "provincial_planning"),
    ("resolution_2025", DocumentRelation.Kind.CONTINUES, "resolution_2024"),
    ("report_2024", DocumentRelation.Kind.REVIEWS, "resolution_2024"),
    ("standing_conclusion_08", DocumentRelation.Kind.CONTINUES, "resolution_08"),
    ("inspection_program_2025", DocumentRelation.Kind.IMPLEMENTS, "resolution_2025"),
]


def load_documents(demo) -> None:
    owner = demo.units["party"]
    # From 1 July 2025 the city's Party Committee keeps Quảng Nam's (see `reorganisation`).
    keepers = [owner, demo.units["dn_party"]]
    documents: dict[str, Document] = {}
    created = 0
    for key, (
        kind,
        number,
        issued_on,
        issuer_key,
        issuer_name,
        signer,
        title,
        status,
        sample,
    ) in DOCUMENTS.items():
        existing = Document.objects.filter(owner__in=keepers, title=title).first()
        if existing is None:
            existing = document_actions.create_document(
                acting_user=None,
                owner=owner,
                kind=kind,
                title=title,
                number=number,
                issued_on=issued_on,
                issuer=demo.units[issuer_key] if issuer_key else None,
                issuer_name=issuer_name,
                signer=signer,
                status=status,
                text=(SEED_DIR / "conclusion-2024.txt").read_text() if key == "conclusion" else "",
                is_sample=sample,
            )
            created += 1
        documents[key] = existing
    for source, kind, target in RELATIONS:
        if not DocumentRelation.objects.filter(
            source=documents[source], target=documents[target], kind=kind
        ).exists():
            document_actions.add_relation(
                acting_user=None, source=documents[source], target=documents[target], kind=kind
            )
    demo.documents = documents
    demo.log(f"documents: {created} created, {len(documents) - created} already there")
