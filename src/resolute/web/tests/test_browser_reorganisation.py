"""The reorganisation pages on a 390-px phone and a 1366-px laptop, in Vietnamese and English: no page is
wider than the screen (a wide table scrolls inside its own box), and the preview's choice of successor
and the apply form stay usable."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from resolute.conftest import make_user
from resolute.orgunits import actions
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnitKind, Reorganisation
from resolute.orgunits.models import ReorganisationStepKind as Kind

from .browser import screenshot, sign_in
from .test_browser_phone import OVERFLOWING

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = datetime.date(2025, 7, 1)


@pytest.fixture
def reorganisations(tree, users):
    """A draft that merges two communes into a new ward and splits a third between two new wards (someone
    holds a role there, so the preview offers a choice), and one whose application failed."""
    with time_machine.travel(datetime.datetime(2025, 8, 1, 9, 0), tick=False):
        admin = users["admin"]
        make_user("xa_tan_an", (tree["commune_a1"], Role.REPORTER))
        draft = actions.create_reorganisation(
            acting_user=admin,
            area=tree["province"],
            title="Sắp xếp đơn vị hành chính cấp xã năm 2025 theo Nghị quyết của Ủy ban Thường vụ Quốc hội",
            legal_basis="Nghị quyết số 1659/NQ-UBTVQH15 ngày 16 tháng 6 năm 2025",
            effective_on=DAY,
        )
        ward = actions.plan_unit(
            acting_user=admin,
            reorganisation=draft,
            name="Phường Hội An Đông Bắc Thuộc Thành Phố Đà Nẵng",
            kind=OrgUnitKind.COMMUNE,
            code="20333",
            parent=tree["province"],
        )
        east, west = (
            actions.plan_unit(
                acting_user=admin,
                reorganisation=draft,
                name=name,
                kind=OrgUnitKind.COMMUNE,
                parent=tree["district_a"],
            )
            for name in ("Phường Điện Bàn Đông", "Phường Điện Bàn Tây")
        )
        actions.add_step(
            acting_user=admin,
            reorganisation=draft,
            kind=Kind.SPLIT,
            sources=[tree["commune_a1"]],
            successors=[east, west],
        )
        actions.add_step(
            acting_user=admin,
            reorganisation=draft,
            kind=Kind.MERGE,
            sources=[tree["commune_b1"]],
            successors=[ward],
        )
        failed = actions.create_reorganisation(
            acting_user=admin,
            area=tree["province"],
            title="Đổi tên huyện",
            legal_basis="NQ 2/2025",
            effective_on=DAY,
        )
        Reorganisation.objects.filter(pk=failed.pk).update(
            status=Reorganisation.Status.FAILED,
            failure_reason="Mã 20333 đã được Phường Khác sử dụng (mã không được dùng lại); hãy đặt mã khác.",
        )
    return draft, failed


def pages(draft, failed) -> list[tuple[str, str]]:
    def at(name, reorganisation):
        return reverse(f"orgunits:{name}", args=[reorganisation.pk])

    return [
        ("list", reverse("orgunits:reorganisations")),
        ("create", reverse("orgunits:reorganisation_create")),
        ("detail", draft.get_absolute_url()),
        ("edit", at("reorganisation_edit", draft)),
        ("unit", at("reorganisation_unit_create", draft)),
        ("step", at("reorganisation_step_create", draft)),
        ("import", at("reorganisation_import", draft)),
        ("preview", at("reorganisation_preview", draft)),
        ("failed", failed.get_absolute_url()),
    ]


@pytest.mark.parametrize("width", [390, 1366])
def test_the_reorganisation_pages_fit_the_screen_in_both_languages(
    chromium, live_server, reorganisations, width
):
    draft, failed = reorganisations
    context = chromium.new_context(
        locale="vi-VN", viewport={"width": width, "height": 900}, device_scale_factor=1
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server, "admin")
    overflowing = []
    for language in ("vi", "en"):
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
        for name, url in pages(draft, failed):
            response = page.goto(f"{live_server.url}{url}")
            assert response.status == 200, url
            measured = page.evaluate(OVERFLOWING, width)
            if measured["scrollWidth"] > width:
                overflowing.append(f"{language} {url}: {measured['scrollWidth']} px ({measured['culprits']})")
            screenshot(page, f"reorganisation-{width}-{language}-{name}")
    context.close()
    assert not overflowing, "\n".join(overflowing)


def test_on_a_phone_the_preview_s_choice_and_the_apply_form_are_within_reach(
    chromium, live_server, reorganisations
):
    draft, _failed = reorganisations
    context = chromium.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}, device_scale_factor=1
    )
    page = context.new_page()
    sign_in(page, live_server, "admin")
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "vi", "url": live_server.url}])
    page.goto(f"{live_server.url}{reverse('orgunits:reorganisation_preview', args=[draft.pk])}")
    choice = page.locator("select[name^='choice:']").first
    box = choice.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.get_by_role("button", name="Lưu lựa chọn").is_visible()
    context.close()
