"""The values workbook: the template a unit downloads, and the reader that checks a filled one row by
row (the import itself, which writes, is `actions.imports`).

The file is in long format, one value a row: indicator code, unit (official code or id), period,
value, vintage, comment. Extra columns (the template adds the indicator's name and unit of
measure) are ignored; every sheet whose first row names these columns is read. The reader streams
the file with openpyxl's read-only mode, so memory stays bounded however many rows it has.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from resolute.core.numbers import exact_decimal
from resolute.core.periods import Period, PeriodType
from resolute.core.text import NulCharacterError, normalise_text
from resolute.core.xlsx import ExcelWorkbook, column_letter, open_for_reading
from resolute.orgunits.models import OrgUnit

from .actions.values import range_errors
from .models import Indicator, Vintage
from .permissions import can_enter_values

COLUMNS = ["indicator", "unit", "period", "value", "vintage", "comment"]
REQUIRED_COLUMNS = ["indicator", "unit", "period", "value"]
EXTRA_TEMPLATE_COLUMNS = ["indicator name", "unit of measure"]


# -- the template ----------------------------------------------------------------------------------


def not_a_workbook(name: str) -> str:
    return _(
        "“%(name)s” is not an Excel workbook (.xlsx) that can be opened: it may be damaged or saved in "
        "another format. Open it in Excel or LibreOffice, save it as .xlsx and upload it again."
    ) % {"name": name}


def unit_reference(unit) -> str:
    """How a file names a unit: its official code, else its id."""
    return unit.code or str(unit.pk)


def build_template(unit, year: int, indicators) -> bytes:
    """A workbook with one row per owed indicator and period of `year`, the value left blank."""
    workbook = ExcelWorkbook()
    sheet = workbook.sheet("values")
    sheet.append([*COLUMNS, *EXTRA_TEMPLATE_COLUMNS])
    for indicator in indicators:
        for period in Period.all_in_year(year, indicator.periodicity):
            sheet.append(
                [
                    indicator.code,
                    unit_reference(unit),
                    period.code,
                    None,
                    int(Vintage.ESTIMATE),
                    "",
                    str(indicator.display_name),
                    str(indicator.display_unit_of_measure),
                ]
            )
    return workbook.to_bytes()


# -- reading a file --------------------------------------------------------------------------------


@dataclass
class Row:
    sheet: str
    number: int
    indicator: Indicator
    unit: OrgUnit
    period: Period
    value: Decimal
    vintage: int
    comment: str


class ImportErrors:
    """Every error of a file, by sheet, row and column."""

    def __init__(self):
        self.items: list[dict] = []

    def add(self, sheet: str, row: int, column: str, message: str) -> None:
        self.items.append({"sheet": sheet, "row": row, "column": column, "message": str(message)})

    def __bool__(self) -> bool:
        return bool(self.items)


def _vintage_of(raw) -> int | None:
    if raw is None or raw == "":
        return int(Vintage.ESTIMATE)
    text = str(raw).strip().lower()
    if text.endswith(".0"):
        text = text[:-2]
    if text.isdigit() and int(text) in Vintage.values:
        return int(text)
    for choice in Vintage:
        if text in (choice.name.lower(), str(choice.label).lower()):
            return int(choice)
    return None


def _decimal_of(raw) -> Decimal | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float | Decimal):
        return Decimal(str(raw))
    try:
        return Decimal(str(raw).strip().replace(" ", ""))
    except InvalidOperation:
        return None


def _period_code_of(raw) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw).strip()


class FileReader:
    """Reads the rows of a file, resolving indicators and units once each, and checks each row.
    `rows()` yields Row objects for valid rows and records errors for the others."""

    def __init__(self, file, user):
        self.file = file
        self.user = user
        self.errors = ImportErrors()
        self.indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
        self.units: dict[str, OrgUnit | None] = {}
        self.may_enter: dict[int, bool] = {}

    def count_rows(self) -> int:
        workbook = self._open()
        try:
            return sum(max((sheet.max_row or 1) - 1, 0) for sheet in workbook.worksheets)
        finally:
            workbook.close()

    def _open(self):
        self.file.seek(0)
        return open_for_reading(self.file)

    def _unit(self, reference: str) -> OrgUnit | None:
        if reference not in self.units:
            condition = Q(code=reference)
            if reference.isdigit():
                condition |= Q(pk=int(reference))
            candidates = sorted(
                OrgUnit.objects.select_related("parent").filter(condition)[:2],
                key=lambda unit: unit.code != reference,
            )
            self.units[reference] = candidates[0] if candidates else None
        return self.units[reference]

    def _may_enter(self, unit) -> bool:
        if unit.pk not in self.may_enter:
            self.may_enter[unit.pk] = can_enter_values(self.user, unit)
        return self.may_enter[unit.pk]

    def rows(self, on_row=None):
        """Every valid row of every data sheet. `on_row(count)` is called as rows are read."""
        workbook = self._open()
        count = 0
        try:
            data_sheets = 0
            for sheet in workbook.worksheets:
                lines = sheet.iter_rows(values_only=True)
                header = next(lines, None)
                positions = self._positions(header)
                if positions is None:
                    continue
                data_sheets += 1
                for number, line in enumerate(lines, start=2):
                    count += 1
                    if on_row is not None:
                        on_row(count)
                    row = self._row(sheet.title, number, line, positions)
                    if row is not None:
                        yield row
            if not data_sheets:
                self.errors.add(
                    "",
                    1,
                    "",
                    _("No sheet starts with the columns %(columns)s.") % {"columns": ", ".join(COLUMNS)},
                )
        finally:
            workbook.close()

    @staticmethod
    def _positions(header) -> dict[str, int] | None:
        if not header:
            return None
        names = [str(cell).strip().lower() if cell is not None else "" for cell in header]
        if not all(name in names for name in REQUIRED_COLUMNS):
            return None
        return {name: names.index(name) for name in COLUMNS if name in names}

    def _row(self, sheet: str, number: int, line, positions) -> Row | None:
        def cell(name):
            index = positions.get(name)
            return line[index] if index is not None and index < len(line) else None

        def column(name) -> str:
            return column_letter(positions[name] + 1) if name in positions else ""

        raw_value = cell("value")
        if raw_value is None or (isinstance(raw_value, str) and not raw_value.strip()):
            return None  # a template row left blank
        broken = False

        def error(name, message):
            nonlocal broken
            broken = True
            self.errors.add(sheet, number, column(name), message)

        def text(name) -> str:
            """The cell's text as it is stored (NFC, no direction controls), or "" with an error."""
            try:
                return normalise_text(str(cell(name) or "")).strip()
            except NulCharacterError:
                error(name, _("The text must not contain a NUL character."))
                return ""

        code = text("indicator")
        indicator = self.indicators.get(code)
        if indicator is None:
            error("indicator", _("No indicator has the code %(code)s.") % {"code": code or "—"})
        reference = text("unit")
        if reference.endswith(".0"):
            reference = reference[:-2]
        unit = self._unit(reference) if reference else None
        if unit is None or not self._may_enter(unit):
            if unit is not None and self._may_see(unit):
                error("unit", _("You may not enter values for %(unit)s.") % {"unit": unit})
            else:
                error("unit", _("No unit has the code or id %(unit)s.") % {"unit": reference or "—"})
        period_code = _period_code_of(cell("period"))
        try:
            period = Period.parse(period_code)
        except ValueError:
            period = None
            error("period", _("%(period)s is not a period.") % {"period": period_code or "—"})
        if period is not None and indicator is not None and period.type != indicator.periodicity:
            error(
                "period",
                _("%(indicator)s is reported %(periodicity)s; %(period)s is not such a period.")
                % {
                    "indicator": indicator.code,
                    "periodicity": PeriodType(indicator.periodicity).label,
                    "period": period.code,
                },
            )
        value = _decimal_of(raw_value)
        if value is not None:
            try:
                value = exact_decimal(value)
            except ValidationError as problem:
                value = None
                for message in problem.messages:
                    error(
                        "value",
                        _("%(value)s cannot be stored exactly: %(problem)s")
                        % {"value": raw_value, "problem": message},
                    )
        else:
            error("value", _("%(value)s is not a number.") % {"value": raw_value})
        if value is not None and indicator is not None:
            for message in range_errors(indicator, value):
                error("value", message)
        comment = text("comment")
        vintage = _vintage_of(cell("vintage"))
        if vintage is None:
            error("vintage", _("The vintage is 1 (estimate), 2 (preliminary) or 3 (official)."))
        if broken:
            return None
        return Row(
            sheet=sheet,
            number=number,
            indicator=indicator,
            unit=unit,
            period=period,
            value=value,
            vintage=vintage,
            comment=comment,
        )

    def _may_see(self, unit) -> bool:
        from resolute.orgunits.scope import scope_for

        return scope_for(self.user).can_see_unit(unit)


# -- checking and saving ---------------------------------------------------------------------------


def check_file(reader: FileReader, on_row=None) -> None:
    """Check every row, and that no cell (indicator, unit, period, vintage) appears twice."""
    first_seen: dict[tuple, int] = {}
    for row in reader.rows(on_row):
        key = (row.indicator.pk, row.unit.pk, row.period.code, row.vintage)
        if key in first_seen:
            reader.errors.add(
                row.sheet,
                row.number,
                "",
                _("%(indicator)s for %(period)s appears twice; first on row %(first)s.")
                % {"indicator": row.indicator.code, "period": row.period.code, "first": first_seen[key]},
            )
        else:
            first_seen[key] = row.number
