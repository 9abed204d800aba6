"""The documents a filter's box suggests as the user types: by number or title, without tone
marks, only documents the user may read."""

from datetime import date

import pytest
from django.test import Client

from resolute.directives.actions import create_document, update_document
from resolute.directives.models import DocumentKind

pytestmark = pytest.mark.django_db

URL = "/documents/lookup"


@pytest.fixture
def documents(tree):
    return {
        "resolution": create_document(
            acting_user=None,
            owner=tree["party"],
            kind=DocumentKind.RESOLUTION,
            number="08-NQ/TU",
            title="Nghị quyết về chuyển đổi số",
            issued_on=date(2024, 3, 1),
        ),
        "decision": create_document(
            acting_user=None,
            owner=tree["committee"],
            kind=DocumentKind.OTHER,
            number="3012/QĐ-UBND",
            title="Quyết định phê duyệt kế hoạch đầu tư công",
            issued_on=date(2024, 5, 2),
        ),
        "district_a_plan": create_document(
            acting_user=None,
            owner=tree["district_a"],
            kind=DocumentKind.PLAN,
            number="45/KH-UBND",
            title="Kế hoạch chuyển đổi số của thành phố",
            issued_on=date(2024, 6, 3),
        ),
    }


def suggested(user, **params) -> list[str]:
    client = Client()
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return [item["text"] for item in response.json()["results"]]


def test_documents_are_found_by_number_or_by_title_without_tone_marks(users, documents):
    office = users["office"]
    assert suggested(office, q="08-NQ/TU") == ["08-NQ/TU — Nghị quyết về chuyển đổi số"]
    assert suggested(office, q="3012/QD") == ["3012/QĐ-UBND — Quyết định phê duyệt kế hoạch đầu tư công"]
    assert suggested(office, q="chuyen doi so") == [
        "45/KH-UBND — Kế hoạch chuyển đổi số của thành phố",
        "08-NQ/TU — Nghị quyết về chuyển đổi số",
    ], "newest first among equal matches"


def test_a_document_of_a_neighbouring_district_is_never_suggested(users, documents):
    district_b = users["district_b_reporter"]
    assert suggested(district_b, q="chuyen doi so") == ["08-NQ/TU — Nghị quyết về chuyển đổi số"]
    assert suggested(district_b, q="45/KH-UBND") == []


def test_a_renamed_document_is_found_by_its_new_title(users, documents):
    update_document(acting_user=None, document=documents["decision"], title="Quyết định giao vốn")
    assert suggested(users["office"], q="giao von") == ["3012/QĐ-UBND — Quyết định giao vốn"]
    assert suggested(users["office"], q="phe duyet") == []


def test_the_suggestions_are_read_only_and_need_a_signed_in_user(users):
    client = Client()
    assert client.get(URL, {"q": "nq"}).status_code == 302
    client.force_login(users["office"])
    assert client.post(URL, {"q": "nq"}).status_code == 405
