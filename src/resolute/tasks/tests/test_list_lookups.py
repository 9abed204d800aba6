"""The task list's unit and document filters when the user may choose from many: a box that
suggests as the user types, whose typed text the list resolves without JavaScript, and a page that
never carries every unit or document."""

from datetime import date

import pytest

from resolute.conftest import make_unit
from resolute.core import lookups
from resolute.directives.actions import create_document
from resolute.directives.models import DocumentKind
from resolute.orgunits.models import OrgUnitKind

from .factories import TODAY, api_for, assign, at_noon, browser_for


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(at_noon(TODAY), tick=False)


@pytest.fixture
def few_choices_make_a_box(monkeypatch):
    """A box from six choices on: the tests need not create two hundred units to see one."""
    monkeypatch.setattr(lookups, "LOOKUP_THRESHOLD", 5)


@pytest.fixture
def tasks(tree):
    office = tree["office"]
    plan = create_document(
        acting_user=None,
        owner=tree["party"],
        kind=DocumentKind.PLAN,
        number="08-KH/TU",
        title="Kế hoạch chuyển đổi số",
        issued_on=date(2025, 1, 10),
    )
    return {
        "ring_road": assign(tree["district_a"], assigned_by_unit=office, title="Clear the ring road site"),
        "market": assign(tree["commune_b1"], assigned_by_unit=office, title="Rebuild the market"),
        "digital": assign(
            tree["district_b"], assigned_by_unit=office, title="Put services online", source_document=plan
        ),
        "plan": plan,
    }


def listed(user, **params):
    response = browser_for(user).get("/tasks/", params)
    assert response.status_code == 200
    return response, sorted(task.title for task in response.context["tasks"])


def test_a_district_s_few_units_stay_a_list(tasks, users):
    response, _ = listed(users["district_b_reporter"])
    html = response.content.decode()
    assert '<select id="id_unit" name="unit"' in html
    assert "Thị trấn Ái Nghĩa" in html


def test_many_units_make_a_box_that_shows_only_the_chosen_one(tasks, users, tree, few_choices_make_a_box):
    response, titles = listed(users["office"], unit=tree["district_a"].pk)
    html = response.content.decode()
    assert titles == ["Clear the ring road site"]
    assert 'role="combobox"' in html
    assert 'name="unit_text"' in html
    assert 'value="Hoi An City (503)"' in html, "the chosen unit, in the reader's language"
    assert "Dai Loc" not in html, "no other unit is on the page"


def test_a_unit_typed_without_tone_marks_is_found_when_it_is_the_only_match(
    tasks, users, few_choices_make_a_box
):
    response, titles = listed(users["office"], unit_text="dai loc", include_below="on")
    assert titles == ["Put services online", "Rebuild the market"]
    html = response.content.decode()
    assert 'value="Dai Loc District (506)"' in html, "the box now shows the unit it found"
    assert (
        f'name="unit" type="hidden" value="{response.context["filter"].form.cleaned_data["unit"].pk}"' in html
    )


def test_a_unit_typed_by_its_exact_code_is_found_though_other_codes_begin_so(tasks, users, tree):
    make_unit("Phường 5", tree["district_a"], OrgUnitKind.COMMUNE, code="5030")
    _, titles = listed(users["office"], unit_text="503")
    assert titles == ["Clear the ring road site"]


def test_an_ambiguous_unit_names_the_field_and_the_candidates(tasks, users):
    response, titles = listed(users["office"], unit_text="tinh")
    errors = response.context["filter"].form.errors["unit"]
    assert errors == [
        "Unit: “tinh” matches several units: Quang Nam Province (49); Provincial Party Committee; "
        "People's Committee; Party Committee Office. "
        "Type more of the name, or the code or number."
    ]
    assert len(titles) == 3, "the other filters still apply, the unit does not"
    assert 'id="id_unit_error"' in response.content.decode()


