"""Pages of the web app: home, the global change log, and the error pages a user can leave."""

from django.test import Client, override_settings

from resolute.core.models import ChangeLogEntry
from resolute.orgunits import actions as unit_actions


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_page_that_does_not_exist_says_so_inside_the_layout_with_a_way_home(users):
    response = signed_in(users["finance"]).get("/documents/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="main-nav"' in html and 'href="/"' in html


def test_a_forbidden_page_explains_what_to_do_inside_the_layout(users):
    response = signed_in(users["district_a_reporter"]).get("/changes/")
    assert response.status_code == 403
    assert 'class="main-nav"' in response.content.decode()


@override_settings(DEBUG=False)
def test_an_expired_form_says_nothing_was_saved(users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["admin"])
    response = client.post("/accounts/language/", {"language": "en"})
    assert response.status_code == 403
    assert "main-nav" in response.content.decode()


def test_administrators_read_the_change_log_with_field_labels_and_filter_it(tree, users):
    unit_actions.update_unit(acting_user=users["admin"], unit=tree["finance"], name_en="Finance Department")
    client = signed_in(users["admin"])
    response = client.get("/changes/", {"q": "Tài chính"}, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Name in English" in html and "Finance Department" in html
    assert f'href="/units/{tree["finance"].pk}/"' in html
    assert "Hội An" not in html
    assert ChangeLogEntry.objects.filter(actor=users["admin"]).count() == 1


def test_only_administrators_see_users_and_only_offices_and_administrators_the_change_log(users):
    admin_html = signed_in(users["admin"]).get("/").content.decode()
    reporter_html = signed_in(users["district_a_reporter"]).get("/").content.decode()
    assert 'href="/changes/"' in admin_html and 'href="/accounts/users/"' in admin_html
    assert 'href="/changes/"' not in reporter_html and 'href="/accounts/users/"' not in reporter_html
    assert signed_in(users["district_a_reporter"]).get("/changes/").status_code == 403
    office_html = signed_in(users["office"]).get("/").content.decode()
    assert 'href="/changes/"' in office_html and 'href="/accounts/users/"' not in office_html


def test_the_change_log_page_runs_a_bounded_number_of_queries(tree, users, django_assert_max_num_queries):
    for index in range(30):
        unit_actions.update_unit(acting_user=users["admin"], unit=tree["finance"], short_name=f"STC {index}")
    client = signed_in(users["admin"])
    with django_assert_max_num_queries(12):
        assert client.get("/changes/").status_code == 200


def test_signed_out_visitors_are_sent_to_sign_in(db):
    response = Client().get("/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_a_units_history_reads_in_the_readers_language(tree, users):
    unit_actions.update_unit(acting_user=users["admin"], unit=tree["commune_a1"], kind="district")
    client = signed_in(users["admin"])
    english = client.get(f"/units/{tree['commune_a1'].pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    vietnamese = client.get(f"/units/{tree['commune_a1'].pk}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "commune-level unit" in english and "district-level unit" in english
    assert "đơn vị cấp xã" in vietnamese and "đơn vị cấp huyện" in vietnamese
