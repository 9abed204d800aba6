"""What the unit tree tells other systems (`core.events`): a reorganisation applied (units merged,
split, renamed, moved or closed, their open work handed over), with its legal basis and its counts."""

UNIT_REORGANISED = "unit.reorganised"


def unit_reorganised(reorganisation, counts: dict) -> dict:
    return {
        "reorganisation": {
            "id": reorganisation.pk,
            "title": reorganisation.title,
            "legal_basis": reorganisation.legal_basis,
            "effective_on": reorganisation.effective_on.isoformat(),
            "link": reorganisation.get_absolute_url(),
        },
        "outcome": {str(key): value for key, value in counts.items() if isinstance(value, int | str | None)},
    }
