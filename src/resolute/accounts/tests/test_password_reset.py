"""A forgotten password: the link by e-mail, in the person's language, that works once."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from resolute.accounts import actions
from resolute.core.changelog import history_of


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def hoa(users):
    """The finance reporter, with an e-mail address and English chosen as her language."""
    person = users["finance"]
    actions.update_own_profile(acting_user=person, email="hoa@quangnam.gov.vn", language="en")
    return person


def ask_for_link(visitor, email):
    return visitor.post(reverse("accounts:password_reset"), {"email": email})


def link_in(message) -> str:
    return re.search(r"https?://[^/]+(/\S+)", message.body).group(1)


def test_the_sign_in_page_offers_a_way_to_reset_a_forgotten_password(visitor):
    html = visitor.get(reverse("accounts:login")).content.decode()
    assert f'href="{reverse("accounts:password_reset")}"' in html
    assert "Forgot your password?" in html


def test_a_person_resets_their_password_with_the_link_and_the_link_then_stops_working(hoa, visitor):
    response = ask_for_link(visitor, "HOA@quangnam.gov.vn")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_reset_sent")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["hoa@quangnam.gov.vn"]
    link = link_in(mail.outbox[0])

    form_page = visitor.get(link, follow=True)
    assert form_page.context["validlink"]
    done = visitor.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "quiet-river-2025", "new_password2": "quiet-river-2025"},
        follow=True,
    )
    assert "Sign in with your new password." in done.content.decode()
    hoa.refresh_from_db()
    assert hoa.check_password("quiet-river-2025")

    again = visitor.get(link, follow=True)
    assert not again.context["validlink"]
    assert "This link no longer works" in again.content.decode()


def test_the_answer_is_the_same_whether_the_address_has_an_account_or_not(hoa, visitor):
    known = ask_for_link(visitor, "hoa@quangnam.gov.vn")
    unknown = ask_for_link(visitor, "nobody@quangnam.gov.vn")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(mail.outbox) == 1
    sent_page = visitor.get(known["Location"]).content.decode()
    assert "If an account has this address" in sent_page


def test_the_e_mail_is_written_in_the_person_s_language(hoa, users, visitor):
    ask_for_link(visitor, "hoa@quangnam.gov.vn")
    assert "Choose a new Resolute password" in mail.outbox[0].subject
    actions.update_own_profile(acting_user=users["leader"], email="leader@quangnam.gov.vn", language="vi")
    ask_for_link(visitor, "leader@quangnam.gov.vn")
    assert "Chọn mật khẩu mới" in mail.outbox[1].subject
    assert "Liên kết chỉ dùng được một lần" in mail.outbox[1].body


@override_settings(RESOLUTE_PASSWORD_RESETS_PER_ADDRESS=2)
def test_an_address_gets_only_a_few_links_an_hour_and_the_page_says_nothing_of_it(hoa, visitor):
    answers = [ask_for_link(visitor, "hoa@quangnam.gov.vn") for _ in range(4)]
    assert {answer["Location"] for answer in answers} == {reverse("accounts:password_reset_sent")}
    assert len(mail.outbox) == 2


def test_the_request_and_the_new_password_are_in_the_person_s_history(hoa, visitor):
    ask_for_link(visitor, "hoa@quangnam.gov.vn")
    form_page = visitor.get(link_in(mail.outbox[0]), follow=True)
    visitor.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "quiet-river-2025", "new_password2": "quiet-river-2025"},
    )
    notes = [entry.note for entry in history_of(hoa)]
    assert "Set a new password through a reset link." in notes
    assert "A password-reset link was sent by e-mail." in notes


def test_a_new_password_must_follow_the_password_rules(hoa, visitor):
    ask_for_link(visitor, "hoa@quangnam.gov.vn")
    form_page = visitor.get(link_in(mail.outbox[0]), follow=True)
    response = visitor.post(form_page.redirect_chain[-1][0], {"new_password1": "123", "new_password2": "123"})
    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors
    hoa.refresh_from_db()
    assert hoa.check_password("resolute-demo")
