"""The State Treasury's monthly reconciliation, imported: one disbursement report per project, all of
them or none (the file and its checks are `investment.imports`)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from resolute.core import clock

from ..choices import CapitalSource, ReportSource
from ..imports import DISBURSED, CellProblem, TreasuryRow, WorkbookProblems
from .common import ensure_may_manage
from .disbursements import submit_disbursement

# The fields of `submit_disbursement`'s errors whose messages start with the source they are about.
SOURCE_FIELDS = ("figures", "over_plan_explanation")


def _row_of(message: str, rows: list[TreasuryRow]) -> TreasuryRow:
    """The row a message is about: the one whose source it starts with ("Central budget: …"), else
    the project's first row."""
    for row in rows:
        if message.startswith(f"{CapitalSource(row.source).label}:"):
            return row
    return rows[0]


def _problems_of(error: ValidationError, rows: list[TreasuryRow], column_of) -> list[CellProblem]:
    """What `submit_disbursement` refused for one project, at the rows and columns of its figures. A
    figure's problem goes to its source's row; advice that follows a figure's messages ("explain
    why") is added to each of them; a rule about the day goes to the project's first row."""
    problems: list[CellProblem] = []
    messages = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    for field_name, field_messages in messages.items():
        column = column_of(field_name)
        about_a_source = [
            m for m in field_messages if any(m.startswith(f"{CapitalSource(r.source).label}:") for r in rows)
        ]
        advice = [m for m in field_messages if m not in about_a_source]
        if field_name in SOURCE_FIELDS and about_a_source:
            for message in about_a_source:
                text = " ".join([message, *advice])
                problems.append(CellProblem(_row_of(message, rows).number, column, text))
        else:
            problems.extend(CellProblem(rows[0].number, column, message) for message in field_messages)
    return problems


@transaction.atomic
def import_treasury_figures(
    *, acting_user, plan, workbook_rows: list[TreasuryRow], as_of, dry_run: bool = False, columns=None
) -> list:
    """Record the Treasury's figures as of `as_of`: one report per project of `workbook_rows` (rows
    checked in shape and resolved to projects by `imports.check_workbook`), received from the State
    Treasury, with the figures of its rows by source and the explanations of its rows joined. Every
    project goes through `submit_disbursement`, so the law's rules are those of every other report.

    All or nothing: if any project is refused, nothing is kept and `WorkbookProblems` lists every
    refusal at the row and column of the figure it is about. With `dry_run`, everything is checked and
    nothing is kept either way (the preview). Only the desk or the office of the plan's jurisdiction
    imports. `columns` names the sheet's columns ({"disbursed": "E", "code": "A"}); by default the
    template's."""
    ensure_may_manage(acting_user, plan.issuer)
    columns = columns or {}
    disbursed_column = columns.get(DISBURSED, "E")

    def column_of(field_name: str) -> str:
        if field_name == "plan":
            return columns.get("code", "A")
        return disbursed_column

    groups: dict[int, list[TreasuryRow]] = {}
    for row in workbook_rows:
        groups.setdefault(row.project.pk, []).append(row)
    submitted_at = clock.now()
    problems: list[CellProblem] = []
    reports = []
    for rows in groups.values():
        project = rows[0].project
        explanations = list(dict.fromkeys(row.explanation for row in rows if row.explanation))
        try:
            with transaction.atomic():
                reports.append(
                    submit_disbursement(
                        acting_user=acting_user,
                        project=project,
                        plan=plan,
                        reported_on=as_of,
                        figures={row.source: row.disbursed for row in rows},
                        over_plan_explanation="\n".join(explanations),
                        source=ReportSource.TREASURY,
                        submitted_at=submitted_at,
                    )
                )
        except ValidationError as error:
            problems.extend(_problems_of(error, rows, column_of))
        except PermissionDenied as error:
            problems.append(CellProblem(rows[0].number, columns.get("code", "A"), str(error)))
    if problems:
        raise WorkbookProblems(sorted(problems, key=lambda problem: (problem.row, problem.column)))
    if dry_run:
        transaction.set_rollback(True)
    return reports
