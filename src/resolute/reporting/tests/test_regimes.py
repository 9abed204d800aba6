"""Setting up reporting regimes: the rules a regime must keep, who may set one, and the pages."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from resolute.core.changelog import history_of
from resolute.core.periods import PeriodType
from resolute.orgunits.models import OrgUnitKind
from resolute.reporting.actions import regimes as regime_actions
from resolute.reporting.models import RegimeKind, ReportingRegime
from resolute.targets.tests.test_values import make_indicator
from resolute.tasks.tests.factories import browser_for

MONTHLY_PROGRESS = {
    "name": "Báo cáo tiến độ nhiệm vụ hằng tháng",
    "kind": RegimeKind.TASK_PROGRESS,
    "period_type": PeriodType.MONTHLY,
    "unit_kinds": [OrgUnitKind.DEPARTMENT, OrgUnitKind.DISTRICT],
}


def make_regime(tree, acting_user=None, **fields):
    return regime_actions.create_regime(
        acting_user=acting_user, **{**MONTHLY_PROGRESS, "issuer": tree["province"], **fields}
    )


def test_a_new_regime_takes_the_decree_09_defaults_and_is_logged(tree, users):
    regime = make_regime(tree, acting_user=users["office"])
    assert (regime.cutoff_day, regime.deadline_working_days) == (14, 1)
    [entry] = history_of(regime)
    assert entry.actor == users["office"]
    assert entry.changes["unit_kinds"]["new"] == ["department", "district"]


def test_a_regime_needs_a_working_day_between_cut_off_and_deadline(tree):
    with pytest.raises(ValidationError) as error:
        make_regime(tree, deadline_working_days=0)
    assert "deadline_working_days" in error.value.message_dict


def test_a_regime_must_say_who_reports(tree):
    with pytest.raises(ValidationError) as error:
        make_regime(tree, unit_kinds=[])
    assert "unit_kinds" in error.value.message_dict


def test_named_units_must_lie_under_the_issuer(tree):
    with pytest.raises(ValidationError) as error:
        make_regime(tree, issuer=tree["district_a"], unit_kinds=[], units=[tree["commune_b1"]])
    assert "units" in error.value.message_dict


def test_an_indicator_regime_needs_indicators_of_its_period(tree):
    quarterly = make_indicator("GRDP", periodicity=PeriodType.QUARTERLY, direction="higher_is_better")
    with pytest.raises(ValidationError) as error:
        make_regime(tree, kind=RegimeKind.INDICATOR_VALUES, indicators=[quarterly])
    assert "indicators" in error.value.message_dict


def test_a_reporter_may_not_set_a_regime(tree, users):
    with pytest.raises(PermissionDenied):
        make_regime(tree, acting_user=users["district_a_reporter"])


def test_a_district_office_may_not_change_the_provinces_regime(tree, users):
    regime = make_regime(tree)
    with pytest.raises(PermissionDenied):
        regime_actions.update_regime(acting_user=users["district_a_manager"], regime=regime, cutoff_day=20)


def test_a_change_is_logged_with_the_old_and_new_values(tree, users):
    regime = make_regime(tree)
    regime_actions.update_regime(acting_user=users["admin"], regime=regime, deadline_working_days=3)
    latest = history_of(regime).first()
    assert latest.changes == {"deadline_working_days": {"old": 1, "new": 3}}
    assert latest.actor == users["admin"]


# -- pages ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["leader", "finance", "district_a_manager", "district_a_reporter"])
def test_only_the_office_or_an_administrator_opens_the_regime_pages(tree, users, name):
    regime = make_regime(tree)
    browser = browser_for(users[name])
    assert browser.get("/reporting/regimes/").status_code == 403
    assert browser.get("/reporting/regimes/new/").status_code == 403
    assert browser.get(f"/reporting/regimes/{regime.pk}/").status_code == 403
    assert browser.post(f"/reporting/regimes/{regime.pk}/", {"name": "x"}).status_code == 403


def test_a_stranger_is_sent_to_sign_in(tree):
    from django.test import Client

    response = Client().get("/reporting/regimes/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_office_lists_regimes_with_the_current_window_and_deadline(tree, users):
    make_regime(tree)
    response = browser_for(users["office"]).get("/reporting/regimes/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Báo cáo tiến độ nhiệm vụ hằng tháng" in page
    assert "working day after the cut-off" in page


def test_the_office_sets_up_a_regime_from_the_form(tree, users):
    browser = browser_for(users["office"])
    response = browser.post(
        "/reporting/regimes/new/",
        {
            "name": "Báo cáo tình hình kinh tế - xã hội quý",
            "kind": RegimeKind.NARRATIVE,
            "issuer": tree["province"].pk,
            "period_type": PeriodType.QUARTERLY,
            "cutoff_day": 14,
            "deadline_working_days": 2,
            "unit_kinds": [OrgUnitKind.DISTRICT],
            "active": "on",
        },
    )
    assert response.status_code == 302
    regime = ReportingRegime.objects.get(name="Báo cáo tình hình kinh tế - xã hội quý")
    assert (regime.period_type, regime.deadline_working_days, regime.unit_kinds) == (
        "quarterly",
        2,
        ["district"],
    )


def test_the_form_shows_the_rule_next_to_the_field(tree, users):
    response = browser_for(users["office"]).post(
        "/reporting/regimes/new/",
        {
            "name": "Không ai báo cáo",
            "kind": RegimeKind.NARRATIVE,
            "issuer": tree["province"].pk,
            "period_type": PeriodType.MONTHLY,
            "cutoff_day": 14,
            "deadline_working_days": 1,
        },
    )
    assert response.status_code == 200
    assert "Say which units report" in response.content.decode()
    assert not ReportingRegime.objects.exists()


def test_editing_shows_the_change_log_and_refuses_a_stale_form(tree, users):
    regime = make_regime(tree)
    browser = browser_for(users["admin"])
    fields = {
        "name": regime.name,
        "kind": regime.kind,
        "issuer": tree["province"].pk,
        "period_type": regime.period_type,
        "cutoff_day": 15,
        "deadline_working_days": 1,
        "unit_kinds": regime.unit_kinds,
        "active": "on",
        "version": regime.version,
    }
    assert browser.post(f"/reporting/regimes/{regime.pk}/", fields).status_code == 302
    stale = browser.post(f"/reporting/regimes/{regime.pk}/", {**fields, "cutoff_day": 16})
    assert stale.status_code == 409
    page = browser.get(f"/reporting/regimes/{regime.pk}/").content.decode()
    assert "History" in page and "Cut-off day" in page
    regime.refresh_from_db()
    assert regime.cutoff_day == 15


def test_the_demo_sets_up_the_decree_09_monthly_regime_once(tree):
    from types import SimpleNamespace

    from resolute.demo.reporting import MONTHLY_PROGRESS, load_reporting

    loader = SimpleNamespace(units={"province": tree["province"]}, log=lambda message: None)
    load_reporting(loader)
    load_reporting(loader)
    regime = ReportingRegime.objects.get(name=MONTHLY_PROGRESS)
    assert (regime.cutoff_day, regime.deadline_working_days, regime.is_sample) == (14, 1, True)
    assert sorted(regime.unit_kinds) == ["department", "district"]