def test_a_unit_the_user_may_not_see_is_not_found_by_its_name(tasks, users):
    response, titles = listed(users["district_b_reporter"], unit_text="Hội An")
    assert response.context["filter"].form.errors["unit"] == [
        "Unit: none of the units you may choose matches “Hội An”."
    ]
    assert "Clear the ring road site" not in titles


def test_the_hidden_choice_gives_way_to_a_new_typed_text(tasks, users, tree, few_choices_make_a_box):
    """Without JavaScript the box's hidden id of the last choice is sent with what was typed over it."""
    _, titles = listed(users["office"], unit=tree["district_a"].pk, unit_text="Hoi An City (503)")
    assert titles == ["Clear the ring road site"]
    _, titles = listed(users["office"], unit=tree["district_a"].pk, unit_text="ai nghia")
    assert titles == ["Rebuild the market"]
    _, titles = listed(users["office"], unit=tree["district_a"].pk, unit_text="")
    assert len(titles) == 3, "an emptied box drops the unit"


def test_a_document_is_found_by_its_number_or_its_title(tasks, users, few_choices_make_a_box):
    _, titles = listed(users["office"], source_document_text="Số 08-KH/TU")
    assert titles == ["Put services online"]
    _, titles = listed(users["office"], source_document_text="chuyen doi")
    assert titles == ["Put services online"]
    response, _ = listed(users["office"], source_document_text="nghi quyet")
    assert response.context["filter"].form.errors["source_document"] == [
        "Source document: none of the documents you may choose matches “nghi quyet”."
    ]


def test_the_api_keeps_taking_ids(tasks, users, tree, few_choices_make_a_box):
    client = api_for(users["office"])
    response = client.get("/api/tasks/", {"unit": tree["district_a"].pk})
    assert response.status_code == 200, response.content
    assert [item["title"] for item in response.json()["items"]] == ["Clear the ring road site"]
    response = client.get("/api/tasks/", {"source_document": tasks["plan"].pk})
    assert [item["title"] for item in response.json()["items"]] == ["Put services online"]


def test_the_list_makes_the_same_queries_for_few_or_many_units_and_documents(
    tasks, users, tree, django_assert_max_num_queries, monkeypatch
):
    # Twenty, not two hundred, before the box takes over: the list goes from a list of options to
    # a box with the same number of queries, however many units and documents there are.
    monkeypatch.setattr(lookups, "LOOKUP_THRESHOLD", 20)

    def add(count, start):
        for number in range(start, start + count):
            commune = make_unit(
                f"Xã Số {number}", tree["district_a"], OrgUnitKind.COMMUNE, code=f"9{number:03}"
            )
            document = create_document(
                acting_user=None,
                owner=tree["party"],
                kind=DocumentKind.OTHER,
                number=f"{number}-TB/TU",
                title=f"Thông báo số {number}",
                issued_on=date(2025, 2, 1),
            )
            assign(commune, assigned_by_unit=tree["office"], title=f"Task {number}", source_document=document)

    browser = browser_for(users["office"])
    params = {"unit": tree["district_a"].pk, "include_below": "on", "source_document": tasks["plan"].pk}
    add(3, 0)
    browser.get("/tasks/", params)
    with django_assert_max_num_queries(25) as few:
        browser.get("/tasks/", params)
    few_html = browser.get("/tasks/", params).content.decode()
    assert (
        '<select id="id_unit" name="unit"' in few_html
        and '<select id="id_source_document" name="source_document"' in few_html
    )
    add(40, 3)
    with django_assert_max_num_queries(25) as many:
        response = browser.get("/tasks/", params)
    html = response.content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert "Xã Số 42" not in html and "42-TB/TU" not in html, "neither the units nor the documents are listed"
    assert 'name="source_document_text"' in html and 'name="unit_text"' in html


def test_a_filter_that_cannot_be_read_is_said_above_the_results_htmx_swaps(tasks, users):
    """The form stays on the page when HTMX swaps only the results: they carry the message too."""
    response = browser_for(users["office"]).get("/tasks/", {"unit_text": "tinh"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Unit: “tinh” matches several units" in html
    assert "<form" not in html
