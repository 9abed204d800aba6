"""Urging letters' writes: drafting one (with a number per issuer per year, and its DOCX), keeping
the signed scan, marking it sent. The DOCX itself is drawn by `letter_document`.

Who a letter may go to (`check_letter_may_be_drafted`): the issuer — the unit that assigned the work
or requires the report, whose office drafts the letter — writes to another unit, open on the day. A
unit's own overdue work is not put in a letter to itself: it goes to its leadership (the ladder's
escalation). A unit closed on or before the day is not urged: its work has passed to its successors.

The number is the issuer's: its own symbol (`OrgUnit.document_symbol`, set by its administrator) and
its own count for the year, restarting at 01 on 1 January, written in its form — "01/UBND-TH" from a
state body, "01-CV/VPTU" from a Party body (`core.decree30`). An issuer without a symbol cannot
number a letter: no symbol is made up for it, so no two issuers ever show the same number.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from resolute.core.changelog import record_change, record_creations, snapshot
from resolute.core.events import emit
from resolute.core.files import check_upload
from resolute.core.models import ChangeLogEntry
from resolute.orgunits.models import OrgUnit

from .. import events
from ..letter_document import render_letter
from ..models import LetterCounter, LetterStatus, UrgingLetter
from ..selectors.ladder import letter_items


def lock_counter(issuer, year: int) -> LetterCounter:
    """The issuer's counter for `year`, locked until the caller's transaction ends: two drafts at
    once wait for each other, so they neither take the same number nor both start a new letter."""
    LetterCounter.objects.get_or_create(issuer=issuer, year=year)
    return LetterCounter.objects.select_for_update().get(issuer=issuer, year=year)


def next_number(counter: LetterCounter) -> int:
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def check_letter_may_be_drafted(issuer, recipient, on: date) -> None:
    """Refuse, naming the field, a letter to the issuer itself, to a unit closed on or before `on`,
    or from an issuer without a document symbol."""
    if issuer.pk == recipient.pk:
        raise ValidationError(
            {
                "recipient": _(
                    "%(unit)s cannot be urged by letter from itself: its own overdue work goes to its "
                    "leadership (the escalation list), not into a letter."
                )
                % {"unit": recipient}
            }
        )
    if recipient.is_closed_by(on):
        raise ValidationError(
            {
                "recipient": _("%(unit)s closed on %(date)s; a closed unit is not urged.")
                % {"unit": recipient, "date": date_format(recipient.effective_to, "SHORT_DATE_FORMAT")}
            }
        )
    if not issuer.document_symbol:
        raise ValidationError(
            {
                "issuer": _(
                    "%(unit)s has no document symbol, so its letter cannot be numbered; its administrator "
                    "sets it on the unit's page."
                )
                % {"unit": issuer}
            }
        )


def _check_number_is_the_issuers_alone(issuer, year: int, sequence: int, symbol: str, party: bool) -> None:
    """No letter of another issuer shows the same number (a symbol given up by one unit and taken by
    another within the year would otherwise repeat its numbers)."""
    taken = (
        UrgingLetter.objects.filter(year=year, sequence=sequence, symbol=symbol, party_form=party)
        .exclude(issuer=issuer)
        .select_related("issuer")
        .first()
    )
    if taken is not None:
        raise ValidationError(
            {
                "issuer": _("The number %(number)s was already given to a letter of %(unit)s.")
                % {"number": taken.number, "unit": taken.issuer}
            }
        )


@transaction.atomic
def draft_letter(*, acting_user, issuer, recipient, on: date) -> UrgingLetter:
    """A letter from `issuer` to `recipient` about what is overdue on `on`. While a draft to the same
    unit waits for signature it is brought up to date instead of a second one being numbered."""
    # The units as they stand now (a unit may have closed or changed its symbol since it was read).
    units = OrgUnit.objects.in_bulk([issuer.pk, recipient.pk])
    issuer, recipient = units[issuer.pk], units[recipient.pk]
    check_letter_may_be_drafted(issuer, recipient, on)
    counter = lock_counter(issuer, on.year)
    items = letter_items(issuer, recipient, on)
    letter = (
        UrgingLetter.objects.select_for_update()
        .filter(issuer=issuer, recipient=recipient, status=LetterStatus.DRAFTED)
        .first()
    )
    if letter is None or letter.year != on.year:
        # A new letter, or a draft carried into a new year: numbers restart at 01 on 1 January, so a
        # draft not yet signed takes the new year's next number rather than keep last year's.
        party = issuer.is_party_body
        sequence = next_number(counter)
        _check_number_is_the_issuers_alone(issuer, on.year, sequence, issuer.document_symbol, party)
        fields = {
            "year": on.year,
            "sequence": sequence,
            "symbol": issuer.document_symbol,
            "party_form": party,
            "issued_on": on,
            "items": items,
        }
        if letter is None:
            letter = UrgingLetter.objects.create(
                issuer=issuer, recipient=recipient, created_by=acting_user, **fields
            )
            record_creations(
                actor=acting_user, instances=[letter], fields=["issuer", "recipient", "sequence", "symbol"]
            )
        else:
            before = snapshot(letter, ["year", "sequence", "symbol", "party_form"])
            for name, value in fields.items():
                setattr(letter, name, value)
            letter.save()
            record_change(
                actor=acting_user, instance=letter, action=ChangeLogEntry.Action.UPDATE, before=before
            )
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
    letter = UrgingLetter.objects.select_for_update().select_related("recipient").get(pk=letter.pk)
    recipient = letter.recipient
    if recipient.is_closed_by(on):
        closed_on = date_format(recipient.effective_to, "SHORT_DATE_FORMAT")
        raise ValidationError(
            {
                "recipient": _("%(unit)s closed on %(date)s; a closed unit is not urged.")
                % {"unit": recipient, "date": closed_on}
            }
        )
    before = snapshot(letter, ["status"])
    letter.status = LetterStatus.SENT
    letter.sent_on = on
    letter.save(update_fields=["status", "sent_on", "updated_at"])
    record_change(actor=acting_user, instance=letter, action=ChangeLogEntry.Action.UPDATE, before=before)
    emit(events.LETTER_ISSUED, lambda: events.letter_issued(letter))
    return letter
