import pytest
from django.core.management import call_command

from resolute.accounts.models import User
from resolute.core.contributions import DemoLoader, contributed
from resolute.core.models import ChangeLogEntry
from resolute.directives.models import Document, DocumentRelation
from resolute.orgunits.models import OrgUnit, OrgUnitKind


@pytest.fixture(scope="module")
def demo_loaded_on():
    """The demo is loaded here as `resolute load_demo` loads it: on the real today."""
    return None


def test_the_demo_is_built_in_steps_that_build_on_the_ones_before():
    assert [step.key for step in contributed(DemoLoader)] == [
        "demo.units",
        "demo.users",
        "demo.documents",
        "demo.tasks",
        "demo.targets",
        "demo.reporting",
        "investment.demo",
        "petitions.demo",
        "oversight.demo",
        "demo.reorganisation",
        "demo.tasks_after",
        "demo.targets_after",
        "demo.reporting_after",
        "investment.demo_after",
        "oversight.demo_after",
        "petitions.demo_after",
        "demo.plans",
        "demo.reports",
        # Last, so the stored target evaluations are those of the finished demo.
        "demo.target_snapshots",
    ]


def test_the_demo_builds_quang_nam_and_loading_it_again_adds_nothing(demo):
    counts = (
        OrgUnit.objects.count(),
        User.objects.count(),
        Document.objects.count(),
        DocumentRelation.objects.count(),
    )
    log_size = ChangeLogEntry.objects.count()

    call_command("load_demo", verbosity=0)

    assert (
        OrgUnit.objects.count(),
        User.objects.count(),
        Document.objects.count(),
        DocumentRelation.objects.count(),
    ) == counts
    assert ChangeLogEntry.objects.count() == log_size
    assert OrgUnit.objects.filter(kind=OrgUnitKind.DISTRICT).count() == 18
    assert OrgUnit.objects.get(code="503").name == "Thành phố Hội An"
    assert set(User.objects.values_list("username", flat=True)) >= {
        "admin",
        "office",
        "leader",
        "finance",
        "hoian",
    }


def test_the_seed_conclusion_is_split_into_its_sections_and_relates_to_the_documents_it_names(demo):
    conclusion = Document.objects.get(text__startswith="According to the Working Program")
    headings = list(conclusion.clauses.filter(kind="heading").values_list("label", "line"))
    assert [line for _label, line in headings] == [2, 3, 21, 32, 36, 42]
    named = {relation.target.number for relation in conclusion.relations_out.select_related("target")}
    assert {"35-CT/TW", "581", "08-NQ/TU", "18-NQ/TW", "77-KL/TW", "06/QĐ-TTg", "72/QĐ-TTg"} <= named
    assert conclusion.is_sample


def test_every_directive_of_part_two_becomes_a_task_from_its_clause_and_every_status_appears(demo):
    from resolute.tasks.models import Task
    from resolute.tasks.status import OverdueAge, TaskStatus

    conclusion = Document.objects.get(text__startswith="According to the Working Program")
    top_level = Task.objects.filter(source_document=conclusion, parent__isnull=True)
    assert top_level.count() == 65
    assert not top_level.filter(source_clause__isnull=True).exists()
    for task in top_level.select_related("source_clause"):
        assert task.source_text in task.source_clause.text
    today = Task.objects.as_of()
    assert set(today.values_list("status", flat=True)) == set(TaskStatus.values)
    ages = today.exclude(overdue_age=None).values_list("overdue_age", flat=True)
    assert set(ages) == set(OverdueAge.values)
    assert top_level.filter(is_sample=True).count() == 65

    call_command("load_demo", verbosity=0)
    assert Task.objects.filter(source_document=conclusion, parent__isnull=True).count() == 65
