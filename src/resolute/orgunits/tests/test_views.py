import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from resolute.conftest import make_user
from resolute.core.models import ChangeLogEntry
from resolute.orgunits import actions
from resolute.orgunits.models import OrgUnit, OrgUnitKind, UnitSuccession

from ..choices import Role
from ..models import Membership

# A fixed "today" for everything that depends on whether a unit has closed yet.
TODAY = datetime.date(2025, 8, 1)
CLOSED_ON = datetime.date(2025, 6, 30)


@pytest.fixture
def travel_to_today():
    with time_machine.travel(datetime.datetime(2025, 8, 1, 9, 0), tick=False):
        yield


def page_text(response) -> str:
    return response.content.decode()


def tree_url(**params) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("orgunits:tree") + (f"?{query}" if query else "")


def detail_url(unit) -> str:
    return reverse("orgunits:detail", args=[unit.pk])


def close_commune_b1(tree, successors=()):
    return actions.close_unit(
        acting_user=None,
        unit=tree["commune_b1"],
        closed_on=CLOSED_ON,
        successors=list(successors),
        note="Merged",
    )


# -- the tree ---------------------------------------------------------------------------------


def test_the_tree_shows_only_the_units_the_user_can_see(browser_as, tree):
    html = page_text(browser_as("district_a_reporter").get(tree_url()))
    assert "Hoi An City" in html and "Phường Minh An" in html
    assert "Quang Nam Province" in html  # the province above, read-only
    assert "Dai Loc District" not in html and "Department of Finance" not in html


def test_the_tree_nests_units_and_opens_the_branch_down_to_the_user_s_own_unit(browser_as, tree):
    html = page_text(browser_as("finance").get(tree_url()))
    province = html.index("Quang Nam Province")
    committee = html.index("People&#x27;s Committee")
    finance = html.index("Department of Finance")
    assert province < committee < finance
    # province and committee are open <details>; finance, a leaf, carries the "your unit" badge
    assert re.search(r'<details open><summary><a href="[^"]+">Quang Nam Province', html)
    assert re.search(r"<details open><summary><a href=\"[^\"]+\">People&#x27;s Committee", html)
    assert re.search(
        r'tree__leaf"><a href="[^"]+">Department of Finance</a> <span class="badge">your unit', html
    )


def test_branches_outside_the_user_s_own_units_start_collapsed(browser_as, tree):
    html = page_text(browser_as("admin").get(tree_url()))
    assert re.search(r'<details open><summary><a href="[^"]+">Quang Nam Province', html)
    assert re.search(r'<details><summary><a href="[^"]+">Hoi An City', html)


def test_the_tree_works_without_javascript(browser_as, tree):
    html = page_text(browser_as("admin").get(tree_url()))
    tree_html = html[html.index('<ul class="tree">') :]
    assert "<script" not in tree_html and "onclick" not in tree_html and "style=" not in tree_html
    # every unit with sub-units is a <details> (province, two committees, two districts)…
    assert tree_html.count("<details") == 5
    # …and every other one a leaf (office, finance, two communes)
    assert tree_html.count('class="tree__leaf"') == 4


def test_closed_units_are_hidden_until_the_user_asks_for_them(browser_as, tree, travel_to_today):
    close_commune_b1(tree, successors=[tree["commune_a1"]])
    client = browser_as("admin")
    assert "Thị trấn Ái Nghĩa" not in page_text(client.get(tree_url()))
    html = page_text(client.get(tree_url(include_closed="on")))
    assert re.search(
        r'class="muted"><span lang="vi">Thị trấn Ái Nghĩa</span> '
        r'<span class="lang-fallback"[^>]*>\(Vietnamese\)</span></a>.*closed on 30/06/2025',
        html,
    )


# -- search -----------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["tai chinh", "tài chính", "TAI CHINH"])
def test_search_finds_a_department_with_or_without_accents(browser_as, tree, query):
    html = page_text(browser_as("admin").get(tree_url(q=query)))
    assert "1 unit found" in html
    assert "Department of Finance" in html
    assert "Sở <mark>Tài</mark> <mark>chính</mark>" in html


