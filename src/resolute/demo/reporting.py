"""The demo's reporting regimes.

- The Decree 09 default: every department and district reports monthly on the progress of the tasks
  it leads, with data cut off on the 14th and the report due one working day later. The tasks'
  simulated progress reports are what arrives, so the compliance page shows units that report
  regularly, late or not at all.
- A quarterly regime of indicator values: the province reports its GRDP growth each quarter. The
  simulated figures are entered when the demo loads; so that they count as sent when the history
  says, each one is dated the day after its quarter's cut-off (on time).

From 1 July 2025 the city carries both regimes (the reorganisation hands them over): the figures of the
later quarters are entered by the city and dated by `load_reporting_after` the same way.

Loading again adds nothing: a regime with the same name is kept as it is.
"""

from datetime import timedelta

from resolute.core.periods import Period, PeriodType
from resolute.orgunits.models import OrgUnitKind
from resolute.reporting.actions import regimes as regime_actions
from resolute.reporting.models import RegimeKind, ReportingRegime
from resolute.reporting.selectors.obligations import window_of
from resolute.targets.models import DataValue, Indicator

MONTHLY_PROGRESS = "Báo cáo tiến độ thực hiện nhiệm vụ hằng tháng"
QUARTERLY_GROWTH = "Báo cáo tăng trưởng GRDP hằng quý"


def _backdate_growth_figures(regime: ReportingRegime, indicator: Indicator) -> None:
    """Date each simulated quarterly figure the day after its cut-off, when it would have been sent."""
    values = DataValue.objects.filter(indicator=indicator, is_sample=True, period__contains="Q")
    for value in values:
        sent = window_of(regime, Period.parse(value.period)).end + timedelta(days=1)
        DataValue.objects.filter(pk=value.pk).update(
            created_at=value.created_at.replace(year=sent.year, month=sent.month, day=sent.day)
        )


def load_reporting(demo) -> None:
    province = demo.units["province"]
    created = 0
    if not ReportingRegime.objects.filter(name=MONTHLY_PROGRESS).exists():
        regime_actions.create_regime(
            acting_user=None,
            name=MONTHLY_PROGRESS,
            kind=RegimeKind.TASK_PROGRESS,
            issuer=province,
            period_type=PeriodType.MONTHLY,
            cutoff_day=14,
            deadline_working_days=1,
            unit_kinds=[OrgUnitKind.DEPARTMENT, OrgUnitKind.DISTRICT],
            legal_basis="Nghị định 09/2019/NĐ-CP, Điều 12",
            is_sample=True,
        )
        created += 1
    growth = Indicator.objects.filter(code="GRDP_GROWTH").first()
    if growth is not None and not ReportingRegime.objects.filter(name=QUARTERLY_GROWTH).exists():
        regime = regime_actions.create_regime(
            acting_user=None,
            name=QUARTERLY_GROWTH,
            kind=RegimeKind.INDICATOR_VALUES,
            issuer=province,
            period_type=PeriodType.QUARTERLY,
            cutoff_day=14,
            deadline_working_days=5,
            units=[province],
            indicators=[growth],
            legal_basis="Nghị định 09/2019/NĐ-CP",
            is_sample=True,
        )
        _backdate_growth_figures(regime, growth)
        created += 1
    demo.log(f"reporting: {created} regimes created" if created else "reporting: already there")


def load_reporting_after(demo) -> None:
    """Date the figures entered since the reorganisation (by the city) as the ones before it."""
    regime = ReportingRegime.objects.filter(name=QUARTERLY_GROWTH).first()
    growth = Indicator.objects.filter(code="GRDP_GROWTH").first()
    if demo.history_split is None or regime is None or growth is None:
        return
    _backdate_growth_figures(regime, growth)
    demo.log("reporting: the later figures dated when they were sent")
