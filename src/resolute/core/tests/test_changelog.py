"""The change log keeps a long note to its column's length on every database."""

import pytest

from resolute.conftest import make_unit
from resolute.core.changelog import NOTE_LENGTH, history_of, record_change


@pytest.mark.django_db
def test_a_note_longer_than_the_log_keeps_ends_with_an_ellipsis_at_its_length():
    unit = make_unit("Phường Hội An")
    record_change(actor=None, instance=unit, action="update", before={}, note="Nghị quyết " * 100)
    kept = history_of(unit).first().note
    assert len(kept) == NOTE_LENGTH and kept.endswith("…") and kept.startswith("Nghị quyết Nghị quyết")
