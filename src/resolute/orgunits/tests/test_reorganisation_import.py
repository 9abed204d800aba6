"""The spreadsheet import of a reorganisation's new units: errors name row and column, and a file
with any error writes nothing."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from resolute.core.xlsx import ExcelWorkbook, open_for_reading
from resolute.orgunits.models import ReorganisationStepKind as Kind
from resolute.orgunits.reorganisation import plan_reorganisation

HEADER = ["name", "name_en", "kind", "code", "parent", "formed_from"]


def workbook(*rows) -> SimpleUploadedFile:
    book = ExcelWorkbook()
    sheet = book.sheet("units")
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    return SimpleUploadedFile("units.xlsx", book.to_bytes())


def upload(client, draft, file):
    return client.post(reverse("orgunits:reorganisation_import", args=[draft.pk]), {"file": file})


def test_the_template_has_the_columns_and_a_guide(browser_as, draft):
    response = browser_as("admin").get(reverse("orgunits:reorganisation_import_template", args=[draft.pk]))
    book = open_for_reading(io.BytesIO(response.content))
    assert [cell.value for cell in next(book["units"].iter_rows(max_row=1))] == HEADER
    assert "guide" in book.sheetnames


def test_rows_become_new_units_mergers_and_splits(browser_as, draft, tree):
    file = workbook(
        ["Phường Hội An", "Hoi An Ward", "commune", "20333", "49", "20335; Thị trấn Ái Nghĩa"],
        ["Tổ dân phố 1", "", "other", "", "Phường Hội An", ""],
        ["Xã Tây", "", "commune-level unit", "", "", "506"],
        ["Xã Đông", "", "commune", "", "", "506"],
    )
    response = upload(browser_as("admin"), draft, file)
    assert response.status_code == 302
    units = {planned.name: planned for planned in draft.planned_units.all()}
    assert (
        units["Phường Hội An"].parent == tree["province"] and units["Phường Hội An"].name_en == "Hoi An Ward"
    )
    assert units["Tổ dân phố 1"].planned_parent == units["Phường Hội An"]
    assert units["Xã Tây"].parent == tree["province"]  # no parent given: the area
    steps = {step.kind: step for step in draft.steps.all()}
    assert set(steps[Kind.MERGE].sources.all()) == {tree["commune_a1"], tree["commune_b1"]}
    assert list(steps[Kind.SPLIT].sources.all()) == [tree["district_b"]]
    assert [row.planned.name for row in steps[Kind.SPLIT].successor_rows.all()] == ["Xã Tây", "Xã Đông"]
    assert plan_reorganisation(draft).counts()["created"] == 4


def test_every_bad_cell_is_named_by_row_and_column_and_nothing_is_written(browser_as, draft):
    file = workbook(
        ["Phường Hội An", "", "ward-ish", "", "", "20335"],
        ["", "", "commune", "", "Không có", "99999"],
    )
    response = upload(browser_as("admin"), draft, file)
    errors = {(e["row"], e["column"]): e["message"] for e in response.context["errors"]}
    assert errors[(2, "C")] == "ward-ish is not a kind of unit; see the guide sheet."
    assert errors[(3, "A")] == "Give the new unit a name."
    assert errors[(3, "E")].startswith("No open unit of Quang Nam Province has the code or name Không có")
    assert (3, "F") in errors
    assert not draft.planned_units.exists() and not draft.steps.exists()
    assert "nothing was imported" in response.content.decode()


def test_a_new_unit_named_twice_is_refused_on_its_second_row(browser_as, draft, tree):
    file = workbook(
        ["Phường A", "", "commune", "", "", "20335"],
        ["Phường A", "", "commune", "", "", ""],
    )
    response = upload(browser_as("admin"), draft, file)
    assert response.context["errors"][0]["row"] == 3 and response.context["errors"][0]["column"] == "A"
    assert not draft.planned_units.exists()


def test_a_file_that_is_not_a_workbook_is_refused(browser_as, draft):
    response = upload(browser_as("admin"), draft, SimpleUploadedFile("units.xlsx", b"not a workbook"))
    assert "not an Excel workbook" in response.content.decode()


def test_only_the_area_s_administrators_may_import(browser_as, draft):
    file = workbook(["Phường A", "", "commune", "", "", ""])
    assert upload(browser_as("leader"), draft, file).status_code == 403
    assert upload(browser_as("district_a_admin"), draft, file).status_code == 404
    assert not draft.planned_units.exists()
