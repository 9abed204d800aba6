"""Writing documents, their clauses, files and relations: every write is checked and logged."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage

from resolute.core.changelog import history_of
from resolute.core.exceptions import StaleObjectError
from resolute.core.files import DOCX, JPEG, PDF, PNG, XLSX
from resolute.directives import actions
from resolute.directives.models import Attachment, Clause, DocumentRelation

from .conftest import (
    docx_file,
    exe_renamed_pdf,
    file_of_size,
    jpeg_file,
    make_document,
    pdf_file,
    plain_zip,
    png_file,
    xlsx_file,
)


def test_registering_a_document_splits_its_text_and_logs_the_new_values(tree, users, seed_text):
    document = make_document(tree["party"], acting_user=users["office"], text=seed_text)
    assert document.clauses.count() == 60
    assert document.clauses.get(anchor="II-B").level == 2
    assert document.created_by == users["office"]
    entry = history_of(document).get()
    assert entry.action == "create"
    assert entry.actor == users["office"]
    assert entry.changes["number"] == {"old": None, "new": "123/TB-TU"}
    assert entry.changes["owner"]["new"] == str(tree["party"])


def test_clause_parents_follow_the_headings(conclusion):
    paragraph = conclusion.clauses.get(anchor="II-B-p3")
    assert paragraph.parent.anchor == "II-B"
    assert paragraph.parent.parent.anchor == "II"
    assert conclusion.clauses.get(anchor="p1").parent is None


def test_editing_logs_old_and_new_values_and_bumps_the_version(conclusion, users):
    updated = actions.update_document(
        acting_user=users["office"],
        document=conclusion,
        expected_version=1,
        title="Conclusion 2024",
        signer="Secretary",
    )
    assert updated.version == 2
    entry = history_of(updated).first()
    assert entry.action == "update"
    assert entry.changes == {
        "title": {"old": "Conclusion of the provincial conference", "new": "Conclusion 2024"},
        "signer": {"old": "Lương Nguyễn Minh Triết", "new": "Secretary"},
    }


def test_saving_nothing_new_writes_nothing(conclusion, users):
    updated = actions.update_document(
        acting_user=users["office"], document=conclusion, title=conclusion.title
    )
    assert updated.version == 1
    assert history_of(conclusion).count() == 1


def test_a_stale_save_is_refused_naming_who_changed_the_document(conclusion, users, tree):
    actions.update_document(
        acting_user=users["admin"], document=conclusion, expected_version=1, signer="Someone"
    )
    with pytest.raises(StaleObjectError) as refused:
        actions.update_document(
            acting_user=users["office"], document=conclusion, expected_version=1, title="Mine"
        )
    assert refused.value.changed_by == str(users["admin"])
    conclusion.refresh_from_db()
    assert conclusion.title == "Conclusion of the provincial conference"


def test_a_new_text_keeps_the_clauses_whose_anchors_remain_and_drops_the_rest(conclusion, users):
    kept = conclusion.clauses.get(anchor="II-B-p1")
    dropped = conclusion.clauses.get(anchor="I-B-p10")
    new_text = conclusion.text.replace(dropped.text, "").replace(kept.text, "Grow by 10% in 2025.")
    updated = actions.update_document(acting_user=users["office"], document=conclusion, text=new_text)
    kept.refresh_from_db()
    assert kept.text == "Grow by 10% in 2025."
    assert not Clause.objects.filter(pk=dropped.pk).exists()
    assert updated.clauses.count() == 59
    assert history_of(updated).first().changes["text"]["new"] == new_text


def test_a_text_with_new_sections_adds_clauses_under_them(tree, users):
    document = make_document(tree["party"], text="I. One\nfirst")
    updated = actions.update_document(
        acting_user=None, document=document, text="I. One\nfirst\nII. Two\nA. Part\nsecond"
    )
    assert list(updated.clauses.values_list("anchor", "parent__anchor")) == [
        ("I", None),
        ("I-p1", "I"),
        ("II", None),
        ("II-A", "II"),
        ("II-A-p1", "II-A"),
    ]


def test_a_district_reporter_may_not_edit_a_provincial_document(conclusion, users):
    with pytest.raises(PermissionDenied):
        actions.update_document(
            acting_user=users["district_a_reporter"], document=conclusion, title="Changed"
        )
    conclusion.refresh_from_db()
    assert conclusion.title == "Conclusion of the provincial conference"


def test_an_office_may_not_register_a_document_for_a_unit_outside_its_jurisdiction(tree, district_a_office):
    with pytest.raises(PermissionDenied):
        make_document(tree["party"], acting_user=district_a_office)
    assert make_document(tree["district_a"], acting_user=district_a_office).owner == tree["district_a"]


@pytest.mark.parametrize(
    ("make_file", "file_type"),
    [(pdf_file, PDF), (png_file, PNG), (jpeg_file, JPEG), (docx_file, DOCX), (xlsx_file, XLSX)],
)
def test_a_file_is_accepted_by_its_content(conclusion, users, make_file, file_type):
    upload = make_file()
    attachment = actions.add_attachment(
        acting_user=users["office"], document=conclusion, uploaded_file=upload
    )
    assert attachment.content_type == file_type.content_type
    assert attachment.original_name == upload.name
    assert attachment.file.name.endswith("." + file_type.extension)
    assert default_storage.exists(attachment.file.name)
    assert history_of(conclusion).first().note == f"Attached the file “{upload.name}”."


@pytest.mark.parametrize("make_file", [exe_renamed_pdf, plain_zip])
def test_a_file_whose_content_is_not_an_accepted_type_is_refused_and_nothing_is_written(
    conclusion, users, make_file
):
    with pytest.raises(ValidationError) as refused:
        actions.add_attachment(acting_user=users["office"], document=conclusion, uploaded_file=make_file())
    assert "not a PDF, Word (DOCX), Excel (XLSX), PNG or JPEG file" in refused.value.message_dict["file"][0]
    assert not Attachment.objects.exists()
    assert history_of(conclusion).count() == 1


def test_a_file_over_the_size_limit_is_refused_naming_the_limit(conclusion, users, small_upload_limit):
    with pytest.raises(ValidationError) as refused:
        actions.add_attachment(
            acting_user=users["office"], document=conclusion, uploaded_file=file_of_size(2048)
        )
    message = refused.value.message_dict["file"][0].replace("\xa0", " ")
    assert message == "File: “big.pdf” is 2.0 KB; the largest file accepted is 1.0 KB."
    assert not Attachment.objects.exists()


def test_registering_with_a_bad_file_writes_nothing_at_all(tree, users):
    with pytest.raises(ValidationError):
        make_document(
            tree["party"], acting_user=users["office"], attachments=[pdf_file(), exe_renamed_pdf("b.pdf")]
        )
    assert not Attachment.objects.exists()
    assert not tree["party"].owned_documents.exists()


def test_removing_a_file_deletes_it_once_the_change_is_committed(
    conclusion, users, django_capture_on_commit_callbacks
):
    attachment = actions.add_attachment(
        acting_user=users["office"], document=conclusion, uploaded_file=pdf_file()
    )
    stored = attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        actions.remove_attachment(acting_user=users["office"], attachment=attachment)
    assert not Attachment.objects.exists()
    assert not default_storage.exists(stored)
    assert history_of(conclusion).first().note == "Removed the file “conclusion.pdf”."


def test_relating_documents_is_logged_on_the_source(conclusion, district_a_plan, users):
    relation = actions.add_relation(
        acting_user=users["office"],
        source=district_a_plan,
        target=conclusion,
        kind=DocumentRelation.Kind.IMPLEMENTS,
    )
    assert relation.get_kind_display() == "implements"
    assert (
        history_of(district_a_plan).first().note == f"Relation added. This document implements {conclusion}."
    )


def test_a_document_cannot_be_related_to_itself(conclusion, users):
    with pytest.raises(ValidationError) as refused:
        actions.add_relation(
            acting_user=users["office"], source=conclusion, target=conclusion, kind="refers_to"
        )
    assert refused.value.message_dict == {"target": ["A document cannot be related to itself."]}
    assert not DocumentRelation.objects.exists()


def test_the_same_relation_is_not_recorded_twice(conclusion, district_a_plan, users):
    actions.add_relation(
        acting_user=users["office"], source=district_a_plan, target=conclusion, kind="implements"
    )
    with pytest.raises(ValidationError):
        actions.add_relation(
            acting_user=users["office"], source=district_a_plan, target=conclusion, kind="implements"
        )
    assert DocumentRelation.objects.count() == 1


def test_a_relation_may_not_point_at_a_document_the_user_cannot_see(district_a_plan, district_b_plan, users):
    # The provincial office sees both, but a district office would not see its neighbour.
    from resolute.conftest import make_user

    district_b_viewer = make_user("dailoc_admin", (district_b_plan.owner, "admin"))
    with pytest.raises(ValidationError):
        actions.add_relation(
            acting_user=district_b_viewer, source=district_b_plan, target=district_a_plan, kind="refers_to"
        )


def test_removing_a_relation_is_logged(conclusion, district_a_plan, users):
    relation = actions.add_relation(
        acting_user=None, source=district_a_plan, target=conclusion, kind="reviews"
    )
    actions.remove_relation(acting_user=users["office"], relation=relation)
    assert not DocumentRelation.objects.exists()
    assert history_of(district_a_plan).first().note.startswith("Relation removed. This document reviews")


def test_an_issued_date_in_the_future_is_allowed(tree, users):
    assert (
        make_document(tree["party"], acting_user=users["office"], issued_on=date(2031, 1, 1)).issued_on.year
        == 2031
    )
