"""The search box finds the conclusions and recommendations a user reads by their words, a conclusion's
number or the inspecting body, and nothing of what they may not read. See `findings` for the data."""

import pytest
from django.utils import translation

from resolute.core.contributions import SearchSource, contributed

from .findings import STATE_AUDIT, findings_fixture  # noqa: F401 - the fixture `findings`

pytestmark = pytest.mark.usefixtures("findings")


def search(user, query, limit=10) -> list[dict]:
    with translation.override("en"):
        return [
            result
            for source in contributed(SearchSource)
            if source.key.startswith("oversight.")
            for result in source.search(user, query, limit)
        ]


def titles(results) -> list[str]:
    return [result["title"] for result in results]


def test_a_conclusion_is_found_by_its_number_with_its_recommendations(people):
    results = search(people["office"], "45/BC-KTNN")
    assert [result["kind"] for result in results] == ["Oversight conclusion", "Recommendation"]
    assert results[0]["title"].startswith("45/BC-KTNN")
    assert STATE_AUDIT in results[0]["snippet"]
    assert titles(results)[1] == "1. Thu hồi chi sai chế độ"


def test_a_recommendation_is_found_by_every_word_of_its_text(findings, people):
    results = search(people["hoian"], "giấy chứng nhận")
    assert titles(results) == ["2. Chấn chỉnh công tác cấp giấy chứng nhận quyền sử dụng đất"]
    assert results[0]["url"] == findings["certificates"].get_absolute_url()
    assert "12/KL-TTr" in results[0]["snippet"] and "Provincial Inspectorate" in results[0]["snippet"]


def test_the_inspecting_bodys_name_finds_its_conclusions(people):
    results = search(people["leader"], "Kiểm toán nhà nước")
    assert "45/BC-KTNN" in results[0]["title"]
    results = search(people["leader"], "Inspectorate")
    assert [result["kind"] for result in results].count("Recommendation") == 3


def test_nothing_is_found_of_what_the_user_may_not_read(people):
    # Đại Lộc reads its own audit, not Hội An's conclusion.
    assert search(people["dailoc"], "12/KL-TTr") == []
    assert titles(search(people["dailoc"], "Thu hồi")) == ["1. Thu hồi chi sai chế độ"]


def test_an_empty_query_finds_nothing_and_the_limit_is_kept(people):
    assert search(people["office"], "   ") == []
    assert len([r for r in search(people["office"], "Thu", limit=1) if r["kind"] == "Recommendation"]) == 1
