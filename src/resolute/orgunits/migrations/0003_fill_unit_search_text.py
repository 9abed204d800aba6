"""Fill `search_text` for the units that existed before the field did.

The folding is written out here (not imported) so this migration keeps working whatever the
application code later becomes."""

import unicodedata

from django.db import migrations

LETTERS_WITHOUT_DECOMPOSITION = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def fold(text):
    decomposed = unicodedata.normalize("NFD", (text or "").translate(LETTERS_WITHOUT_DECOMPOSITION))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


def fill_search_text(apps, schema_editor):
    OrgUnit = apps.get_model("orgunits", "OrgUnit")
    batch = []
    for unit in OrgUnit.objects.only("name", "name_en", "short_name", "code").iterator(chunk_size=2000):
        unit.search_text = fold(" ".join(p for p in (unit.name, unit.name_en, unit.short_name, unit.code) if p))
        batch.append(unit)
        if len(batch) >= 2000:
            OrgUnit.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        OrgUnit.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("orgunits", "0002_unit_search_text")]

    operations = [migrations.RunPython(fill_search_text, migrations.RunPython.noop)]
