"""The spreadsheet import of a reorganisation's new units and operations.

One row per new unit: its name, English name, kind, code, parent (the code of an existing unit, or the
name of a new unit of the same file) and "formed from" (codes or names of existing units, separated
by ";"). A unit named in one row's "formed from" merges into that row's new unit; a unit named in
several rows splits among them (the first row taking what no choice sends elsewhere).

Every row is checked first and each error names its row and column; only a file without errors is
written, through the actions, in one transaction, so nothing is ever half-written."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from resolute.core.text import NulCharacterError, normalise_text
from resolute.core.xlsx import NOT_A_WORKBOOK, ExcelWorkbook, column_letter, open_for_reading

from . import actions
from .models import OrgUnitKind, ReorganisationStepKind
from .reorganisation import unit_choices_in
from .search import fold

COLUMNS = ["name", "name_en", "kind", "code", "parent", "formed_from"]
REQUIRED_COLUMNS = ["name", "kind"]


def build_import_template(reorganisation) -> bytes:
    """The empty sheet to fill in, and a second sheet that explains each column and lists the kinds."""
    workbook = ExcelWorkbook()
    sheet = workbook.sheet("units")
    sheet.append(COLUMNS, bold=True)
    sheet.widths(36, 30, 18, 12, 30, 40)
    guide = workbook.sheet("guide")
    guide.append([_("Column"), _("What to write")], bold=True)
    guide.append(["name", _("The new unit's name (required).")])
    guide.append(["name_en", _("Its name in English (optional).")])
    guide.append(["kind", _("One of the kinds below (required).")])
    guide.append(["code", _("Its official code (optional; never one already used).")])
    guide.append(
        [
            "parent",
            _("The code of an existing unit, or the name of a new unit of this sheet; empty: %(area)s.")
            % {"area": reorganisation.area},
        ]
    )
    guide.append(
        [
            "formed_from",
            _(
                "Codes or names of the existing units it is formed from, separated by “;”. A unit named in "
                "several rows is split among them."
            ),
        ]
    )
    guide.append([])
    guide.append([_("Kind"), _("Meaning")], bold=True)
    for value, label in OrgUnitKind.choices:
        guide.append([value, str(label)])
    guide.widths(16, 90)
    return workbook.to_bytes()


@dataclass
class ImportResult:
    units: int = 0
    steps: int = 0
    errors: list[dict] = field(default_factory=list)

    def add(self, row: int, column: str, message: str) -> None:
        self.errors.append({"row": row, "column": column, "message": str(message)})


@dataclass
class _Row:
    number: int
    name: str
    name_en: str
    kind: str
    code: str
    parent_text: str
    sources: list = field(default_factory=list)


def _kind_of(text: str) -> str | None:
    folded = fold(text)
    for value, label in OrgUnitKind.choices:
        if folded in (fold(value), fold(str(label))):
            return value
    return None


def _header_positions(header) -> dict[str, int] | None:
    if not header:
        return None
    names = [fold(str(cell)).replace(" ", "_") if cell is not None else "" for cell in header]
    if not all(name in names for name in REQUIRED_COLUMNS):
        return None
    return {name: names.index(name) for name in COLUMNS if name in names}


def _cell_text(line, positions, name, number, result) -> str:
    index = positions.get(name)
    value = line[index] if index is not None and index < len(line) else None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        return normalise_text(str(value if value is not None else "")).strip()
    except NulCharacterError:
        result.add(number, column_letter(index + 1), _("The text must not contain a NUL character."))
        return ""


def _read_rows(file, result: ImportResult) -> tuple[list[_Row], dict[str, int]]:
    workbook = open_for_reading(file)
    try:
        for sheet in workbook.worksheets:
            lines = sheet.iter_rows(values_only=True)
            positions = _header_positions(next(lines, None))
            if positions is None:
                continue
            rows = []
            for number, line in enumerate(lines, start=2):
                values = {name: _cell_text(line, positions, name, number, result) for name in COLUMNS}
                if not any(values.values()):
                    continue
                rows.append(
                    _Row(
                        number=number,
                        name=values["name"],
                        name_en=values["name_en"],
                        kind=values["kind"],
                        code=values["code"],
                        parent_text=values["parent"],
                        sources=[part.strip() for part in values["formed_from"].split(";") if part.strip()],
                    )
                )
            return rows, positions
    finally:
        workbook.close()
    result.add(1, "", _("No sheet starts with the columns %(columns)s.") % {"columns": ", ".join(COLUMNS)})
    return [], {}


def _check(reorganisation, rows, positions, result):
    """Resolve every reference; record an error for each bad cell. Returns what to write."""

    def column(name):
        return column_letter(positions[name] + 1) if name in positions else ""

    units = unit_choices_in(reorganisation)
    wanted = {text for row in rows for text in [row.parent_text, *row.sources] if text}
    by_code, by_name = {}, {}
    if wanted:
        for unit in units.filter(Q(code__in=wanted) | Q(name__in=wanted)):
            if unit.code:
                by_code[unit.code] = unit
            by_name.setdefault(unit.name, []).append(unit)
    new_names = {}
    for row in rows:
        if row.name in new_names:
            result.add(
                row.number,
                column("name"),
                _("%(name)s is already the name of the new unit on row %(row)d.")
                % {"name": row.name, "row": new_names[row.name].number},
            )
        elif row.name:
            new_names[row.name] = row

    def existing(text, row, name):
        if text in by_code:
            return by_code[text]
        named = by_name.get(text, [])
        if len(named) == 1:
            return named[0]
        if len(named) > 1:
            result.add(
                row.number,
                column(name),
                _("Several units are named %(name)s; give its code.") % {"name": text},
            )
        else:
            result.add(
                row.number,
                column(name),
                _("No open unit of %(area)s has the code or name %(text)s.")
                % {"area": reorganisation.area, "text": text},
            )
        return None

    for row in rows:
        if not row.name:
            result.add(row.number, column("name"), _("Give the new unit a name."))
        kind = _kind_of(row.kind) if row.kind else None
        if kind is None:
            result.add(
                row.number,
                column("kind"),
                _("%(kind)s is not a kind of unit; see the guide sheet.") % {"kind": row.kind or "—"},
            )
        row.kind = kind
        row.parent = None
        if row.parent_text:
            if row.parent_text in new_names and row.parent_text not in by_code:
                row.parent = new_names[row.parent_text]
            else:
                row.parent = existing(row.parent_text, row, "parent")
        row.source_units = [
            unit for unit in (existing(text, row, "formed_from") for text in row.sources) if unit
        ]


# The action's field names, as the file's columns.
ACTION_FIELD_COLUMNS = {
    "name": "name",
    "name_en": "name_en",
    "kind": "kind",
    "code": "code",
    "parent": "parent",
}


@transaction.atomic
def _write(*, acting_user, reorganisation, rows, positions, result) -> None:
    def column(name):
        name = ACTION_FIELD_COLUMNS.get(name, "formed_from")
        return column_letter(positions[name] + 1) if name in positions else ""

    def refused(row, error):
        for name, messages in error.message_dict.items():
            for message in messages:
                result.add(row.number, column(name), message)

    planned = {}
    remaining = list(rows)
    while remaining:
        ready = [r for r in remaining if not isinstance(r.parent, _Row) or r.parent.number in planned]
        if not ready:
            for row in remaining:
                result.add(row.number, "", _("The new units' parents form a loop; check their parent units."))
            raise ValidationError("loop")
        for row in ready:
            try:
                planned[row.number] = actions.plan_unit(
                    acting_user=acting_user,
                    reorganisation=reorganisation,
                    name=row.name,
                    name_en=row.name_en,
                    kind=row.kind,
                    code=row.code,
                    parent=None if isinstance(row.parent, _Row) else (row.parent or reorganisation.area),
                    planned_parent=planned[row.parent.number] if isinstance(row.parent, _Row) else None,
                )
            except ValidationError as error:
                refused(row, error)
                raise
        remaining = [r for r in remaining if r.number not in planned]
    result.units = len(planned)
    # A unit formed into one row merges into it; into several rows, splits among them.
    rows_of_source: dict[int, list] = {}
    sources = {}
    for row in rows:
        for unit in row.source_units:
            sources[unit.pk] = unit
            rows_of_source.setdefault(unit.pk, []).append(row)
    merges: dict[int, list] = {}
    for pk, source_rows in rows_of_source.items():
        if len(source_rows) == 1:
            merges.setdefault(source_rows[0].number, []).append(sources[pk])
        else:
            _add_step(
                acting_user, reorganisation, ReorganisationStepKind.SPLIT, [sources[pk]], source_rows, planned
            )
            result.steps += 1
    by_number = {row.number: row for row in rows}
    for number, units in merges.items():
        _add_step(
            acting_user, reorganisation, ReorganisationStepKind.MERGE, units, [by_number[number]], planned
        )
        result.steps += 1


def _add_step(acting_user, reorganisation, kind, sources, rows, planned) -> None:
    try:
        actions.add_step(
            acting_user=acting_user,
            reorganisation=reorganisation,
            kind=kind,
            sources=sources,
            successors=[planned[row.number] for row in rows],
        )
    except ValidationError as error:
        error.import_row = rows[0]
        raise


def import_reorganisation_file(*, acting_user, reorganisation, file) -> ImportResult:
    """Read, check and — only when every row is right — write the file's new units and operations."""
    result = ImportResult()
    try:
        rows, positions = _read_rows(file, result)
    except NOT_A_WORKBOOK:
        result.add(
            1,
            "",
            _(
                "The file is not an Excel workbook (.xlsx) that can be opened; "
                "save it as .xlsx and upload it again."
            ),
        )
        return result
    if not result.errors and not rows:
        result.add(2, "", _("The sheet has no row to import."))
    if result.errors:
        return result
    _check(reorganisation, rows, positions, result)
    if result.errors:
        return result
    try:
        _write(
            acting_user=acting_user,
            reorganisation=reorganisation,
            rows=rows,
            positions=positions,
            result=result,
        )
    except ValidationError as error:
        row = getattr(error, "import_row", None)
        if row is not None:
            column = column_letter(positions["formed_from"] + 1) if "formed_from" in positions else ""
            for message in error.messages:
                result.add(row.number, column, message)
        result.units = result.steps = 0
        if not result.errors:
            result.add(1, "", _("The file could not be imported."))
    return result
