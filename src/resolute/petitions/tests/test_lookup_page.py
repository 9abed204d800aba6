"""The petitioners' public page: with the code and the secret of their receipt, and without signing in,
a petitioner reads their petition's kind, stage, clocks and public steps — and nothing of anyone,
nor of any other petition. A wrong code and a wrong secret get the same answer; more than ten
attempts from one connection in ten minutes are refused (429) until the window passes; the code and
the secret are read from a POST only, and no answer is kept in a cache.

"Today" is Monday 2 June 2025; the complaint was received on 3 March 2025 (see conftest)."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from resolute.petitions.actions import routing, settlement
from resolute.petitions.choices import PetitionKind

from .conftest import DENOUNCER, PETITIONER, RECEIVED

LOOKUP = reverse("petitions:lookup")


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(datetime(2025, 6, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)


@pytest.fixture(autouse=True)
def fresh_counters():
    # The attempts are counted in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


def visitor(address: str = "203.0.113.7") -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR=address)


@pytest.fixture
def decided(register, people, petitions_tree):
    """A complaint sent to the department, accepted with a verification note, and decided."""
    petition, secret = register()
    petition = routing.route_petition(
        acting_user=people["reception_head"],
        petition=petition,
        handling_unit=petitions_tree["environment"],
        day=RECEIVED,
    )
    petition = settlement.accept_petition(
        acting_user=people["department_manager"],
        petition=petition,
        day=date(2025, 3, 10),
        document_number="15/TB-STNMT",
    )
    petition = settlement.record_step(
        acting_user=people["department_manager"],
        petition=petition,
        kind="verification",
        day=date(2025, 3, 20),
        note="Ghi chú nội bộ: gặp ông Trần Văn Bình tại thửa đất",
    )
    petition = settlement.decide_petition(
        acting_user=people["department_manager"],
        petition=petition,
        day=date(2025, 4, 2),
        decision_number="88/QĐ-STNMT",
        outcome="partly_upheld",
    )
    return petition, secret


def main_of(response) -> str:
    """The page's main content, without the form's CSRF token (which differs from one answer to the
    next) and the code typed back into its field."""
    body = response.content.decode()
    main = body[body.index("<main") : body.index("</main>")]
    main = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", main)
    return re.sub(r'name="code" value="[^"]*"', 'name="code"', main)


def test_the_page_asks_for_the_code_and_the_secret_without_signing_in(db):
    response = visitor().get(LOOKUP)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert 'name="code"' in body and 'name="secret"' in body
    assert 'method="post"' in body


def test_the_petitioner_reads_the_stage_the_clocks_and_the_public_steps(decided, people):
    petition, secret = decided
    response = visitor().post(LOOKUP, {"code": petition.code, "secret": secret})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = main_of(response)
    assert f"Petition {petition.code}" in body
    assert "Complaint" in body
    assert "Decided" in body
    assert "Accept or refuse by" in body and "Settle by" in body
    assert "met on time" in body
    assert "88/QĐ-STNMT" in body
    assert "Accepted" in body and "15/TB-STNMT" in body
    # No petitioner, no note, nobody who handles it, no content.
    for text in [
        *PETITIONER.values(),
        "Trần Văn Bình",
        "Ghi chú nội bộ",
        "environment_manager",
        "reception_clerk",
    ]:
        if isinstance(text, str):
            assert text not in body
    assert petition.content not in body


def test_a_secret_typed_in_lower_case_without_its_dashes_is_read_as_printed(decided):
    petition, secret = decided
    typed = secret.replace("-", " ").lower()
    response = visitor().post(LOOKUP, {"code": f" {petition.code} ", "secret": typed})
    assert f"Petition {petition.code}" in main_of(response)


def test_a_wrong_code_and_a_wrong_secret_get_the_same_answer(decided):
    petition, secret = decided
    wrong_secret = visitor().post(LOOKUP, {"code": petition.code, "secret": "AAAA-BBBB-CCCC"})
    wrong_code = visitor().post(LOOKUP, {"code": "2025-09999", "secret": secret})
    assert wrong_secret.status_code == wrong_code.status_code == 200
    assert "No petition matches this code and secret." in main_of(wrong_secret)
    assert main_of(wrong_secret) == main_of(wrong_code)
    assert f"Petition {petition.code}" not in main_of(wrong_secret)
    # The secret typed is not written back into the page.
    assert "AAAA-BBBB-CCCC" not in wrong_secret.content.decode()


def test_the_secret_of_one_petition_opens_no_other(register, decided):
    petition, secret = decided
    other, other_secret = register(kind=PetitionKind.DENUNCIATION, petitioner=DENOUNCER)
    response = visitor().post(LOOKUP, {"code": other.code, "secret": secret})
    assert "No petition matches" in main_of(response)
    assert f"Petition {other.code}" not in main_of(response)
    own = visitor().post(LOOKUP, {"code": other.code, "secret": other_secret})
    body = main_of(own)
    assert "Denunciation" in body
    for text in (DENOUNCER["full_name"], DENOUNCER["id_number"], DENOUNCER["phone"], DENOUNCER["email"]):
        assert text not in body


def test_a_code_and_secret_in_the_address_look_nothing_up(decided):
    petition, secret = decided
    response = visitor().get(LOOKUP, {"code": petition.code, "secret": secret})
    assert response.status_code == 200
    assert f"Petition {petition.code}" not in main_of(response)


def test_the_eleventh_attempt_in_ten_minutes_is_refused_until_the_window_passes(decided, time_machine):
    petition, secret = decided
    for _attempt in range(10):
        assert visitor().post(LOOKUP, {"code": petition.code, "secret": "WRONG"}).status_code == 200
    refused = visitor().post(LOOKUP, {"code": petition.code, "secret": secret})
    assert refused.status_code == 429
    body = main_of(refused)
    assert "Too many lookups" in body and petition.code not in body
    # Another connection is not held back by this one's attempts.
    assert f"Petition {petition.code}" in main_of(
        visitor("198.51.100.4").post(LOOKUP, {"code": petition.code, "secret": secret})
    )
    # Ten minutes later the connection may try again.
    time_machine.shift(timedelta(minutes=10, seconds=1))
    assert f"Petition {petition.code}" in main_of(
        visitor().post(LOOKUP, {"code": petition.code, "secret": secret})
    )


def test_a_smaller_allowance_set_by_the_operator_holds(decided, settings):
    petition, secret = decided
    settings.PETITION_LOOKUPS_PER_CLIENT = 2
    for _attempt in range(2):
        visitor().post(LOOKUP, {"code": petition.code, "secret": "WRONG"})
    assert visitor().post(LOOKUP, {"code": petition.code, "secret": secret}).status_code == 429


def test_the_lookup_reads_in_a_few_queries(decided, django_assert_max_num_queries):
    petition, secret = decided
    with django_assert_max_num_queries(6):
        response = visitor().post(LOOKUP, {"code": petition.code, "secret": secret})
    assert response.status_code == 200


def test_the_page_is_in_vietnamese_for_a_vietnamese_browser(decided):
    petition, secret = decided
    response = Client(HTTP_ACCEPT_LANGUAGE="vi").post(LOOKUP, {"code": petition.code, "secret": secret})
    assert response.status_code == 200
    assert 'lang="vi"' in response.content.decode()
