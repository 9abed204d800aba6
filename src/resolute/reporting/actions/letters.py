"""Urging letters' writes: drafting one (with a number per issuer per year, and its DOCX), keeping
the signed scan, marking it sent. The DOCX itself is drawn by `letter_document`."""

from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from resolute.core.changelog import record_change, record_creations, snapshot
from resolute.core.files import check_upload
from resolute.core.models import ChangeLogEntry

from ..letter_document import render_letter
from ..models import LetterCounter, LetterStatus, UrgingLetter
from ..selectors.ladder import letter_items


def letter_symbol() -> str:
    """The part of the number after the slash (setting RESOLUTE_URGING_LETTER_SYMBOL)."""
    return getattr(settings, "RESOLUTE_URGING_LETTER_SYMBOL", "UBND-TH")


def lock_counter(issuer, year: int) -> LetterCounter:
    """The issuer's counter for `year`, locked until the caller's transaction ends: two drafts at
    once wait for each other, so they neither take the same number nor both start a new letter."""
    LetterCounter.objects.get_or_create(issuer=issuer, year=year)
    return LetterCounter.objects.select_for_update().get(issuer=issuer, year=year)


def next_number(counter: LetterCounter) -> int:
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


@transaction.atomic
def draft_letter(*, acting_user, issuer, recipient, on: date) -> UrgingLetter:
    """A letter from `issuer` to `recipient` about what is overdue on `on`. While a draft to the same
    unit waits for signature it is brought up to date instead of a second one being numbered."""
    counter = lock_counter(issuer, on.year)
    items = letter_items(issuer, recipient, on)
    letter = (
        UrgingLetter.objects.select_for_update()
        .filter(issuer=issuer, recipient=recipient, status=LetterStatus.DRAFTED)
        .first()
    )
    if letter is None:
        letter = UrgingLetter.objects.create(
            issuer=issuer,
            recipient=recipient,
            year=on.year,
            sequence=next_number(counter),
            symbol=letter_symbol(),
            issued_on=on,
            items=items,
            created_by=acting_user,
        )
        record_creations(actor=acting_user, instances=[letter], fields=["issuer", "recipient", "sequence"])
    else:
        letter.items = items
        letter.issued_on = on
    letter.docx.save(f"{letter.year}-{letter.sequence}.docx", ContentFile(render_letter(letter)), save=False)
    letter.save()
    return letter


@transaction.atomic
def sign_letter(*, acting_user, letter: UrgingLetter, signed_scan, on: date) -> UrgingLetter:
    """Keep the signed scan (checked by its content: PDF or image) and mark the letter signed."""
    check_upload(signed_scan, field="signed_scan")
    letter = UrgingLetter.objects.select_for_update().get(pk=letter.pk)
    before = snapshot(letter, ["status"])
    letter.signed_scan.save(
        f"{letter.year}-{letter.sequence}-signed-{signed_scan.name}", signed_scan, save=False
    )
    letter.status = LetterStatus.SIGNED
    letter.signed_on = on
    letter.save()
    record_change(actor=acting_user, instance=letter, action=ChangeLogEntry.Action.UPDATE, before=before)
    return letter


@transaction.atomic
def send_letter(*, acting_user, letter: UrgingLetter, on: date) -> UrgingLetter:
    """Mark a signed letter sent."""
    letter = UrgingLetter.objects.select_for_update().get(pk=letter.pk)
    before = snapshot(letter, ["status"])
    letter.status = LetterStatus.SENT
    letter.sent_on = on
    letter.save(update_fields=["status", "sent_on", "updated_at"])
    record_change(actor=acting_user, instance=letter, action=ChangeLogEntry.Action.UPDATE, before=before)
    return letter