def test_search_results_show_where_each_unit_sits(browser_as, tree):
    html = page_text(browser_as("admin").get(tree_url(q="minh an")))
    assert "Phường <mark>Minh</mark> <mark>An</mark>" in html
    assert "Quang Nam Province › Hoi An City" in html


def test_search_finds_a_unit_by_code_and_by_its_english_name(browser_as, tree):
    client = browser_as("admin")
    assert "<mark>20335</mark>" in page_text(client.get(tree_url(q="20335")))
    html = page_text(client.get(tree_url(q="dai loc district")))
    assert "1 unit found" in html and "<mark>District</mark>" in html


def test_search_never_reveals_units_outside_the_user_s_view(browser_as, tree):
    html = page_text(browser_as("district_a_reporter").get(tree_url(q="dai loc")))
    assert "0 units found" in html and "Dai Loc District" not in html


def test_search_can_narrow_by_kind(browser_as, tree):
    html = page_text(browser_as("admin").get(tree_url(q="a", kind=OrgUnitKind.COMMUNE)))
    assert "2 units found" in html
    assert detail_url(tree["commune_a1"]) in html and detail_url(tree["commune_b1"]) in html
    assert f'href="{detail_url(tree["district_a"])}"' not in html


def test_search_leaves_closed_units_out_unless_asked(browser_as, tree, travel_to_today):
    close_commune_b1(tree)
    client = browser_as("admin")
    assert "0 units found" in page_text(client.get(tree_url(q="ai nghia")))
    html = page_text(client.get(tree_url(q="ai nghia", include_closed="on")))
    assert "1 unit found" in html and "closed on 30/06/2025" in html


# -- the unit page ----------------------------------------------------------------------------


def test_the_unit_page_shows_kind_code_parent_children_and_breadcrumbs(browser_as, tree):
    html = page_text(browser_as("admin").get(detail_url(tree["district_a"])))
    assert "District-level unit" in html
    assert "<dd>503</dd>" in html
    assert f'<a href="{detail_url(tree["province"])}">Quang Nam Province</a></dd>' in html
    # No English name: the Vietnamese one, marked.
    assert f'<a href="{detail_url(tree["commune_a1"])}"><span lang="vi">Phường Minh An</span> <span' in html
    breadcrumbs = html[
        html.index('class="breadcrumbs"') : html.index("</nav>", html.index('class="breadcrumbs"'))
    ]
    assert "Quang Nam Province" in breadcrumbs and 'aria-current="page">Hoi An City' in breadcrumbs


def test_the_unit_page_lists_members_to_people_whose_scope_covers_it(browser_as, tree, users):
    html = page_text(browser_as("district_a_reporter").get(detail_url(tree["district_a"])))
    assert "Members" in html and "hoian_manager" in html and "Unit manager" in html


def test_a_unit_seen_only_from_below_shows_no_members(browser_as, tree, users):
    response = browser_as("district_a_reporter").get(detail_url(tree["province"]))
    assert response.status_code == 200
    html = page_text(response)
    assert "Members" not in html and "leader" not in html


def test_a_unit_outside_the_user_s_view_is_not_found(browser_as, tree):
    assert browser_as("district_a_reporter").get(detail_url(tree["district_b"])).status_code == 404


def test_the_unit_page_shows_the_unit_s_history(browser_as, tree, people):
    actions.update_unit(acting_user=people["admin"], unit=tree["district_a"], email="hoian@example.org")
    html = page_text(browser_as("admin").get(detail_url(tree["district_a"])))
    assert "History" in html and "hoian@example.org" in html


def test_a_closed_unit_names_its_successors_and_the_successor_its_predecessor(
    browser_as, tree, travel_to_today
):
    close_commune_b1(tree, successors=[tree["commune_a1"]])
    client = browser_as("admin")
    html = page_text(client.get(detail_url(tree["commune_b1"])))
    assert "This unit closed on 30/06/2025" in html
    # No English name: the Vietnamese one, marked.
    assert f'<a href="{detail_url(tree["commune_a1"])}"><span lang="vi">Phường Minh An</span> <span' in html
    assert "merger" in html
    html = page_text(client.get(detail_url(tree["commune_a1"])))
    assert "Predecessor" in html and "Thị trấn Ái Nghĩa" in html and "01/07/2025" in html


