"""The demo's urging letters: the ladder run over the demo drafts no letter from a unit to itself, and
a Party body's letter is written in the Party's form."""

import io
from datetime import date

import pytest
import time_machine
from docx import Document as WordDocument

from resolute.reporting.actions.ladder import run_ladder
from resolute.reporting.models import StepKind, UrgingLetter

DEMO_TODAY = date(2026, 11, 25)


@pytest.fixture
def demo_ladder(demo, default_ladder):
    with time_machine.travel(DEMO_TODAY, tick=False):
        return run_ladder(on=DEMO_TODAY)


def test_no_urging_letter_of_the_demo_is_addressed_to_its_issuer_and_a_party_letter_has_the_party_head(
    demo_ladder,
):
    letters = list(UrgingLetter.objects.select_related("issuer", "recipient"))
    assert letters
    assert [letter for letter in letters if letter.issuer_id == letter.recipient_id] == []
    numbers = [letter.number for letter in letters]
    assert len(numbers) == len(set(numbers))

    party_letters = [letter for letter in letters if letter.issuer.is_party_body]
    assert party_letters
    letter = party_letters[0]
    assert letter.party_form and letter.number.endswith("-CV/VPTU")
    left, right = WordDocument(io.BytesIO(letter.docx.open("rb").read())).tables[0].rows[0].cells
    assert right.text.splitlines()[0] == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert f"Số {letter.number}" in left.text.splitlines()

    state_letters = [letter for letter in letters if not letter.issuer.is_party_body]
    for letter in state_letters:
        assert not letter.party_form and "-CV/" not in letter.number

    # The province owes itself its quarterly growth figures, and a unit that received a petition itself
    # owes its own level the answer: what is overdue of these is escalated to its leadership, never put
    # in a letter.
    own = [event for event in demo_ladder.events if event.issuer_id == event.unit_id]
    assert {event.kind for event in own} == {StepKind.OVERDUE_NOTICE, StepKind.ESCALATION}
    assert {event.subject_key.split(":")[0] for event in own} == {"report", "petition"}
