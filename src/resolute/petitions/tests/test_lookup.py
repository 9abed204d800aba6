"""A petitioner follows their petition on the public page with the code and the secret of their
receipt; nothing else of anyone is reachable with them."""

from datetime import date

import pytest
from django.test import override_settings

from resolute.petitions.actions import routing, settlement
from resolute.petitions.actions.intake import lookup_secret_hash
from resolute.petitions.selectors import find_for_petitioner, public_status

from .conftest import DENOUNCER


@pytest.fixture
def receipt(register, frozen_today):
    petition, secret = register()
    return petition, secret


def test_the_code_and_secret_of_the_receipt_find_the_petition_however_the_secret_is_typed(receipt):
    petition, secret = receipt

    assert find_for_petitioner(petition.code, secret) == petition
    assert find_for_petitioner(f" {petition.code} ", secret.lower().replace("-", " ")) == petition


def test_a_wrong_secret_or_a_wrong_code_finds_nothing(receipt, register):
    petition, secret = receipt
    other, other_secret = register(kind="denunciation", petitioner=DENOUNCER)

    assert find_for_petitioner(petition.code, "AAAA-BBBB-CCCC") is None
    assert find_for_petitioner(petition.code, other_secret) is None
    assert find_for_petitioner(other.code, secret) is None
    assert find_for_petitioner("2025-99999", secret) is None
    assert find_for_petitioner("", "") is None
    assert find_for_petitioner(petition.code, "") is None


def test_a_receipt_given_before_the_site_s_key_was_rotated_still_works(receipt, settings):
    petition, secret = receipt

    with override_settings(SECRET_KEY="a-new-key-" + "x" * 50, SECRET_KEY_FALLBACKS=[settings.SECRET_KEY]):
        assert find_for_petitioner(petition.code, secret) == petition
    with override_settings(SECRET_KEY="a-new-key-" + "x" * 50, SECRET_KEY_FALLBACKS=[]):
        assert find_for_petitioner(petition.code, secret) is None


def test_the_stored_hash_depends_on_the_code_so_a_secret_opens_one_petition_only(receipt):
    petition, secret = receipt

    assert lookup_secret_hash(petition.code, secret) == petition.lookup_secret_hash
    assert lookup_secret_hash("2025-00002", secret) != petition.lookup_secret_hash


def test_the_petitioner_sees_the_progress_and_never_the_content_notes_or_people(receipt, petitions_tree):
    petition, secret = receipt
    routing.route_petition(
        acting_user=None, petition=petition, handling_unit=petitions_tree["environment"], day=date(2025, 3, 4)
    )
    settlement.accept_petition(
        acting_user=None, petition=petition, day=date(2025, 3, 10), document_number="12/TB"
    )
    settlement.record_step(
        acting_user=None,
        petition=petition,
        kind="verification",
        day=date(2025, 3, 20),
        note="Ghi chú nội bộ: hồ sơ có dấu hiệu sai phạm của cán bộ",
    )

    status = public_status(find_for_petitioner(petition.code, secret))

    assert status.code == petition.code
    assert status.handling_unit == str(petitions_tree["environment"])
    assert status.next_deadline == date(2025, 4, 9)
    assert [step.kind for step in status.steps] == ["received", "routed", "accepted"]
    shown = repr(status)
    for private in ("Nguyễn Thị Hoa", "049190001234", "thu hồi đất", "Ghi chú nội bộ", "reception_clerk"):
        assert private not in shown