def test_a_successor_the_viewer_cannot_open_is_named_without_a_link(browser_as, tree, travel_to_today):
    close_commune_b1(tree, successors=[tree["finance"]])
    html = page_text(browser_as("district_b_reporter").get(detail_url(tree["commune_b1"])))
    assert "Department of Finance" in html
    assert detail_url(tree["finance"]) not in html


# -- administration: adding, editing -----------------------------------------------------------


def test_an_administrator_adds_a_sub_unit_and_the_change_is_logged(browser_as, tree, people):
    client = browser_as("district_a_admin")
    url = reverse("orgunits:create_child", args=[tree["district_a"].pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "Phường Cẩm Phô", "kind": OrgUnitKind.COMMUNE, "code": "20338"})
    unit = OrgUnit.objects.get(code="20338")
    assert response.status_code == 302 and response.url == detail_url(unit)
    assert unit.parent == tree["district_a"] and unit.search_text == "phuong cam pho 20338"
    entry = ChangeLogEntry.objects.get(object_id=str(unit.pk), action="create")
    assert entry.actor == people["district_a_admin"]


def test_adding_a_unit_with_a_code_in_use_names_the_field_and_writes_nothing(browser_as, tree):
    count = OrgUnit.objects.count()
    url = reverse("orgunits:create_child", args=[tree["district_a"].pk])
    response = browser_as("admin").post(
        url, {"name": "Another", "kind": OrgUnitKind.COMMUNE, "code": "20335"}
    )
    assert response.status_code == 200
    assert "The code 20335 is already used by" in response.context["form"].errors["code"][0]
    assert OrgUnit.objects.count() == count


def test_adding_a_unit_without_a_name_names_the_field(browser_as, tree):
    url = reverse("orgunits:create_child", args=[tree["district_a"].pk])
    response = browser_as("admin").post(url, {"name": "", "kind": OrgUnitKind.COMMUNE})
    assert response.status_code == 200 and "name" in response.context["form"].errors


def test_an_administrator_edits_a_unit(browser_as, tree):
    unit = tree["district_a"]
    url = reverse("orgunits:edit", args=[unit.pk])
    client = browser_as("admin")
    form = client.get(url).context["form"]
    assert form["version"].value() == 1
    data = {**{name: form[name].value() or "" for name in form.fields}, "name_en": "Hoi An", "version": 1}
    response = client.post(url, data)
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name_en == "Hoi An" and unit.version == 2
    assert ChangeLogEntry.objects.filter(object_id=str(unit.pk), action="update").exists()


def test_saving_over_someone_else_s_newer_change_is_refused_with_who_and_when(browser_as, tree, people):
    unit = tree["district_a"]
    url = reverse("orgunits:edit", args=[unit.pk])
    client = browser_as("admin")
    loaded_version = client.get(url).context["form"]["version"].value()
    actions.update_unit(acting_user=people["superuser"], unit=unit, short_name="HA")
    response = client.post(
        url,
        {"name": "Thành phố Hội An", "kind": OrgUnitKind.DISTRICT, "code": "503", "version": loaded_version},
    )
    assert response.status_code == 200
    html = page_text(response)
    assert "Someone else saved this in the meantime: root at" in html
    assert "Reload the unit" in html
    unit.refresh_from_db()
    assert unit.short_name == "HA" and unit.name_en == "Hoi An City" and unit.version == 2


# -- administration: moving and closing ---------------------------------------------------------


def test_moving_a_unit_under_its_own_sub_unit_is_refused_with_a_field_error(browser_as, tree):
    url = reverse("orgunits:move", args=[tree["district_a"].pk])
    response = browser_as("admin").post(url, {"parent": tree["commune_a1"].pk})
    assert response.status_code == 200
    assert (
        "cannot go under itself or one of its own sub-units" in response.context["form"].errors["parent"][0]
    )
    assert OrgUnit.objects.get(pk=tree["district_a"].pk).parent_id == tree["province"].pk


def test_an_administrator_moves_a_unit_with_its_subtree(browser_as, tree):
    url = reverse("orgunits:move", args=[tree["district_a"].pk])
    # Hội An's people then read the committee's documents: a change of access, previewed and confirmed.
    client = browser_as("admin")
    preview = client.post(url, {"parent": tree["committee"].pk})
    fingerprint = preview.context["access_change"].fingerprint
    response = client.post(url, {"parent": tree["committee"].pk, "confirm_access_change": fingerprint})
    assert response.status_code == 302
    commune = OrgUnit.objects.get(pk=tree["commune_a1"].pk)
    assert commune.is_descendant_of(tree["committee"])


