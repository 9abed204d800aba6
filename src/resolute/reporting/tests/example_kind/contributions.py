"""The example domain's kind of regime and what its urging ladder chases. Each unit owes, for each
period, a count of the wells it dug, one for each village `villages.VILLAGES` names for it;
`villages.ARRIVALS` says on which day a village's count arrived (the tests fill both in); and a dry
well a unit must repair by a deadline is chased as a subject of a kind the letter does not know. No
query: the fakes stand in for a domain's reads."""

from resolute.core.contributions import LadderSubject, LadderSubjects, ReportedWork, contribute
from resolute.reporting.selectors.obligations import Receipt, ReceivedItem

from .villages import ARRIVALS, DRY_WELLS, VILLAGES


def wells_receipts(regime, unit_ids, windows, as_of):
    receipts = {}
    for unit_id in unit_ids:
        for period in windows:
            arrivals = {}
            for village in VILLAGES.get(unit_id, []):
                arrived = ARRIVALS.get((unit_id, period.code, village))
                arrivals[village] = arrived if arrived is not None and arrived <= as_of else None
            receipts[(unit_id, period)] = Receipt(expected=len(arrivals), arrivals=arrivals)
    return receipts


def wells_items(regime, unit, period, receipt):
    return [
        ReceivedItem(label=f"Wells of {village}", url=f"/wells/{village}/", arrived=arrived, on_time=False)
        for village, arrived in sorted(receipt.arrivals.items())
    ]


contribute(
    ReportedWork(key="wells", label="wells dug in each village", receipts=wells_receipts, items=wells_items),
    app_label="example_kind",
)


def dry_well_subjects(on, *, deadline_before, issuer=None, unit=None):
    return [
        LadderSubject(
            key=f"dry_well:{owing.pk}:{deadline.isoformat()}",
            unit=owing,
            issuer=urging,
            deadline=deadline,
            title=title,
            source="Kế hoạch nước sạch",
            kind="dry_well",
            kind_label="giếng chưa sửa",
        )
        for owing, urging, deadline, title in DRY_WELLS
        if deadline < deadline_before
        and (issuer is None or urging.pk == issuer.pk)
        and (unit is None or owing.pk == unit.pk)
    ]


contribute(LadderSubjects(key="example.dry_wells", subjects=dry_well_subjects), app_label="example_kind")
