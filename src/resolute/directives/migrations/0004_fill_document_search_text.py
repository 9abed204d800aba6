"""Fill `search_text` for the documents that existed before the field did.

The folding is written out here (not imported) so this migration keeps working whatever the
application code later becomes."""

import unicodedata

from django.db import migrations

LETTERS_WITHOUT_DECOMPOSITION = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def fold(text):
    decomposed = unicodedata.normalize("NFD", (text or "").translate(LETTERS_WITHOUT_DECOMPOSITION))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


def fill_search_text(apps, schema_editor):
    Document = apps.get_model("directives", "Document")
    batch = []
    for document in Document.objects.only("number", "title").iterator(chunk_size=2000):
        document.search_text = fold(f"{document.number} {document.title}")[:600]
        batch.append(document)
        if len(batch) >= 2000:
            Document.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Document.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("directives", "0003_document_search_text")]

    operations = [migrations.RunPython(fill_search_text, migrations.RunPython.noop)]
