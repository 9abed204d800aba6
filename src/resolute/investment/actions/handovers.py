"""Handing a project's investor or locality to another unit from a day, so that its past stays where it
was: a view of an earlier day still counts the project with the unit that held it then (the units of a
day, `selectors.projects.units_on`)."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from resolute.core.changelog import record_change, snapshot
from resolute.core.concurrency import lock_for_update
from resolute.core.models import ChangeLogEntry

from ..choices import HandoverRole
from ..models import ProjectHandover
from .common import Errors, day_text, ensure_may_manage


@transaction.atomic
def hand_over_project(
    *, acting_user, project, role: str, to_unit, effective_on: date, reorganisation=None
) -> ProjectHandover:
    """From `effective_on`, `to_unit` is the project's investor or locality (`role`): the project changes
    and a `ProjectHandover` keeps the unit that held it before. Only the books' keepers hand over."""
    ensure_may_manage(acting_user, project.jurisdiction)
    project = lock_for_update(project, None)
    errors = Errors()
    current = None
    if role not in HandoverRole.values:
        errors.add("role", _("Choose whether the investor or the locality is handed over."))
    else:
        current = getattr(project, role)
        if to_unit is None:
            errors.add("to_unit", _("Choose the unit that takes the project over."))
        elif to_unit.pk == current.pk:
            errors.add("to_unit", _("%(unit)s already holds this project.") % {"unit": to_unit})
        latest = ProjectHandover.objects.filter(project=project, role=role).order_by("-effective_on").first()
        if effective_on is None:
            errors.add("effective_on", _("Enter the day the hand-over takes effect."))
        elif latest is not None and effective_on <= latest.effective_on:
            errors.add(
                "effective_on",
                _("The project was last handed over on %(day)s: a later hand-over takes effect after it.")
                % {"day": day_text(latest.effective_on)},
            )
    errors.raise_if_any()
    before = snapshot(project, [role])
    handover = ProjectHandover.objects.create(
        project=project,
        role=role,
        from_unit=current,
        to_unit=to_unit,
        effective_on=effective_on,
        reorganisation=reorganisation,
    )
    setattr(project, role, to_unit)
    project.version += 1
    project.save(update_fields=[role, "version", "updated_at"])
    record_change(
        actor=acting_user,
        instance=project,
        action=ChangeLogEntry.Action.UPDATE,
        before=before,
        note=_("Handed over from %(day)s.") % {"day": day_text(effective_on)},
    )
    return handover
