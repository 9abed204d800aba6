"""Tasks and their history for the list, export and API tests, and clients that act for a user.

Each helper says what happened to a task in the words of the workflow (assigned, reported,
extended, completed, cancelled) and writes it through the actions, as a user's clicks would,
with `acting_user=None` (the system) so a test states only the history it needs. The actions
refuse dates in the future, so tests set the clock (TODAY) first.
"""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.test import Client

from resolute.accounts.models import ApiToken
from resolute.tasks import actions
from resolute.tasks.models import CompletionProposal, ExtensionRequest, ProgressReport, Task, TaskArea

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
ASSIGNED_ON = date(2025, 1, 6)
# "Today" in these tests: pages judge status as of today, so the clock is set.
TODAY = date(2025, 7, 1)


def at_noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def browser_for(user) -> Client:
    """A browser signed in as `user`, asking for English pages."""
    browser = Client(**ENGLISH)
    browser.force_login(user)
    return browser


def api_for(user) -> Client:
    """An API client acting for `user` through a personal token."""
    raw = ApiToken.generate()
    ApiToken.objects.create(user=user, name="t", token_hash=ApiToken.hash(raw), hint=raw[:8])
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", **ENGLISH)


def assign(
    lead_unit,
    *,
    assigned_by_unit,
    title="Replace the temporary houses",
    assigned_on=ASSIGNED_ON,
    deadline=None,
    coordinating=(),
    area=TaskArea.OTHER,
    **fields,
) -> Task:
    """A task assigned by `assigned_by_unit` to `lead_unit`. The tests write titles in English and read most
    pages in English: the title is given in both languages unless `title_en` says otherwise."""
    fields.setdefault("title_en", title)
    return actions.create_task(
        acting_user=None,
        title=title,
        lead_unit=lead_unit,
        assigned_by_unit=assigned_by_unit,
        assigned_on=assigned_on,
        deadline=deadline,
        coordinating_units=coordinating,
        area=area,
        **fields,
    )


def report(task, *, reported_on, unit=None, narrative="Work goes on.", **fields) -> ProgressReport:
    return actions.report_progress(
        acting_user=None,
        task=task,
        unit=unit or task.lead_unit,
        reported_on=reported_on,
        narrative=narrative,
        **fields,
    )


def ask_extension(task, *, requested_on, proposed_deadline, reason="Site clearance is late."):
    return actions.request_extension(
        acting_user=None,
        task=task,
        requested_on=requested_on,
        proposed_deadline=proposed_deadline,
        reason=reason,
    )


def extend(task, *, decided_on, new_deadline) -> ExtensionRequest:
    """An extension asked for and approved on `decided_on`."""
    request = ask_extension(task, requested_on=decided_on, proposed_deadline=new_deadline)
    return actions.decide_request(acting_user=None, request=request, approve=True, decided_on=decided_on)


def propose_completion(task, *, proposed_on, result="Done.") -> CompletionProposal:
    return actions.propose_completion(acting_user=None, task=task, proposed_on=proposed_on, result=result)


def complete(task, *, proposed_on, decided_on) -> CompletionProposal:
    """Completion proposed on `proposed_on` and accepted on `decided_on`."""
    proposal = propose_completion(task, proposed_on=proposed_on)
    return actions.decide_request(acting_user=None, request=proposal, approve=True, decided_on=decided_on)


def cancel(task, *, cancelled_on, reason="No longer needed.") -> Task:
    return actions.cancel_task(acting_user=None, task=task, cancelled_on=cancelled_on, reason=reason)


def read_workbook(response):
    import openpyxl

    content = b"".join(response.streaming_content)
    return openpyxl.load_workbook(io.BytesIO(content))
