"""Registering public investment projects and changing what is registered of them."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from resolute.core.changelog import record_change, snapshot
from resolute.core.concurrency import lock_for_update
from resolute.core.models import ChangeLogEntry

from ..choices import ProjectGroup, ProjectStatus, Sector
from ..models import InvestmentDesk, InvestmentProject, ProjectFunding
from .common import SOURCES, Errors, ensure_may_manage, source_label, whole_vnd

PROJECT_FIELDS = [
    "code",
    "name",
    "name_en",
    "group",
    "jurisdiction",
    "investor",
    "locality",
    "location",
    "sector",
    "start_year",
    "end_year",
    "status",
    "approval",
]


def _check_project(project: InvestmentProject, errors: Errors, units_set=("investor", "locality")) -> None:
    project.code = (project.code or "").strip()
    project.name = (project.name or "").strip()
    if not project.code:
        errors.add("code", _("Enter the project's code."))
    elif InvestmentProject.objects.filter(code__iexact=project.code).exclude(pk=project.pk).exists():
        errors.add("code", _("Another project has the code %(code)s.") % {"code": project.code})
    if not project.name:
        errors.add("name", _("Enter the project's name."))
    if project.group not in ProjectGroup.values:
        errors.add("group", _("Choose the project's group."))
    if project.sector not in Sector.values:
        errors.add("sector", _("Choose the project's sector."))
    if project.status not in ProjectStatus.values:
        errors.add("status", _("Choose the project's status."))
    if project.start_year and project.end_year and project.end_year < project.start_year:
        errors.add("end_year", _("The implementation period ends before it starts."))
    if (
        project.jurisdiction_id
        and not InvestmentDesk.objects.filter(jurisdiction_id=project.jurisdiction_id).exists()
    ):
        errors.add(
            "jurisdiction",
            _("%(unit)s has no public-investment desk yet: name the department that keeps its books first.")
            % {"unit": project.jurisdiction},
        )
    for field in units_set:
        unit = getattr(project, field)
        if unit is not None and unit.effective_to is not None:
            errors.add(field, _("%(unit)s is closed.") % {"unit": unit})


def _checked_funding(funding: dict, errors: Errors) -> dict[str, Decimal]:
    checked = {}
    for source, amount in (funding or {}).items():
        if source not in SOURCES:
            errors.add("funding", _("%(source)s is not a capital source.") % {"source": source})
            continue
        value = whole_vnd(amount, "funding", errors, label=source_label(source))
        if value is not None:
            checked[source] = value
    return checked


def _replace_funding(acting_user, project: InvestmentProject, funding: dict[str, Decimal]) -> None:
    before = {row.source: row.amount for row in project.funding.all()}
    if before == funding:
        return
    project.funding.all().delete()
    ProjectFunding.objects.bulk_create(
        [
            ProjectFunding(project=project, source=source, amount=amount)
            for source, amount in sorted(funding.items())
        ]
    )
    record_change(
        actor=acting_user,
        instance=project,
        action=ChangeLogEntry.Action.UPDATE,
        note=_("Approved funding: %(funding)s")
        % {"funding": "; ".join(f"{source_label(s)} {a}" for s, a in sorted(funding.items())) or "—"},
    )


@transaction.atomic
def register_project(
    *,
    acting_user,
    code: str,
    name: str,
    group: str,
    jurisdiction,
    investor,
    locality,
    sector: str,
    start_year: int,
    end_year: int,
    funding: dict[str, Decimal],
    name_en: str = "",
    location: str = "",
    status: str = ProjectStatus.IN_PROGRESS,
    approval: str = "",
    is_sample: bool = False,
) -> InvestmentProject:
    """Register a project funded by `jurisdiction`'s plans, with its approved total investment by source
    (`funding`: {source: VND}). Only the jurisdiction's desk or office registers."""
    ensure_may_manage(acting_user, jurisdiction)
    project = InvestmentProject(
        code=code,
        name=name,
        name_en=(name_en or "").strip(),
        group=group,
        jurisdiction=jurisdiction,
        investor=investor,
        locality=locality,
        location=(location or "").strip(),
        sector=sector,
        start_year=start_year,
        end_year=end_year,
        status=status,
        approval=(approval or "").strip(),
        is_sample=is_sample,
    )
    errors = Errors()
    _check_project(project, errors)
    checked = _checked_funding(funding, errors)
    errors.raise_if_any()
    project.save()
    ProjectFunding.objects.bulk_create(
        [
            ProjectFunding(project=project, source=source, amount=amount)
            for source, amount in sorted(checked.items())
        ]
    )
    record_change(
        actor=acting_user, instance=project, action=ChangeLogEntry.Action.CREATE, fields=PROJECT_FIELDS
    )
    return project


@transaction.atomic
def update_project(
    *, acting_user, project: InvestmentProject, version: int | None, funding: dict | None = None, **fields
) -> InvestmentProject:
    """Change what is registered of a project; `funding`, when given, replaces the approved funding.
    Moving it to another jurisdiction needs the books of both."""
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise TypeError(f"update_project() got unexpected fields: {sorted(unknown)}")
    ensure_may_manage(acting_user, project.jurisdiction)
    project = lock_for_update(project, version)
    before = snapshot(project, PROJECT_FIELDS)
    for name, value in fields.items():
        setattr(project, name, value.strip() if isinstance(value, str) else value)
    ensure_may_manage(acting_user, project.jurisdiction)
    errors = Errors()
    # A unit closed since the project was registered stays named until a reorganisation hands it on.
    _check_project(project, errors, units_set=[name for name in ("investor", "locality") if name in fields])
    checked = _checked_funding(funding, errors) if funding is not None else None
    errors.raise_if_any()
    project.version += 1
    project.save()
    record_change(actor=acting_user, instance=project, action=ChangeLogEntry.Action.UPDATE, before=before)
    if checked is not None:
        _replace_funding(acting_user, project, checked)
    return project
