"""The tasks workbook: the template an office downloads to bring its own task lists in, and the reader
that checks a filled one row by row (the import itself, which writes, is `actions.imports`).

One task a row: title, lead unit, coordinating units (separated by ";"), deadline, source document,
clause and description. The header row is in the reader's language; a header in either language
(or the column's key, `lead_unit`) is read, in any order. A unit is named by its exact code or by its
name (Vietnamese or English), matched without regard to case or tone marks, among the units the
user may assign tasks to; a document by its number among the documents the user can see; a clause by
its number or anchor within that document. Every problem is reported by row and column.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import override as language_override

from resolute.core import clock
from resolute.core.text import NulCharacterError, normalise_text
from resolute.core.xlsx import ExcelWorkbook, column_letter, open_for_reading
from resolute.directives.models import Clause, Document
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.search import fold

from .actions import NewTask, new_task_errors
from .models import Task
from .selectors import assignable_units, visible_documents

# The columns, by key, with their header in the reader's language.
COLUMNS = {
    "title": gettext_lazy("Task title"),
    "lead_unit": gettext_lazy("Lead unit"),
    "coordinating_units": gettext_lazy("Coordinating units"),
    "deadline": gettext_lazy("Deadline"),
    "document": gettext_lazy("Source document"),
    "clause": gettext_lazy("Clause"),
    "description": gettext_lazy("Description"),
}
REQUIRED_COLUMNS = ["title", "lead_unit", "deadline"]
LANGUAGES = ("en", "vi")
TITLE_MAX_LENGTH = Task._meta.get_field("title").max_length
PREVIEW_ROWS = 20
# The action's fields, as the file's columns.
FIELD_COLUMNS = {
    "title": "title",
    "lead_unit": "lead_unit",
    "coordinating_units": "coordinating_units",
    "deadline": "deadline",
    "source_document": "document",
    "source_clause": "clause",
    "description": "description",
}
DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
YEAR_MONTH_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def not_a_workbook(name: str) -> str:
    return _(
        "“%(name)s” is not an Excel workbook (.xlsx) that can be opened: it may be damaged or saved in "
        "another format. Open it in Excel or LibreOffice, save it as .xlsx and upload it again."
    ) % {"name": name}


def headers_in(language: str) -> list[str]:
    with language_override(language):
        return [str(label) for label in COLUMNS.values()]


def _known_headers() -> dict[str, str]:
    """{folded header: column key} for the headers of every language and the keys themselves."""
    known = {}
    for language in LANGUAGES:
        with language_override(language):
            known.update({fold(str(label)): key for key, label in COLUMNS.items()})
    known.update({fold(key.replace("_", " ")): key for key in COLUMNS})
    known.update({fold(key): key for key in COLUMNS})
    return known


def unit_reference(unit) -> str:
    return unit.code or unit.name


# -- the template ----------------------------------------------------------------------------------


def build_template(user) -> bytes:
    """The sheet to fill in (its header in the reader's language), a sheet of instructions, and the
    units the user may assign tasks to and the documents they can see, for reference."""
    workbook = ExcelWorkbook()
    sheet = workbook.sheet(_("tasks"))
    sheet.append([str(label) for label in COLUMNS.values()], bold=True)
    sheet.widths(50, 30, 40, 14, 18, 10, 50)
    guide = workbook.sheet(_("instructions"))
    guide.append([_("Column"), _("What to write")], bold=True)
    explanations = {
        "title": _("What is to be done (required; at most %(length)s characters).")
        % {"length": TITLE_MAX_LENGTH},
        "lead_unit": _(
            "The unit that leads the task (required): its code, or its name as in the sheet of units "
            "(capitals and tone marks do not matter)."
        ),
        "coordinating_units": _("Units that contribute, by code or name, separated by “;” (optional)."),
        "deadline": _("The deadline (required): a date cell, or a text such as 31/12/2025."),
        "document": _(
            "The number of the document that gives the task, e.g. 08-NQ/TU (optional; one you can see)."
        ),
        "clause": _("The number of the clause in that document, e.g. 2 or II.3 (optional)."),
        "description": _("More about the task (optional)."),
    }
    for key, label in COLUMNS.items():
        guide.append([str(label), explanations[key]])
    guide.append([])
    guide.append(
        [
            _(
                "Headers in English or Vietnamese are both read. The whole file is checked first: if any "
                "row has an error, nothing is created and every error is listed by row and column."
            )
        ]
    )
    guide.widths(24, 100)
    units = workbook.sheet(_("units"))
    units.append([_("Code"), _("Name"), _("Name in English")], bold=True)
    for code, name, name_en in assignable_units(user).values_list("code", "name", "name_en")[:5000]:
        units.append([code, name, name_en])
    units.widths(12, 50, 50)
    documents = workbook.sheet(_("documents"))
    documents.append([_("Number"), _("Issued on"), _("Title")], bold=True)
    for number, issued_on, title in (
        visible_documents(user).exclude(number="").values_list("number", "issued_on", "title")[:2000]
    ):
        documents.append([number, issued_on, title])
    documents.widths(18, 14, 80)
    return workbook.to_bytes()


# -- reading a file --------------------------------------------------------------------------------


class ImportErrors:
    """Every error of a file, by row and column (its letter and its header as the file writes it)."""

    def __init__(self):
        self.items: list[dict] = []

    def add(self, row: int, column: str, header: str, message: str) -> None:
        self.items.append({"row": row, "column": column, "header": header, "message": str(message)})

    def __bool__(self) -> bool:
        return bool(self.items)


@dataclass
class Row:
    number: int
    title: str
    lead_unit: OrgUnit
    coordinating_units: list = field(default_factory=list)
    deadline: date | None = None
    document: Document | None = None
    clause: Clause | None = None
    description: str = ""
    broken: bool = False

    def new_task(self) -> NewTask:
        return NewTask(
            title=self.title,
            lead_unit=self.lead_unit,
            coordinating_units=self.coordinating_units,
            deadline=self.deadline,
            source_document=self.document,
            source_clause=self.clause,
            description=self.description,
        )


def _clause_key(text: str) -> str:
    return fold(text).rstrip(".):").strip()


class UnitFinder:
    """Units by code or name among those the user may assign tasks to (read once, kept in memory)."""

    def __init__(self, user):
        self.user = user
        self.by_code: dict[str, OrgUnit] = {}
        self.by_name: dict[str, list[OrgUnit]] = {}
        for unit in assignable_units(user).only("id", "code", "name", "name_en", "effective_to", "path"):
            if unit.code:
                self.by_code[unit.code] = unit
            for name in {fold(unit.name), fold(unit.name_en)} - {""}:
                self.by_name.setdefault(name, []).append(unit)
        self.outside: dict[str, OrgUnit | None] = {}

    def find(self, reference: str) -> tuple[OrgUnit | None, str]:
        """The unit, or None and why not."""
        if reference.endswith(".0") and reference[:-2].isdigit():
            reference = reference[:-2]
        if reference in self.by_code:
            return self.by_code[reference], ""
        named = self.by_name.get(fold(reference), [])
        if len(named) == 1:
            return named[0], ""
        if named:
            return None, _("%(count)s units are named %(name)s (%(units)s); give the code of one.") % {
                "count": len(named),
                "name": reference,
                "units": "; ".join(f"{unit.code or '—'} {unit.name}" for unit in named[:5]),
            }
        seen = self._visible_elsewhere(reference)
        if seen is not None:
            return None, _("You may not assign tasks to %(unit)s.") % {"unit": seen}
        return None, _("No unit you may assign tasks to has the code or name %(name)s.") % {"name": reference}

    def _visible_elsewhere(self, reference: str) -> OrgUnit | None:
        """A unit of that code or name the user sees but may not assign to (to say so)."""
        if reference not in self.outside:
            self.outside[reference] = (
                OrgUnit.objects.visible_to(self.user)
                .filter(Q(code=reference) | Q(name__iexact=reference) | Q(name_en__iexact=reference))
                .order_by("path")
                .first()
            )
        return self.outside[reference]


class DocumentFinder:
    """Documents the user can see by number, and their clauses, each read once."""

    def __init__(self, user):
        self.user = user
        self.documents: dict[str, tuple[Document | None, str]] = {}
        self.clauses: dict[int, list[Clause]] = {}

    def find(self, number: str) -> tuple[Document | None, str]:
        key = " ".join(number.split()).casefold()
        if key not in self.documents:
            found = list(
                Document.objects.visible_to(self.user)
                .filter(number__iexact=" ".join(number.split()))
                .defer("text")
                .order_by("-issued_on", "-id")[:6]
            )
            if len(found) == 1:
                self.documents[key] = (found[0], "")
            elif found:
                self.documents[key] = (
                    None,
                    _("Several documents you can see have the number %(number)s: %(documents)s.")
                    % {
                        "number": number,
                        "documents": "; ".join(
                            f"{document.title[:60]} ({date_format(document.issued_on, 'SHORT_DATE_FORMAT')})"
                            if document.issued_on
                            else document.title[:60]
                            for document in found[:5]
                        ),
                    },
                )
            else:
                self.documents[key] = (
                    None,
                    _("No document you can see has the number %(number)s.") % {"number": number},
                )
        return self.documents[key]

    def clause(self, document: Document, label: str) -> tuple[Clause | None, str]:
        if document.pk not in self.clauses:
            self.clauses[document.pk] = list(Clause.objects.filter(document=document).order_by("position"))
        wanted = _clause_key(label)
        clauses = self.clauses[document.pk]
        # Its full number ("II.3") or anchor ("II-3") first; then its own number ("3") under any heading.
        found = [
            clause
            for clause in clauses
            if _clause_key(clause.anchor) == wanted or (clause.label and _clause_key(clause.label) == wanted)
        ]
        if not found:
            found = [
                clause
                for clause in clauses
                if clause.label and _clause_key(clause.label.rsplit(".", 1)[-1]) == wanted
            ]
        if len(found) == 1:
            return found[0], ""
        if found:
            return None, _(
                "%(count)s clauses of %(document)s are numbered %(label)s (%(labels)s); "
                "write the full number."
            ) % {
                "count": len(found),
                "document": document.number,
                "label": label,
                "labels": ", ".join(clause.label for clause in found[:6]),
            }
        return None, _("%(document)s has no clause numbered %(label)s.") % {
            "document": document.number,
            "label": label,
        }


def _date_of(raw) -> date | None:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    for pattern, order in ((DAY_MONTH_YEAR, (2, 1, 0)), (YEAR_MONTH_DAY, (0, 1, 2))):
        match = pattern.match(text)
        if match:
            parts = [int(part) for part in match.groups()]
            try:
                return date(parts[order[0]], parts[order[1]], parts[order[2]])
            except ValueError:
                return None
    return None


class FileReader:
    """Reads and checks the rows of a file: `check()` resolves every reference and applies the rules
    of `actions.create_tasks`, recording every error; `rows` are the rows that passed."""

    def __init__(self, file, user, *, assigned_by_unit, assigned_on: date | None = None):
        self.file = file
        self.user = user
        self.assigned_by_unit = assigned_by_unit
        self.assigned_on = assigned_on or clock.today()
        self.errors = ImportErrors()
        self.rows: list[Row] = []
        self.positions: dict[str, int] = {}
        self.headers: dict[str, str] = {}

    def _open(self):
        self.file.seek(0)
        return open_for_reading(self.file)

    def count_rows(self) -> int:
        workbook = self._open()
        try:
            return max((workbook.worksheets[0].max_row or 1) - 1, 0) if workbook.worksheets else 0
        finally:
            workbook.close()

    def _find_sheet(self, workbook):
        """The first sheet whose first row names the required columns, and its lines after it."""
        known = _known_headers()
        for sheet in workbook.worksheets:
            lines = sheet.iter_rows(values_only=True)
            header = next(lines, None) or ()
            positions, headers = {}, {}
            for index, cell in enumerate(header):
                text = normalise_text(str(cell)).strip() if cell is not None else ""
                key = known.get(fold(text))
                if key and key not in positions:
                    positions[key], headers[key] = index, text
            if all(key in positions for key in REQUIRED_COLUMNS):
                return positions, headers, lines
        return None, None, None

    def column(self, key: str) -> tuple[str, str]:
        if key not in self.positions:
            return "", ""
        return column_letter(self.positions[key] + 1), self.headers[key]

    def error(self, number: int, key: str, message: str) -> None:
        letter, header = self.column(key)
        self.errors.add(number, letter, header, message)

    def check(self, on_row=None) -> None:
        """Read every row; record every error; keep the rows with none in `rows`."""
        units = UnitFinder(self.user)
        documents = DocumentFinder(self.user)
        workbook = self._open()
        try:
            positions, headers, lines = self._find_sheet(workbook)
            if positions is None:
                with language_override("en"):
                    english = ", ".join(str(COLUMNS[key]) for key in REQUIRED_COLUMNS)
                self.errors.add(
                    1,
                    "",
                    "",
                    _("No sheet starts with the columns %(columns)s (in English or Vietnamese).")
                    % {"columns": english},
                )
                return
            self.positions, self.headers = positions, headers
            for count, (number, line) in enumerate(enumerate(lines, start=2), start=1):
                if on_row is not None:
                    on_row(count)
                row = self._row(number, line, units, documents)
                if row is not None:
                    self.rows.append(row)
        finally:
            workbook.close()
        if not self.errors and not self.rows:
            self.errors.add(2, "", "", _("The sheet has no task to import."))
        self._check_rules()

    def _check_rules(self) -> None:
        """The rules of the action itself (deadline before the assignment, the lead unit also
        coordinating, a closed unit…), for the rows that read well."""
        refused = new_task_errors(
            acting_user=self.user,
            tasks=[row.new_task() for row in self.rows],
            assigned_by_unit=self.assigned_by_unit,
            assigned_on=self.assigned_on,
        )
        known = {(item["row"], item["column"], item["message"]) for item in self.errors.items}
        for position, by_field in refused.items():
            row = self.rows[position]
            for name, messages in by_field.items():
                letter, header = self.column(FIELD_COLUMNS.get(name, ""))
                for message in messages:
                    if (row.number, letter, str(message)) not in known:
                        self.errors.add(row.number, letter, header, message)
        self.rows = [
            row for position, row in enumerate(self.rows) if position not in refused and not row.broken
        ]
        self.errors.items.sort(key=lambda item: (item["row"], item["column"]))

    def _row(self, number: int, line, units: UnitFinder, documents: DocumentFinder) -> Row | None:
        broken = False

        def raw(key):
            index = self.positions.get(key)
            return line[index] if index is not None and index < len(line) else None

        def text(key) -> str:
            value = raw(key)
            if value is None:
                return ""
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            try:
                return normalise_text(str(value)).strip()
            except NulCharacterError:
                error(key, _("The text must not contain a NUL character."))
                return ""

        def error(key, message):
            nonlocal broken
            broken = True
            self.error(number, key, message)

        values = {key: text(key) for key in COLUMNS if key != "deadline"}
        deadline_cell = raw("deadline")
        if not any(values.values()) and (deadline_cell is None or str(deadline_cell).strip() == ""):
            return None  # an empty row
        title = " ".join(values["title"].split())
        if not title:
            error("title", _("Enter the title of the task."))
        elif len(title) > TITLE_MAX_LENGTH:
            error(
                "title",
                _("The title has %(length)s characters; at most %(most)s fit.")
                % {"length": len(title), "most": TITLE_MAX_LENGTH},
            )
        lead_unit = None
        if not values["lead_unit"]:
            error("lead_unit", _("Give the lead unit, by code or name."))
        else:
            lead_unit, problem = units.find(values["lead_unit"])
            if problem:
                error("lead_unit", problem)
        coordinating = []
        for reference in (part.strip() for part in values["coordinating_units"].split(";")):
            if not reference:
                continue
            unit, problem = units.find(reference)
            if problem:
                error("coordinating_units", problem)
            elif unit not in coordinating:
                coordinating.append(unit)
        deadline = None
        if deadline_cell is None or str(deadline_cell).strip() == "":
            error("deadline", _("Give the deadline, e.g. 31/12/2025."))
        else:
            deadline = _date_of(deadline_cell)
            if deadline is None:
                error(
                    "deadline",
                    _("%(value)s is not a date; write it as dd/mm/yyyy, e.g. 31/12/2025.")
                    % {"value": text("deadline")},
                )
        document = clause = None
        if values["document"]:
            document, problem = documents.find(values["document"])
            if problem:
                error("document", problem)
            elif values["clause"]:
                clause, problem = documents.clause(document, values["clause"])
                if problem:
                    error("clause", problem)
        elif values["clause"]:
            error("clause", _("Give the number of the document this clause belongs to."))
        if lead_unit is None:
            return None
        # A row with a problem is still held to the action's rules, so every problem shows at once.
        return Row(
            broken=broken,
            number=number,
            title=title,
            lead_unit=lead_unit,
            coordinating_units=coordinating,
            deadline=deadline,
            document=document,
            clause=clause,
            description=values["description"],
        )

    def preview(self) -> dict:
        """What the import would create: counts, and its first rows as the preview page shows them."""
        return {
            "tasks": len(self.rows),
            "lead_units": len({row.lead_unit.pk for row in self.rows}),
            "coordinations": sum(len(row.coordinating_units) for row in self.rows),
            "with_clause": sum(1 for row in self.rows if row.clause is not None),
            "rows": [
                {
                    "row": row.number,
                    "title": row.title,
                    "lead_unit": str(row.lead_unit),
                    "coordinating_units": [str(unit) for unit in row.coordinating_units],
                    "deadline": date_format(row.deadline, "SHORT_DATE_FORMAT") if row.deadline else "",
                    "document": row.document.number if row.document else "",
                    "clause": (row.clause.label or row.clause.anchor) if row.clause else "",
                }
                for row in self.rows[:PREVIEW_ROWS]
            ],
        }
