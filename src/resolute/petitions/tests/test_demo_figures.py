"""The demo's dashboard reads the seed's figure of petitions: Quảng Nam received 215 petitions from 1 January
to 30 November 2024 against 200 in the same months of 2023, up 7.5%, with the formula."""

from django.test import Client
from django.urls import reverse

from resolute.accounts.models import User
from resolute.orgunits.models import OrgUnit


def test_the_leaders_dashboard_of_30_november_2024_reads_up_7_5_percent_on_2023(demo):
    province = OrgUnit.objects.get(code="49")
    client = Client()  # the demo's leader reads Vietnamese
    client.force_login(User.objects.get(username="leader"))
    html = client.get(
        reverse("reports:dashboard"), {"unit": province.pk, "as_of": "2024-11-30"}
    ).content.decode()
    assert '<strong class="dash-count__number">215</strong> đã tiếp nhận' in html
    assert "+7,5% so với cùng kỳ năm 2023" in html
    assert "(215 − 200) ÷ 200 × 100 = +7,5%" in html
