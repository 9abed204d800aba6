"""What targets tell other systems (`core.events`): a value approved. The event's data names the
figure, its indicator (with a link), its unit and period."""

from resolute.core.events import unit_data

VALUE_APPROVED = "value.approved"


def value_approved(row) -> dict:
    """`row` is an approved `DataValue` with its indicator and unit read."""
    indicator = row.indicator
    return {
        "value": {
            "id": row.pk,
            "value": str(row.value),
            "period": row.period,
            "vintage": row.vintage,
            "approved_at": row.decided_at.isoformat() if row.decided_at else None,
        },
        "indicator": {
            "id": indicator.pk,
            "code": indicator.code,
            "name": indicator.name,
            "name_en": indicator.name_en,
            "unit_of_measure": indicator.unit_of_measure,
            "link": indicator.get_absolute_url(),
        },
        "unit": unit_data(row.unit),
    }
