"""The default urging ladder: a reminder 3 working days before the deadline, a notice on the day
it becomes overdue, a letter after 5 working days overdue, escalation after 15."""

from django.db import migrations

DEFAULT_STEPS = (
    (1, "reminder", -3),
    (2, "overdue_notice", 0),
    (3, "letter", 5),
    (4, "escalation", 15),
)


def create_default_steps(apps, schema_editor):
    LadderStep = apps.get_model("reporting", "LadderStep")
    for order, kind, delay in DEFAULT_STEPS:
        LadderStep.objects.get_or_create(kind=kind, defaults={"order": order, "delay_working_days": delay})


class Migration(migrations.Migration):
    dependencies = [("reporting", "0002_ladder")]

    operations = [migrations.RunPython(create_default_steps, migrations.RunPython.noop)]
