"""Accent- and case-insensitive search over unit names and codes.

Vietnamese names carry tone marks that people often leave out when they type ("tai chinh" for
"Tài chính"), so every unit keeps a `search_text`: its names and code in lower case with the
marks stripped and đ written as d. A query is folded the same way and matched word by word.
"""

import unicodedata

from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Letters that are not a base letter plus a combining mark, so decomposition alone leaves them.
# (Ð, the Icelandic eth, is often typed for Đ.)
_LETTERS_WITHOUT_DECOMPOSITION = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def _fold_character(character: str) -> str:
    decomposed = unicodedata.normalize("NFD", character.translate(_LETTERS_WITHOUT_DECOMPOSITION))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def fold(text: str) -> str:
    """Lower case, tone marks and diacritics stripped, đ → d, runs of white space made one space."""
    return " ".join("".join(_fold_character(c) for c in (text or "")).split())


# The length of `OrgUnit.search_text`.
SEARCH_TEXT_LENGTH = 640


def search_text_for(
    *, name: str = "", name_en: str = "", short_name: str = "", code: str = "", former=()
) -> str:
    """The value of `OrgUnit.search_text` for these names and code, followed by the words of the
    `former` names and codes (`UnitFormerName` rows, or tuples of texts) that the current ones do not
    already hold, so a search by a name the unit carried before a rename still finds it. The current
    names always fit; former words that would not are left out, the oldest last."""
    text = fold(" ".join(part for part in (name, name_en, short_name, code) if part))
    words = set(text.split())
    for former_name in former:
        parts = (
            former_name
            if isinstance(former_name, tuple | list)
            else (former_name.name, former_name.name_en, former_name.short_name, former_name.code)
        )
        for word in fold(" ".join(part for part in parts if part)).split():
            if word in words:
                continue
            if len(text) + 1 + len(word) > SEARCH_TEXT_LENGTH:
                return text
            words.add(word)
            text = f"{text} {word}" if text else word
    return text


def query_words(query: str) -> list[str]:
    return fold(query).split()


def matching_q(query: str, field: str = "search_text") -> Q:
    """Units whose folded names or code contain every word of the query (in any order)."""
    condition = Q()
    for word in query_words(query):
        condition &= Q(**{f"{field}__contains": word})
    return condition


def highlight(text: str, query: str) -> SafeString:
    """`text`, escaped, with the parts that match the query's words wrapped in <mark>.

    Matching is done on the folded text; each original character folds to the same number of
    characters every time, so positions found in the folded text map back to the original."""
    text = text or ""
    words = query_words(query)
    if not words or not text:
        return escape(text)
    folded_pieces = [_fold_character(c) for c in text]
    folded = "".join(folded_pieces)
    # start offset of each original character inside the folded text
    starts, offset = [], 0
    for piece in folded_pieces:
        starts.append(offset)
        offset += len(piece)
    marked = [False] * len(text)
    for word in words:
        position = folded.find(word)
        while position != -1:
            end = position + len(word)
            for index, start in enumerate(starts):
                if start < end and start + len(folded_pieces[index]) > position:
                    marked[index] = True
            position = folded.find(word, position + 1)
    html, index = [], 0
    while index < len(text):
        run_end = index
        while run_end < len(text) and marked[run_end] == marked[index]:
            run_end += 1
        chunk = escape(text[index:run_end])
        html.append(f"<mark>{chunk}</mark>" if marked[index] else chunk)
        index = run_end
    return mark_safe("".join(html))  # noqa: S308 - every chunk is escaped above


def lookup_rank(query: str, *, exact_field: str):
    """How well a record with a folded `search_text` matches the query, best first: 0 when its
    `exact_field` (a code, a number) is the query, 1 when its text begins with the query, 2 when a
    word of it does, 3 otherwise. Shared by every type-ahead lookup so they rank alike."""
    from django.db.models import Case, IntegerField, Value, When

    folded = fold(query)
    return Case(
        When(**{f"{exact_field}__iexact": query.strip()}, then=Value(0)),
        When(search_text__startswith=folded, then=Value(1)),
        When(search_text__contains=f" {folded}", then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )


def best_matching_units(queryset, query: str, limit: int) -> list:
    """At most `limit` units of `queryset` matching the query (`matching_q`), best first: the unit
    whose code is the query, then names that begin with it, then names with a word that begins
    with it, each from the top of the tree down and the shorter name first. One query."""
    from django.db.models.functions import Length

    if not fold(query):
        return []
    return list(
        queryset.filter(matching_q(query))
        .annotate(lookup_rank=lookup_rank(query, exact_field="code"), lookup_name_length=Length("name"))
        .order_by("lookup_rank", "depth", "lookup_name_length", "path", "pk")[:limit]
    )


def exactly_named_units_q(text: str) -> Q:
    """Units whose code, name, English name or short name is the text (ignoring case)."""
    text = text.strip()
    return Q(code__iexact=text) | Q(name__iexact=text) | Q(name_en__iexact=text) | Q(short_name__iexact=text)
