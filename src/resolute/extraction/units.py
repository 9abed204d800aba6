"""Linking a body named in a text to the units of the org tree.

`match_unit(mention, candidates)` finds the units a mention names: by name in either language, ignoring
accents and case ("So Tai chinh" = "Sở Tài chính"), by short name, and by the abbreviation made of the
initials of the Vietnamese name ("STC" for "Sở Tài chính"; "UBND tỉnh" for "Ủy ban nhân dân tỉnh", where
the trailing level word is kept). `generic_unit_kinds(mention)` reads collective mentions ("districts,
towns and cities", "các sở, ban, ngành") as the kinds of unit they address. Pure Python.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class UnitCandidate:
    """A unit of the org tree as the matcher sees it."""

    id: int
    name: str
    name_en: str = ""
    short_name: str = ""


# Level words kept as written in abbreviations: "UBND tỉnh", "HĐND huyện".
_LEVEL_WORDS = ("tỉnh", "thành phố", "huyện", "thị xã", "quận", "xã", "phường", "thị trấn")
_LEADING_ARTICLES = re.compile(r"^(?:the|các|những)\s+", re.IGNORECASE)


def fold(text: str) -> str:
    """Lower case, no diacritics (đ -> d), punctuation as spaces, spaces collapsed."""
    decomposed = unicodedata.normalize("NFD", (text or "").casefold().replace("đ", "d"))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    stripped = re.sub(r"[^\w\s]", " ", stripped)
    return " ".join(stripped.split())


def initials(name: str) -> str:
    """The abbreviation of a Vietnamese name: initials of its words, a trailing level word kept.

    "Sở Tài chính" -> "STC"; "Ủy ban nhân dân tỉnh" -> "UBND tỉnh"; "Hội đồng nhân dân" -> "HĐND".
    """
    text = " ".join(name.split())
    level = ""
    for word in _LEVEL_WORDS:
        if text.casefold().endswith(" " + word):
            level = text[-len(word) :]
            text = text[: -len(word) - 1]
            break
    letters = "".join(_base_letter(word[0]).upper() for word in re.findall(r"\w+", text))
    return f"{letters} {level}".strip()


def _base_letter(char: str) -> str:
    """A letter without its accents ("Ủ" -> "U"); "Đ" stays, as abbreviations keep it ("HĐND")."""
    return unicodedata.normalize("NFD", char)[0]


def _forms(candidate: UnitCandidate) -> set[str]:
    """Every folded form a candidate may be named by."""
    forms = set()
    for value in (candidate.name, candidate.name_en, candidate.short_name):
        if value:
            forms.add(fold(_LEADING_ARTICLES.sub("", value.strip())))
    if candidate.name:
        forms.add(fold(initials(candidate.name)))
    forms.discard("")
    return forms


def match_unit(mention: str, candidates: Iterable[UnitCandidate]) -> list[int]:
    """Ids of the candidates `mention` names, best first: exact folded matches, then abbreviations.

    An exact match on a name, English name or short name wins; without one, a mention equal to a name's
    initials matches ("STC"); an empty list when nothing fits.
    """
    wanted = fold(_LEADING_ARTICLES.sub("", (mention or "").strip()))
    if not wanted:
        return []
    exact, by_initials = [], []
    for candidate in candidates:
        names = {fold(value) for value in (candidate.name, candidate.name_en, candidate.short_name) if value}
        if wanted in names:
            exact.append(candidate.id)
        elif wanted in _forms(candidate):
            by_initials.append(candidate.id)
    return exact or by_initials


_GENERIC = (
    (re.compile(r"\b(?:districts?|towns?|cities|huyện|thị xã|thành phố|quận)\b", re.IGNORECASE), "district"),
    (re.compile(r"\b(?:communes?|wards?|townships?|xã|phường|thị trấn)\b", re.IGNORECASE), "commune"),
    (re.compile(r"\b(?:departments?|sở)\b", re.IGNORECASE), "department"),
    (re.compile(r"\b(?:branches|sectors|agencies|ban|ngành|cơ quan)\b", re.IGNORECASE), "agency"),
)
_COLLECTIVE = re.compile(
    r"\b(?:các|những|mọi|all|every|each)\b|\b(?:districts|towns|cities|communes|wards|departments|branches|"
    r"sectors|agencies|localities)\b|,",
    re.IGNORECASE,
)


def generic_unit_kinds(mention: str) -> set[str]:
    """The kinds of unit a collective mention addresses; empty when the mention names one unit.

    "districts, towns and cities" / "các huyện, thị xã, thành phố" -> {"district"}; "communes" /
    "xã, phường, thị trấn" -> {"commune"}; "departments, branches" / "các sở, ban, ngành" ->
    {"department", "agency"}.
    """
    text = (mention or "").strip()
    if not text or not _COLLECTIVE.search(text):
        return set()
    # A capitalised name after a level word ("huyện Đại Lộc", "Department of Finance") is one unit.
    one_unit = r"\b(?:huyện|xã|phường|thị xã|thành phố|quận|sở|district|department)\s+(?:of\s+)?[A-ZĐ]"
    if re.search(one_unit, text):
        return set()
    kinds = set()
    remaining = text
    # "thị xã" and "thành phố" hold "xã"/"phố": read the longer level words first.
    if re.search(r"thị xã|thành phố", remaining, re.IGNORECASE):
        kinds.add("district")
        remaining = re.sub(r"thị xã|thành phố", " ", remaining, flags=re.IGNORECASE)
    for pattern, kind in _GENERIC:
        if pattern.search(remaining):
            kinds.add(kind)
    return kinds
