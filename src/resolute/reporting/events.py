"""What reporting tells other systems (`core.events`): an urging letter issued (sent to the unit it
urges), with its number, issuer, recipient and what it chases."""

from resolute.core.events import unit_data

LETTER_ISSUED = "urging_letter.issued"


def letter_issued(letter) -> dict:
    return {
        "letter": {
            "id": letter.pk,
            "number": letter.number,
            "issued_on": letter.issued_on.isoformat(),
            "sent_on": letter.sent_on.isoformat() if letter.sent_on else None,
            "items": len(letter.items or ()),
            "link": letter.get_absolute_url(),
        },
        "issuer": unit_data(letter.issuer),
        "recipient": unit_data(letter.recipient),
    }
