"""The units a filter's box suggests as the user types: only units the user may see, matched
without tone marks, the best first, narrowed to the filter's own choices."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

URL = "/units/lookup"


def suggested(user, **params) -> list[str]:
    client = Client()
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return [item["text"] for item in response.json()["results"]]


def test_a_district_finds_its_commune_typed_without_tone_marks(users):
    assert suggested(users["district_b_reporter"], q="ai nghia") == ["Thị trấn Ái Nghĩa (20434)"]


def test_a_unit_the_user_may_not_see_is_never_suggested(users):
    district_b = users["district_b_reporter"]
    assert suggested(district_b, q="hoi an") == []
    assert suggested(district_b, q="20335") == [], "not even by its exact code"
    assert suggested(users["office"], q="hoi an") == ["Thành phố Hội An (503)"]


def test_the_unit_with_the_typed_code_comes_first(users):
    assert suggested(users["office"], q="503")[0] == "Thành phố Hội An (503)"
    names = suggested(users["office"], q="tinh")
    assert names[0] == "Tỉnh Quảng Nam (49)", "a name that begins with the words before one that holds them"
    assert "Văn phòng Tỉnh ủy" in names


def test_each_suggestion_names_the_parent_to_tell_units_of_one_name_apart(users):
    client = Client()
    client.force_login(users["office"])
    [minh_an] = client.get(URL, {"q": "minh an"}).json()["results"]
    assert minh_an["detail"] == "Thành phố Hội An"


def test_suggestions_keep_to_the_filter_s_own_choices(users, tree):
    office = users["office"]
    assert suggested(office, q="tinh", within="tasks.TaskFilter.unit")
    # The user list's unit filter offers only the units where the user administers people.
    administered = suggested(users["admin"], q="hoi an", within="accounts.UserFilter.unit")
    assert administered == ["Thành phố Hội An (503)"]
    assert suggested(office, q="hoi an", within="accounts.UserFilter.unit") == []


def test_an_unknown_choice_set_or_one_of_documents_is_refused(users):
    client = Client()
    client.force_login(users["office"])
    assert client.get(URL, {"q": "hoi", "within": "nothing.Here.unit"}).status_code == 400
    assert client.get(URL, {"q": "hoi", "within": "tasks.TaskFilter.source_document"}).status_code == 400


def test_the_suggestions_are_read_only_and_need_a_signed_in_user(users):
    client = Client()
    assert client.get(URL, {"q": "hoi"}).status_code == 302
    client.force_login(users["office"])
    assert client.post(URL, {"q": "hoi"}).status_code == 405
    assert client.get(URL).json() == {"results": []}
