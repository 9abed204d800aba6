import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse

from resolute.conftest import make_user
from resolute.orgunits.querysets import path_segment
from resolute.orgunits.selectors import build_tree
from resolute.orgunits.tests.conftest import bulk_tree, token_client

from ..choices import Role

DISTRICTS, COMMUNES_PER_DISTRICT = 100, 49  # with the province: 5,001 units
UNIT_COUNT = 1 + DISTRICTS + DISTRICTS * COMMUNES_PER_DISTRICT


@pytest.fixture
def national_tree(db):
    root = bulk_tree(districts=DISTRICTS, communes_per_district=COMMUNES_PER_DISTRICT)
    return {"root": root, "admin": make_user("big_admin", (root, Role.ADMIN))}


@pytest.fixture
def client(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_tree_of_five_thousand_units_renders_in_one_request_with_a_few_queries(
    national_tree, client, django_assert_max_num_queries
):
    client.force_login(national_tree["admin"])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("orgunits:tree"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Xã Số 99-48" in html and "Huyện Số 0" in html
    assert html.count('class="tree__leaf"') == DISTRICTS * COMMUNES_PER_DISTRICT
    assert html.count("<details") == 1 + DISTRICTS
    assert html.count("<ul>") == html.count("</ul>") - 1  # every nested list is closed (+ the outer one)


# Units named only in Vietnamese, read in English: each name carries the marker.
FALLBACK = (
    '</span> <span class="lang-fallback" title="Not translated yet: shown in the other language">'
    "(Vietnamese)</span>"
)


def test_searching_five_thousand_units_reads_a_few_queries(
    national_tree, client, django_assert_max_num_queries
):
    client.force_login(national_tree["admin"])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("orgunits:tree") + "?q=xa so 42-")
    html = response.content.decode()
    assert f"{COMMUNES_PER_DISTRICT} units found" in html
    assert FALLBACK.join(["Tỉnh Lớn", ' › <span lang="vi">Huyện Số 42']) in html


def test_listing_five_thousand_units_through_the_api_reads_a_few_queries(
    national_tree, django_assert_max_num_queries
):
    api = token_client(national_tree["admin"])
    with django_assert_max_num_queries(6):
        body = api.get("/api/units/?page=3&page_size=100").json()
    assert body["count"] == UNIT_COUNT and len(body["items"]) == 100


def test_the_unit_picker_answers_from_five_thousand_units_with_a_few_queries(
    national_tree, client, django_assert_max_num_queries
):
    client.force_login(national_tree["admin"])
    with django_assert_max_num_queries(6):
        response = client.get(reverse("orgunits:search") + "?q=xa so 7-13", HTTP_HX_REQUEST="true")
    # Xã Số 7-13, 17-13, … 97-13
    assert response.content.decode().count("data-unit-id") == 10


# -- how the flat, ordered rows become a tree ---------------------------------------------------------


def tree_unit(pk, parent=None, effective_to=None):
    path = (parent.path if parent else "") + path_segment(pk)
    return SimpleNamespace(
        pk=pk, parent_id=parent.pk if parent else None, path=path, effective_to=effective_to
    )


def test_units_nest_under_their_parents_and_each_branch_closes_after_its_last_unit():
    root = tree_unit(1)
    a = tree_unit(2, root)
    a1 = tree_unit(3, a)
    a1x = tree_unit(4, a1)
    b = tree_unit(5, root)
    tree = build_tree([root, a, a1, a1x, b])
    assert [node.unit.pk for node in tree.roots] == [1]
    assert [child.unit.pk for child in tree.roots[0].children] == [2, 5]
    # a1x ends the lists of a1 and a; b (a leaf) ends root's list
    assert [(row.node.unit.pk, len(row.closing)) for row in tree.rows] == [
        (1, 0),
        (2, 0),
        (3, 0),
        (4, 2),
        (5, 1),
    ]


def test_a_unit_whose_parent_is_hidden_becomes_a_root():
    root = tree_unit(1)
    closed = tree_unit(2, root, effective_to=datetime.date(2025, 1, 1))
    orphan = tree_unit(3, closed)
    tree = build_tree([orphan])
    assert [node.unit.pk for node in tree.roots] == [3] and tree.size == 1


def test_the_branches_down_to_the_user_s_own_units_are_expanded_and_the_rest_collapsed():
    root = tree_unit(1)
    a = tree_unit(2, root)
    a1 = tree_unit(3, a)
    b = tree_unit(4, root)
    tree = build_tree([root, a, a1, b], own_unit_ids={3})
    expanded = {row.node.unit.pk: row.node.expanded for row in tree.rows}
    assert expanded == {1: True, 2: True, 3: True, 4: False}
    assert [row.node.unit.pk for row in tree.rows if row.node.is_own] == [3]


def test_without_an_own_unit_in_sight_the_roots_are_expanded():
    root = tree_unit(1)
    a = tree_unit(2, root)
    tree = build_tree([root, a])
    assert tree.roots[0].expanded and not tree.roots[0].children[0].expanded
