"""Who may do what in public investment, on top of the scope policy (`orgunits.scope`).

- The jurisdiction's office (People's Committee office) and the managers of its public-investment
  desk (the Department of Finance) register projects, plans, adjustments, transfers and
  extensions, and may enter disbursement figures (from the State Treasury) for any of its projects.
- An investor's reporters report the disbursement of the projects it invests in.
- Everyone else reads what `querysets.project_q` lets them see.
"""

from resolute.orgunits.choices import Role
from resolute.orgunits.scope import scope_for

from .models import InvestmentDesk
from .querysets import desk_jurisdiction_ids


def can_manage_investment(user, jurisdiction) -> bool:
    """Whether `user` keeps the public-investment books of `jurisdiction` (a unit)."""
    if not getattr(user, "is_authenticated", False) or jurisdiction is None:
        return False
    scope = scope_for(user)
    if scope.sees_everything or scope.covers(jurisdiction, Role.OFFICE):
        return True
    desks = desk_jurisdiction_ids(user, Role.MANAGER)
    return desks is None or desks.filter(jurisdiction_id=jurisdiction.pk).exists()


def managed_jurisdiction_ids(user) -> set[int] | None:
    """The jurisdictions whose books `user` keeps (None: every one)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    scope = scope_for(user)
    if scope.sees_everything:
        return None
    ids = set(
        InvestmentDesk.objects.filter(
            jurisdiction_id__in=desk_jurisdiction_ids(user, Role.MANAGER)
        ).values_list("jurisdiction_id", flat=True)
    )
    office = scope.unit_q(Role.OFFICE, prefix="jurisdiction")
    ids |= set(InvestmentDesk.objects.filter(office).values_list("jurisdiction_id", flat=True))
    return ids


def can_manage_any_investment(user) -> bool:
    ids = managed_jurisdiction_ids(user)
    return ids is None or bool(ids)


def can_report_disbursement(user, project) -> bool:
    """Whether `user` may report `project`'s disbursement: a reporter of its investor, or its books'
    keepers."""
    if not getattr(user, "is_authenticated", False):
        return False
    scope = scope_for(user)
    return scope.covers(project.investor, Role.REPORTER) or can_manage_investment(user, project.jurisdiction)
