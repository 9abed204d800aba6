"""Bilingual text in the reader's language.

A record's name (a unit, an indicator and its unit of measure, a task's title) may be written in
Vietnamese, in English or in both. It is shown in the reader's language: the active language on a page,
which is the report's language while a report or a letter is written and the recipient's while an
e-mail is written (each of those runs inside `translation.override`). When the reader's language is
missing the other one is shown, and says so: "Poverty rate (tiếng Anh)" as plain text, and on a page
the text inside `<span lang="en">` followed by a `<span class="lang-fallback">` marker.

Every model's display helper (`OrgUnit.display_name`, `Indicator.display_name`,
`Indicator.display_unit_of_measure`, `Task.display_title`) is built on `in_reader_language`.
"""

from django.conf import settings
from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, pgettext

LANGUAGES = ("vi", "en")


def reader_language(language: str | None = None) -> str:
    """`vi` or `en`: the given language, else the active one, else the site's default."""
    language = language or get_language() or settings.LANGUAGE_CODE
    return "en" if language.lower().startswith("en") else "vi"


def language_marker(language: str) -> str:
    """The name of a language as the reader reads it, for the fallback marker."""
    if language == "en":
        return pgettext("the language a text is shown in", "English")
    return pgettext("the language a text is shown in", "Vietnamese")


def is_language_neutral(text: str) -> bool:
    """A text without letters ("%", "‰") reads the same in every language: it needs no marker."""
    return not any(character.isalpha() for character in text)


class ReaderText(str):
    """A string in the reader's language, or in the other language with a marker.

    As a string it is the plain text, with the marker in brackets when it fell back, so it can be written
    into a document, a spreadsheet or an e-mail as it is. In a template, `__html__` gives the text inside
    a `lang` span and the marker in a `lang-fallback` span.
    """

    text: str
    language: str
    fallback: bool

    def __new__(cls, text: str, *, language: str, fallback: bool = False, marker: str = ""):
        marker = (marker or language_marker(language)) if fallback else ""
        plain = f"{text} ({marker})" if marker else text
        value = super().__new__(cls, plain)
        value.text = text
        value.language = language
        value.fallback = fallback
        value.marker = marker
        return value

    def __html__(self) -> str:
        return self.html_with(escape(self.text))

    def html_with(self, text_html: str) -> str:
        """The HTML of this text around `text_html` (the text, already escaped or highlighted)."""
        if not self.fallback:
            return mark_safe(text_html)  # noqa: S308 - the caller escaped it
        return format_html(
            '<span lang="{}">{}</span> <span class="lang-fallback" title="{}">({})</span>',
            self.language,
            mark_safe(text_html),  # noqa: S308 - the caller escaped it
            gettext("Not translated yet: shown in the other language"),
            self.marker,
        )

    def __reduce__(self):
        return (_rebuild, (self.text, self.language, self.fallback, self.marker))


def _rebuild(text: str, language: str, fallback: bool, marker: str) -> "ReaderText":
    return ReaderText(text, language=language, fallback=fallback, marker=marker)


def in_reader_language(vietnamese: str, english: str, language: str | None = None) -> ReaderText:
    """The text in the reader's language, else the other one marked as such ('' when both are empty).

    `language` is the reader's (`vi`, `en`); by default the active language.
    """
    wanted = reader_language(language)
    texts = {"vi": (vietnamese or "").strip(), "en": (english or "").strip()}
    if texts[wanted]:
        return ReaderText(texts[wanted], language=wanted)
    other = "vi" if wanted == "en" else "en"
    if not texts[other]:
        return ReaderText("", language=wanted)
    if is_language_neutral(texts[other]):
        return ReaderText(texts[other], language=other)
    # The marker is written in the reader's language, whichever language is active.
    with translation.override(wanted):
        marker = language_marker(other)
    return ReaderText(texts[other], language=other, fallback=True, marker=marker)
