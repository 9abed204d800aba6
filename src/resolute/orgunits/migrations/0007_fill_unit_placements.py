"""Every unit gets its place in the tree as it stands: the one it has held since it began.

Successions recorded before took effect on the predecessor's last day; they now mean the first day
under the successor, so they move one day later."""

from datetime import timedelta

from django.db import migrations


def fill_placements(apps, schema_editor):
    OrgUnit = apps.get_model("orgunits", "OrgUnit")
    UnitPlacement = apps.get_model("orgunits", "UnitPlacement")
    rows = OrgUnit.objects.values_list("pk", "parent_id", "path", "depth", "effective_from")
    UnitPlacement.objects.bulk_create(
        (
            UnitPlacement(unit_id=pk, parent_id=parent_id, path=path, depth=depth, valid_from=effective_from)
            for pk, parent_id, path, depth, effective_from in rows.iterator()
        ),
        batch_size=2000,
    )
    UnitSuccession = apps.get_model("orgunits", "UnitSuccession")
    for succession in UnitSuccession.objects.all():
        succession.effective_on += timedelta(days=1)
        succession.save(update_fields=["effective_on"])


def forget_placements(apps, schema_editor):
    apps.get_model("orgunits", "UnitPlacement").objects.all().delete()
    UnitSuccession = apps.get_model("orgunits", "UnitSuccession")
    for succession in UnitSuccession.objects.all():
        succession.effective_on -= timedelta(days=1)
        succession.save(update_fields=["effective_on"])


class Migration(migrations.Migration):
    dependencies = [("orgunits", "0006_reorganisation")]

    operations = [migrations.RunPython(fill_placements, forget_placements)]
