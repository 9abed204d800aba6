"""The Vietnamese catalogue is complete, and the compiled catalogue the app loads matches it."""

import gettext
import re
from pathlib import Path

from django.conf import settings

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "vi" / "LC_MESSAGES"


def po_entries(path: Path):
    """(msgid, [msgstr...], flags) for every entry but the header, from a .po file."""
    entries, current, field = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if current and current["msgid"]:
                entries.append(current)
            current, field = None, None
            continue
        current = current or {"msgid": "", "msgstr": {}, "flags": ""}
        if line.startswith("#,"):
            current["flags"] += line
        elif line.startswith("#"):
            continue
        elif match := re.match(r'(msgid|msgid_plural|msgctxt|msgstr(?:\[(\d)\])?) "(.*)"$', line):
            field = match.group(1)
            current.setdefault("parts", {})[field] = match.group(3)
            if field == "msgid":
                current["msgid"] = match.group(3)
            elif field.startswith("msgstr"):
                current["msgstr"][field] = match.group(3)
        elif line.startswith('"') and field:
            current["parts"][field] += line[1:-1]
            if field == "msgid":
                current["msgid"] += line[1:-1]
            elif field.startswith("msgstr"):
                current["msgstr"][field] += line[1:-1]
    return entries


def test_every_message_has_a_vietnamese_translation_that_keeps_its_placeholders():
    entries = po_entries(CATALOGUE / "django.po")
    assert len(entries) > 300
    for entry in entries:
        assert "fuzzy" not in entry["flags"], entry["msgid"]
        for translation in entry["msgstr"].values():
            assert translation, f"untranslated: {entry['msgid']!r}"
            # Vietnamese has one plural form, which follows the plural source ("all %(counter)s …").
            source = entry["parts"].get("msgid_plural", entry["msgid"])
            source_placeholders = sorted(re.findall(r"%\(\w+\)[sd]", source))
            assert sorted(re.findall(r"%\(\w+\)[sd]", translation)) == source_placeholders, entry["msgid"]


def test_the_compiled_catalogue_is_up_to_date():
    compiled = gettext.GNUTranslations((CATALOGUE / "django.mo").open("rb"))
    for entry in po_entries(CATALOGUE / "django.po"):
        if "msgid_plural" in entry.get("parts", {}) or "msgctxt" in entry.get("parts", {}):
            continue
        msgid = entry["msgid"].encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
        assert compiled.gettext(msgid) != msgid or msgid == entry["msgstr"].get("msgstr"), (
            f"{entry['msgid']!r} is not in django.mo: run make messages"
        )
