"""Writes to reporting regimes and report submissions. Each takes `acting_user`, runs in one
transaction, checks the rules (raising ValidationError keyed by field) and records the change."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from resolute.core import clock
from resolute.core.changelog import record_change, snapshot
from resolute.core.concurrency import lock_for_update
from resolute.core.models import ChangeLogEntry
from resolute.orgunits.models import OrgUnitKind
from resolute.targets.models import Indicator

from ..models import RegimeKind, ReportingRegime, ReportSubmission, regime_kind_choices
from ..permissions import can_manage_regimes, can_submit_report

REGIME_FIELDS = [
    "name",
    "kind",
    "issuer",
    "period_type",
    "cutoff_day",
    "deadline_working_days",
    "unit_kinds",
    "units",
    "indicators",
    "legal_basis",
    "active",
]
MANY_FIELDS = {"units", "indicators"}


def _check_regime(fields: dict) -> None:
    errors = {}
    if not (fields.get("name") or "").strip():
        errors["name"] = _("Give the regime a name.")
    if fields.get("kind") not in {kind for kind, _label in regime_kind_choices()}:
        errors["kind"] = _("Choose what the units report.")
    if not 1 <= int(fields.get("cutoff_day") or 0) <= 31:
        errors["cutoff_day"] = _("The cut-off is a day of the month, from 1 to 31.")
    if int(fields.get("deadline_working_days") or 0) < 1:
        errors["deadline_working_days"] = _(
            "Leave at least one working day between the cut-off and the deadline (Decree 09, Art. 8)."
        )
    unknown_kinds = set(fields.get("unit_kinds") or []) - set(OrgUnitKind.values)
    if unknown_kinds:
        errors["unit_kinds"] = _("Unknown kinds of units: %(kinds)s") % {
            "kinds": ", ".join(sorted(unknown_kinds))
        }
    if not fields.get("unit_kinds") and not list(fields.get("units") or []):
        errors["unit_kinds"] = _("Say which units report: choose kinds of units, units, or both.")
    issuer = fields.get("issuer")
    outside = [unit for unit in fields.get("units") or [] if issuer and not unit.path.startswith(issuer.path)]
    if outside:
        errors["units"] = _("These units are not under the issuing unit: %(units)s") % {
            "units": ", ".join(str(unit) for unit in outside)
        }
    if fields.get("kind") == RegimeKind.INDICATOR_VALUES:
        indicators = list(fields.get("indicators") or [])
        if not indicators:
            errors["indicators"] = _("Choose the indicators the units report.")
        mismatched = [
            i for i in indicators if isinstance(i, Indicator) and i.periodicity != fields.get("period_type")
        ]
        if mismatched:
            errors["indicators"] = _("These indicators are not reported for this period: %(codes)s") % {
                "codes": ", ".join(indicator.code for indicator in mismatched)
            }
    if errors:
        raise ValidationError(errors)


def _ensure_may_manage(acting_user, issuer) -> None:
    if acting_user is not None and not can_manage_regimes(acting_user, issuer):
        raise PermissionDenied(
            _("Only the office or an administrator of the issuing unit may set its regimes.")
        )


def _apply(regime: ReportingRegime, fields: dict) -> None:
    for name, value in fields.items():
        if name in MANY_FIELDS:
            continue
        setattr(regime, name, value.strip() if isinstance(value, str) else value)
    regime.save()
    for name in MANY_FIELDS & set(fields):
        getattr(regime, name).set(list(fields[name] or []))


@transaction.atomic
def create_regime(*, acting_user, **fields) -> ReportingRegime:
    """Set up a regime. `fields` are those of REGIME_FIELDS; `units` and `indicators` lists."""
    unknown = set(fields) - set(REGIME_FIELDS) - {"is_sample"}
    if unknown:
        raise TypeError(f"create_regime() got unexpected fields: {sorted(unknown)}")
    _ensure_may_manage(acting_user, fields.get("issuer"))
    fields.setdefault("cutoff_day", 14)
    fields.setdefault("deadline_working_days", 1)
    fields.setdefault("unit_kinds", [])
    _check_regime(fields)
    regime = ReportingRegime()
    _apply(regime, fields)
    record_change(
        actor=acting_user, instance=regime, action=ChangeLogEntry.Action.CREATE, fields=REGIME_FIELDS
    )
    return regime


@transaction.atomic
def update_regime(*, acting_user, regime: ReportingRegime, expected_version: int | None = None, **fields):
    """Change a regime; a form loaded at an older version is refused (StaleObjectError). Moving it
    to another issuer needs the power over both."""
    unknown = set(fields) - set(REGIME_FIELDS)
    if unknown:
        raise TypeError(f"update_regime() got unexpected fields: {sorted(unknown)}")
    _ensure_may_manage(acting_user, regime.issuer)
    regime = lock_for_update(regime, expected_version)
    _ensure_may_manage(acting_user, fields.get("issuer", regime.issuer))
    before = snapshot(regime, REGIME_FIELDS)
    current = {name: getattr(regime, name) for name in REGIME_FIELDS if name not in MANY_FIELDS}
    current.update({name: list(getattr(regime, name).all()) for name in MANY_FIELDS})
    _check_regime({**current, **fields})
    regime.version += 1
    _apply(regime, fields)
    record_change(actor=acting_user, instance=regime, action=ChangeLogEntry.Action.UPDATE, before=before)
    return regime


@transaction.atomic
def submit_report(*, acting_user, regime: ReportingRegime, unit, period: str, text: str = "", file=None):
    """Record a narrative report sent by `unit` for `period`; it arrives now."""
    if acting_user is not None and not can_submit_report(acting_user, unit):
        raise PermissionDenied(_("You may only send reports for units where you are a reporter."))
    if regime.kind != RegimeKind.NARRATIVE:
        raise ValidationError({"regime": _("Under this regime the report arrives through tasks or values.")})
    if not (text or "").strip() and not file:
        raise ValidationError({"text": _("Write the report or attach its file.")})
    submission = ReportSubmission(
        regime=regime,
        unit=unit,
        period=period,
        submitted_at=clock.now(),
        submitted_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        text=(text or "").strip(),
    )
    if file:
        submission.file = file
    submission.save()
    record_change(
        actor=acting_user,
        instance=submission,
        action=ChangeLogEntry.Action.CREATE,
        fields=["regime", "unit", "period", "submitted_at"],
    )
    return submission
