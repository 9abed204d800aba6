"""The document pages as a user meets them: the list, registering, editing, the structured text,
files and relations."""

from datetime import date

import pytest
from django.urls import reverse

from resolute.conftest import make_unit
from resolute.core.changelog import history_of
from resolute.directives import actions
from resolute.directives.models import Attachment, Document, DocumentKind, DocumentRelation, DocumentStatus
from resolute.orgunits.models import OrgUnitKind

from .conftest import docx_file, exe_renamed_pdf, file_of_size, make_document, pdf_file

LIST_URL = reverse("directives:list")
CREATE_URL = reverse("directives:create")


def registration(tree, **overrides):
    data = {
        "kind": "conclusion_notice",
        "number": "123/TB-TU",
        "issued_on": "2024-12-20",
        "status": "issued",
        "title": "Conclusion of the Standing Committee",
        "issuer": tree["party"].pk,
        "issuer_name": "",
        "signer": "Secretary",
        "owner": tree["party"].pk,
        "text": "I. Results\nGrowth was 7.1%.\nII. Tasks\nA. Economy\nGrow by 10%.",
    }
    data.update(overrides)
    return data


def edit_form(document, **overrides):
    data = {
        "kind": document.kind,
        "number": document.number,
        "issued_on": document.issued_on.isoformat() if document.issued_on else "",
        "status": document.status,
        "title": document.title,
        "issuer": document.issuer_id or "",
        "issuer_name": document.issuer_name,
        "signer": document.signer,
        "owner": document.owner_id,
        "text": document.text,
        "version": document.version,
    }
    data.update(overrides)
    return data


# -- list ---------------------------------------------------------------------------------------


def test_the_list_shows_only_documents_the_user_can_see_each_linking_to_its_page(
    conclusion, district_a_plan, district_b_plan, users, browser_for
):
    page = browser_for(users["district_a_reporter"]).get(LIST_URL)
    html = page.content.decode()
    assert conclusion.get_absolute_url() in html
    assert district_a_plan.get_absolute_url() in html
    assert district_b_plan.get_absolute_url() not in html
    assert list(page.context["documents"]) == [district_a_plan, conclusion]


def test_the_register_button_appears_only_for_those_who_may_register(users, browser_for, tree):
    assert CREATE_URL in browser_for(users["office"]).get(LIST_URL).content.decode()
    assert CREATE_URL not in browser_for(users["district_a_manager"]).get(LIST_URL).content.decode()


def test_an_empty_list_says_so(users, browser_for):
    assert (
        "There are no documents you can see yet."
        in browser_for(users["leader"]).get(LIST_URL).content.decode()
    )


def test_filters_that_match_nothing_say_so(conclusion, users, browser_for):
    html = browser_for(users["leader"]).get(LIST_URL, {"q": "nonexistent"}).content.decode()
    assert "No document matches these filters." in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "plan"}, {"45-KH/TU", "46-KH/HU"}),
        ({"year": "2024"}, {"123/TB-TU"}),
        ({"status": "draft"}, {"09-CT/TU"}),
        ({"q": "Hoi An"}, {"45-KH/TU", "123/TB-TU"}),  # the conclusion's text names Hoi An
        ({"q": "socio-economics"}, {"123/TB-TU"}),
        ({"q": "46-KH"}, {"46-KH/HU"}),
    ],
)
def test_the_list_filters_by_kind_year_status_and_words(
    conclusion, district_a_plan, district_b_plan, tree, users, browser_for, query, expected
):
    make_document(
        tree["party"],
        kind=DocumentKind.DIRECTIVE,
        number="09-CT/TU",
        status=DocumentStatus.DRAFT,
        issued_on=date(2025, 3, 1),
    )
    page = browser_for(users["leader"]).get(LIST_URL, query)
    assert {document.number for document in page.context["documents"]} == expected


def test_the_list_filters_by_issuer_among_the_issuers_the_user_can_see(tree, users, browser_for):
    make_document(tree["party"], issuer=tree["party"], number="1-NQ/TU")
    make_document(tree["committee"], issuer=tree["committee"], number="2/QD-UBND", kind=DocumentKind.PLAN)
    page = browser_for(users["leader"]).get(LIST_URL, {"issuer": tree["committee"].pk})
    assert [document.number for document in page.context["documents"]] == ["2/QD-UBND"]
    assert set(page.context["filter"].form.fields["issuer"].queryset) == {tree["party"], tree["committee"]}


