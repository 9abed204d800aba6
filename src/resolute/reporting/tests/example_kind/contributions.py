"""The example domain's kind of regime: each unit owes, for each period, a count of the wells it dug,
one for each village `villages.VILLAGES` names for it; `villages.ARRIVALS` says on which day a
village's count arrived (the tests fill both in). No query: the fake stands in for a domain's reads."""

from resolute.core.contributions import ReportedWork, contribute
from resolute.reporting.selectors.obligations import Receipt, ReceivedItem

from .villages import ARRIVALS, VILLAGES


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
    ReportedWork(key="wells", label="wells dug in each village", receipts=wells_receipts, items=wells_items)
)