def test_the_move_page_narrows_its_list_of_parents_with_or_without_htmx(browser_as, tree):
    client = browser_as("admin")
    url = reverse("orgunits:move", args=[tree["commune_a1"].pk])
    choices = {
        str(label) for _, label in client.get(url + "?q=dai loc").context["form"].fields["parent"].choices
    }
    assert any("Dai Loc District" in label for label in choices)
    assert not any("Hoi An City" in label for label in choices)
    fragment = page_text(client.get(url + "?q=dai loc", HTTP_HX_REQUEST="true"))
    assert fragment.startswith("<select") and "Dai Loc District" in fragment and "<html" not in fragment


def test_closing_a_unit_names_its_successors_and_takes_it_out_of_the_pickers(
    browser_as, tree, travel_to_today
):
    client = browser_as("admin")
    url = reverse("orgunits:close", args=[tree["commune_b1"].pk])
    response = client.post(
        url,
        {
            "closed_on": "2025-06-30",
            "successors": [tree["commune_a1"].pk],
            "kind": UnitSuccession.Kind.MERGER,
            "note": "Resolution 1/2025",
        },
    )
    assert response.status_code == 302
    closed = OrgUnit.objects.get(pk=tree["commune_b1"].pk)
    assert closed.effective_to == CLOSED_ON
    assert list(closed.successors.all()) == [tree["commune_a1"]]
    move_form = client.get(reverse("orgunits:move", args=[tree["commune_a1"].pk])).context["form"]
    assert closed not in move_form.fields["parent"].queryset
    picker = page_text(client.get(reverse("orgunits:search") + "?q=ai nghia", HTTP_HX_REQUEST="true"))
    assert "Thị trấn Ái Nghĩa" not in picker


def test_closing_a_unit_that_still_has_open_sub_units_names_the_closing_date_field(browser_as, tree):
    count = UnitSuccession.objects.count()
    url = reverse("orgunits:close", args=[tree["district_b"].pk])
    response = browser_as("admin").post(
        url, {"closed_on": "2025-06-30", "successors": [tree["district_a"].pk], "kind": "merger"}
    )
    assert response.status_code == 200
    assert "Close or move its 1 open sub-units first." in response.context["form"].errors["closed_on"]
    assert OrgUnit.objects.get(pk=tree["district_b"].pk).effective_to is None
    assert UnitSuccession.objects.count() == count


def test_closing_without_a_date_names_the_field(browser_as, tree):
    url = reverse("orgunits:close", args=[tree["commune_b1"].pk])
    response = browser_as("admin").post(url, {"closed_on": "", "kind": "merger"})
    assert response.context["form"].errors["closed_on"] == ["Enter the last day the unit existed."]


# -- denials ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "page", ["orgunits:create_child", "orgunits:edit", "orgunits:move", "orgunits:close"]
)
def test_a_district_administrator_cannot_open_administration_pages_above_its_district(browser_as, tree, page):
    client = browser_as("district_a_admin")
    assert client.get(reverse(page, args=[tree["province"].pk])).status_code == 403
    assert client.get(reverse(page, args=[tree["district_b"].pk])).status_code == 404
    assert client.get(reverse(page, args=[tree["commune_a1"].pk])).status_code == 200


def test_a_district_administrator_s_posts_outside_its_district_change_nothing(browser_as, tree):
    client = browser_as("district_a_admin")
    province, district_b = tree["province"], tree["district_b"]
    edit = {"name": "Hacked", "kind": OrgUnitKind.PROVINCE, "version": 1}
    assert client.post(reverse("orgunits:edit", args=[province.pk]), edit).status_code == 403
    assert client.post(reverse("orgunits:edit", args=[district_b.pk]), edit).status_code == 404
    new_unit = {"name": "X", "kind": "other"}
    assert client.post(reverse("orgunits:create_child", args=[province.pk]), new_unit).status_code == 403
    closing = {"closed_on": "2025-06-30", "kind": "merger"}
    assert client.post(reverse("orgunits:close", args=[tree["commune_b1"].pk]), closing).status_code == 404
    assert OrgUnit.objects.get(pk=province.pk).name == "Tỉnh Quảng Nam"
    assert not OrgUnit.objects.filter(name="X").exists()
    assert OrgUnit.objects.get(pk=tree["commune_b1"].pk).effective_to is None