def test_the_list_sorts_by_number(conclusion, district_a_plan, district_b_plan, users, browser_for):
    page = browser_for(users["leader"]).get(LIST_URL, {"sort": "number"})
    assert [document.number for document in page.context["documents"]] == [
        "123/TB-TU",
        "45-KH/TU",
        "46-KH/HU",
    ]


def test_the_list_pages_by_25(tree, users, browser_for):
    for number in range(30):
        make_document(tree["party"], number=f"{number + 1}-TB/TU", issued_on=date(2024, 1, 1))
    browser = browser_for(users["leader"])
    first, second = browser.get(LIST_URL), browser.get(LIST_URL, {"page": 2})
    assert len(first.context["documents"]) == 25
    assert len(second.context["documents"]) == 5
    assert "Page 1 of 2" in first.content.decode()


def test_an_htmx_request_gets_only_the_results(conclusion, users, browser_for):
    response = browser_for(users["leader"]).get(LIST_URL, {"q": "Conclusion"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="document-results">')
    assert conclusion.get_absolute_url() in html
    assert "<html" not in html


def documents_list_queries(tree, user, browser_for, count, django_assert_max_num_queries, budget):
    district = make_unit(f"District {count}", tree["province"], OrgUnitKind.DISTRICT)
    for number in range(count):
        make_document(district, issuer=tree["party"], number=f"{number + 1}-KH/HU", kind=DocumentKind.PLAN)
    browser = browser_for(user)
    with django_assert_max_num_queries(budget) as captured:
        response = browser.get(LIST_URL)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_list_page_runs_the_same_few_queries_for_3_or_30_documents(
    tree, users, browser_for, django_assert_max_num_queries
):
    few = documents_list_queries(tree, users["leader"], browser_for, 3, django_assert_max_num_queries, 12)
    many = documents_list_queries(tree, users["leader"], browser_for, 27, django_assert_max_num_queries, 12)
    assert few == many


# -- registering ---------------------------------------------------------------------------------


def test_the_office_registers_a_document_with_a_file_and_a_relation(tree, users, browser_for, conclusion):
    data = registration(tree, attachments=[pdf_file(), docx_file()], relation_kind="reviews")
    data["related_document"] = conclusion.pk
    response = browser_for(users["office"]).post(CREATE_URL, data)
    document = Document.objects.get(title="Conclusion of the Standing Committee")
    assert response.status_code == 302
    assert response["Location"] == document.get_absolute_url()
    assert list(document.clauses.values_list("anchor", flat=True)) == ["I", "I-p1", "II", "II-A", "II-A-p1"]
    assert sorted(document.attachments.values_list("original_name", flat=True)) == [
        "conclusion.pdf",
        "report.docx",
    ]
    assert DocumentRelation.objects.get(source=document).target == conclusion
    assert document.created_by == users["office"]


def test_the_registration_form_proposes_the_body_the_office_serves_as_keeper(tree, users, browser_for):
    form = browser_for(users["office"]).get(CREATE_URL).context["form"]
    assert form.initial["owner"] == tree["party"].pk
    assert tree["district_b"] in form.fields["owner"].queryset


def test_the_issuer_picker_offers_only_open_units_the_user_can_see(tree, users, browser_for):
    closed = make_unit(
        "Old department", tree["committee"], OrgUnitKind.DEPARTMENT, effective_to=date(2020, 1, 1)
    )
    issuers = browser_for(users["office"]).get(CREATE_URL).context["form"].fields["issuer"].queryset
    assert tree["party"] in issuers
    assert closed not in issuers


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"number": "TB-TU"}, "number", "Enter the number as it is written on the document"),
        ({"number": "123"}, "number", "Enter the number as it is written on the document"),
        ({"issued_on": "2024-02-30"}, "issued_on", "Enter a valid date."),
        ({"issued_on": ""}, "issued_on", "An issued document needs the date it was issued on."),
        ({"issuer_name": "Politburo"}, "issuer_name", "not both"),
        ({"title": ""}, "title", "This field is required."),
        ({"attachments": [file_of_size(2048)]}, "attachments", "the largest file accepted is 1.0"),
        (
            {"attachments": [exe_renamed_pdf()]},
            "attachments",
            "not a PDF, Word (DOCX), Excel (XLSX), PNG or JPEG",
        ),
        ({"relation_kind": "reviews"}, "related_document", "Choose the related document."),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
    tree, users, browser_for, small_upload_limit, overrides, field, message
):
    response = browser_for(users["office"]).post(CREATE_URL, registration(tree, **overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in " ".join(errors[field])
    assert message.split("“")[0] in response.content.decode().replace("\xa0", " ").replace("&#x27;", "'")
    assert not Document.objects.exists()
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    "number", ["123/TB-TU", "08-NQ/TU", "42/2014/QĐ-TTg", "01/2025/NQ-HĐND", "1270/BC-TCTTTg"]
)
def test_document_numbers_in_the_usual_forms_are_accepted(tree, users, browser_for, number):
    response = browser_for(users["office"]).post(CREATE_URL, registration(tree, number=number))
    assert response.status_code == 302
    assert Document.objects.get().number == number


def test_a_number_typed_with_its_prefix_and_spaces_is_tidied(tree, users, browser_for):
    browser_for(users["office"]).post(CREATE_URL, registration(tree, number="Số 123 / TB – TU"))
    assert Document.objects.get().number == "123/TB-TU"


def test_a_draft_needs_no_date(tree, users, browser_for):
    response = browser_for(users["office"]).post(CREATE_URL, registration(tree, status="draft", issued_on=""))
    assert response.status_code == 302


# -- detail --------------------------------------------------------------------------------------


def test_the_detail_page_shows_the_facts_and_each_clause_with_a_link_to_itself(
    conclusion, users, browser_for
):
    html = browser_for(users["district_a_reporter"]).get(conclusion.get_absolute_url()).content.decode()
    for anchor in ["I", "I-A", "I-A-p3", "II-B", "II-B-p1", "p1"]:
        assert f'id="{anchor}"' in html
        assert f'href="#{anchor}"' in html
    assert 'class="clause heading-1" id="I"' in html
    assert 'class="clause level-3" id="I-A-p3"' in html
    assert 'class="doc-text"' in html and "clause__anchor" in html
    assert "123/TB-TU" in html and "Lương Nguyễn Minh Triết" in html and "Provincial Party Committee" in html
    assert 'class="badge">Issued</span>' in html
    assert "Sample data" not in html


def test_a_sample_document_wears_the_sample_badge(tree, users, browser_for):
    document = make_document(tree["party"], is_sample=True)
    html = browser_for(users["leader"]).get(document.get_absolute_url()).content.decode()
    assert '<span class="badge badge--sample">Sample data</span>' in html


def test_relations_show_both_ways_with_links(conclusion, district_a_plan, tree, users, browser_for):
    review = make_document(
        tree["party"], number="200-TB/TU", title="Preliminary review", kind=DocumentKind.REPORT
    )
    actions.add_relation(acting_user=None, source=district_a_plan, target=conclusion, kind="implements")
    actions.add_relation(acting_user=None, source=review, target=conclusion, kind="reviews")
    actions.add_relation(acting_user=None, source=conclusion, target=review, kind="refers_to")
    html = browser_for(users["leader"]).get(conclusion.get_absolute_url()).content.decode()
    assert (
        f'<a href="{district_a_plan.get_absolute_url()}">45-KH/TU — Hoi An plan</a> implements this document.'
        in html
    )
    assert (
        f'<a href="{review.get_absolute_url()}">200-TB/TU — Preliminary review</a> reviews this document.'
        in html
    )
    assert f'This document refers to <a href="{review.get_absolute_url()}">' in html
    plan_page = browser_for(users["leader"]).get(district_a_plan.get_absolute_url()).content.decode()
    assert f'This document implements <a href="{conclusion.get_absolute_url()}">' in plan_page


def test_a_relation_from_a_document_the_reader_cannot_see_is_not_shown(
    conclusion, district_a_plan, users, browser_for
):
    actions.add_relation(acting_user=None, source=district_a_plan, target=conclusion, kind="implements")
    html = browser_for(users["district_b_reporter"]).get(conclusion.get_absolute_url()).content.decode()
    assert "Hoi An plan" not in html
    assert "No related documents recorded." in html


def test_edit_attach_and_relate_buttons_appear_only_for_the_office(conclusion, users, browser_for):
    edit_url = reverse("directives:edit", args=[conclusion.pk])
    assert edit_url in browser_for(users["office"]).get(conclusion.get_absolute_url()).content.decode()
    reader_html = browser_for(users["leader"]).get(conclusion.get_absolute_url()).content.decode()
    for name in ["directives:edit", "directives:attachment_add", "directives:relation_add"]:
        assert reverse(name, args=[conclusion.pk]) not in reader_html


def test_the_detail_page_shows_the_history(conclusion, users, browser_for):
    actions.update_document(acting_user=users["office"], document=conclusion, signer="Deputy Secretary")
    response = browser_for(users["leader"]).get(conclusion.get_absolute_url())
    assert list(response.context["history"]) == list(history_of(conclusion))
    html = response.content.decode()
    assert 'id="history-heading"' in html and "Deputy Secretary" in html


# -- editing -------------------------------------------------------------------------------------


def test_the_office_edits_a_document_and_its_text_is_split_again(conclusion, users, browser_for):
    new_text = conclusion.text + "\nIII. Organisation\nThe office follows up."
    response = browser_for(users["office"]).post(
        reverse("directives:edit", args=[conclusion.pk]),
        edit_form(conclusion, text=new_text, title="Conclusion 2024"),
    )
    assert response.status_code == 302
    conclusion.refresh_from_db()
    assert (conclusion.title, conclusion.version) == ("Conclusion 2024", 2)
    assert conclusion.clauses.get(anchor="III-p1").text == "The office follows up."


def test_a_stale_edit_names_who_changed_the_document_and_writes_nothing(conclusion, users, browser_for):
    form = edit_form(conclusion, title="My title")
    actions.update_document(
        acting_user=users["admin"], document=conclusion, expected_version=1, signer="Someone"
    )
    response = browser_for(users["office"]).post(reverse("directives:edit", args=[conclusion.pk]), form)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this in the meantime: admin at" in html
    assert "Reload the page" in html
    conclusion.refresh_from_db()
    assert (conclusion.title, conclusion.signer, conclusion.version) == (
        "Conclusion of the provincial conference",
        "Someone",
        2,
    )


# -- files and relations ------------------------------------------------------------------------


def test_a_file_downloads_under_its_original_name_for_anyone_who_can_read_the_document(
    conclusion, users, browser_for
):
    attachment = actions.add_attachment(
        acting_user=None, document=conclusion, uploaded_file=pdf_file("Kết luận.pdf")
    )
    url = reverse("directives:attachment_download", args=[conclusion.pk, attachment.pk])
    response = browser_for(users["district_a_reporter"]).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "K%E1%BA%BFt%20lu%E1%BA%ADn.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_the_office_attaches_and_removes_a_file(conclusion, users, browser_for):
    browser = browser_for(users["office"])
    response = browser.post(reverse("directives:attachment_add", args=[conclusion.pk]), {"file": docx_file()})
    assert response.status_code == 302
    attachment = conclusion.attachments.get()
    assert attachment.original_name == "report.docx"
    assert "report.docx" in browser.get(conclusion.get_absolute_url()).content.decode()
    response = browser.post(reverse("directives:attachment_remove", args=[conclusion.pk, attachment.pk]))
    assert response.status_code == 302
    assert not conclusion.attachments.exists()


def test_a_forbidden_file_type_is_refused_on_the_attach_page(conclusion, users, browser_for):
    response = browser_for(users["office"]).post(
        reverse("directives:attachment_add", args=[conclusion.pk]), {"file": exe_renamed_pdf()}
    )
    assert response.status_code == 200
    assert "File: “conclusion.pdf” is not a PDF" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_relation_to_itself_is_refused_on_the_relate_page(conclusion, users, browser_for):
    response = browser_for(users["office"]).post(
        reverse("directives:relation_add", args=[conclusion.pk]),
        {"kind": "refers_to", "target": conclusion.pk},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"target": ["A document cannot be related to itself."]}
    assert not DocumentRelation.objects.exists()


def test_the_office_relates_and_unrelates_documents(conclusion, district_a_plan, users, browser_for):
    browser = browser_for(users["office"])
    response = browser.post(
        reverse("directives:relation_add", args=[district_a_plan.pk]),
        {"kind": "implements", "target": conclusion.pk, "note": "Section II.B"},
    )
    assert response.status_code == 302
    relation = DocumentRelation.objects.get()
    assert (relation.source, relation.target, relation.note) == (district_a_plan, conclusion, "Section II.B")
    browser.post(reverse("directives:relation_remove", args=[district_a_plan.pk, relation.pk]))
    assert not DocumentRelation.objects.exists()


def test_an_operator_can_look_documents_up_in_the_admin_but_not_change_them(conclusion, browser_for):
    from resolute.conftest import make_user

    operator = make_user("root", is_superuser=True, is_staff=True)
    browser = browser_for(operator)
    assert browser.get(reverse("admin:directives_document_changelist")).status_code == 200
    change_page = browser.get(reverse("admin:directives_document_change", args=[conclusion.pk]))
    assert change_page.status_code == 200
    assert "II-B" in change_page.content.decode()
    assert browser.get(reverse("admin:directives_document_add")).status_code == 403