def test_a_district_administrator_cannot_move_a_commune_out_of_its_district(browser_as, tree):
    url = reverse("orgunits:move", args=[tree["commune_a1"].pk])
    response = browser_as("district_a_admin").post(url, {"parent": tree["province"].pk})
    assert response.context["form"].errors["parent"] == ["Choose an open unit that you administer."]
    assert OrgUnit.objects.get(pk=tree["commune_a1"].pk).parent_id == tree["district_a"].pk


def test_administration_buttons_appear_only_for_administrators(browser_as, tree):
    edit_url = reverse("orgunits:edit", args=[tree["district_a"].pk])
    assert edit_url in page_text(browser_as("district_a_admin").get(detail_url(tree["district_a"])))
    assert edit_url not in page_text(browser_as("district_a_manager").get(detail_url(tree["district_a"])))


def test_only_a_superuser_may_add_a_top_level_unit(browser_as, tree):
    assert browser_as("admin").get(reverse("orgunits:create")).status_code == 403
    client = browser_as("superuser")
    response = client.post(
        reverse("orgunits:create"), {"name": "Thành phố Đà Nẵng", "kind": "province", "code": "48"}
    )
    assert response.status_code == 302
    assert OrgUnit.objects.get(code="48").parent is None


# -- the unit picker ------------------------------------------------------------------------------


def test_the_unit_picker_returns_a_fragment_of_matching_open_visible_units(browser_as, tree):
    response = browser_as("district_a_reporter").get(
        reverse("orgunits:search") + "?q=phuong", HTTP_HX_REQUEST="true"
    )
    html = page_text(response)
    assert "<html" not in html and 'id="unit-search-results"' in html
    assert f'data-unit-id="{tree["commune_a1"].pk}"' in html
    assert "20335" in html and "Hoi An City" in html  # name, code, parent


def test_the_unit_picker_can_fill_a_select(browser_as, tree):
    response = browser_as("admin").get(
        reverse("orgunits:search") + "?q=huyen&as=options", HTTP_HX_REQUEST="true"
    )
    html = page_text(response)
    assert html.count("<option") == 1 and f'value="{tree["district_b"].pk}"' in html


def test_the_unit_picker_is_a_page_of_its_own_without_htmx(browser_as, tree):
    html = page_text(browser_as("admin").get(reverse("orgunits:search") + "?q=hoi an"))
    assert "<html" in html and "Find a unit" in html and "Hoi An City" in html


def test_the_unit_picker_hides_units_outside_the_user_s_view(browser_as, tree):
    html = page_text(browser_as("district_a_reporter").get(reverse("orgunits:search") + "?q=dai loc"))
    assert "No open unit you can see matches this search." in html


def test_pages_need_a_signed_in_user(client, tree):
    response = client.get(tree_url())
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_the_unit_page_reads_the_same_few_queries_however_much_it_lists(
    browser_as, tree, people, django_assert_max_num_queries, travel_to_today
):
    district = tree["district_a"]
    for number in range(15):
        child = actions.create_unit(
            acting_user=people["admin"], parent=district, name=f"Tổ {number}", kind="other"
        )
        actions.close_unit(
            acting_user=people["admin"], unit=child, closed_on=CLOSED_ON, successors=[district]
        )
        Membership.objects.create(user=make_user(f"member{number}"), unit=district, role=Role.REPORTER)
        actions.update_unit(acting_user=people["admin"], unit=district, short_name=f"HA{number}")
    client = browser_as("admin")
    # Three of them ask whether the unit invests in or hosts a public investment project, whether it
    # leads recommendations of inspections and audits, and whether any petition it may read concerns it
    # (their panels).
    with django_assert_max_num_queries(16):
        response = client.get(detail_url(district))
    html = page_text(response)
    assert html.count("Predecessor") == 15 and "member14" in html and "HA14" in html
