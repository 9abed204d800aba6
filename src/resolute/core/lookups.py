"""Choices that load as the user types, for choice sets too large to send as a list.

A national viewer's filter form would otherwise carry thousands of units and documents as
<option>s. A lookup field (`LookupChoiceField`) renders instead as a text box and a hidden value
(`core.widgets.LookupInput`): with JavaScript (`web/static/resolute/lookup.js`) the box asks an
endpoint for the best matches as the user types and keeps the chosen id in the hidden value;
without it the typed text is sent as `<name>_text` and resolved here — an exact code or number, or
the one match. A choice set of at most `LOOKUP_THRESHOLD` rows keeps the plain list.

The suggestions come from the same query set the field validates against: a filter that narrows its
choices (documents some visible task came from) is registered under a key (`register_choice_set`,
done by `core.filters.FilterSet` for every lookup filter it declares), the widget names that key,
and the endpoint reads the set for the requesting user with it. See docs/dev/lookups.md.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .text import NulCharacterError, normalise_text

# Up to this many choices the field stays a plain <select>: a district's units or a province's
# documents are quicker to pick from a list than to type.
LOOKUP_THRESHOLD = 200
# How many suggestions the endpoints return; more than that and the user should type more.
LOOKUP_LIMIT = 20
# How many candidates a message about an ambiguous text names.
CANDIDATES_NAMED = 5
# The longest text a lookup reads: names and titles are shorter; a longer text is cut.
LOOKUP_TEXT_LENGTH = 200
TEXT_SUFFIX = "_text"


@dataclass(frozen=True)
class TypedChoice:
    """What a lookup sends: the chosen id (`value`, may be empty) and the text in its box (`text`,
    None when the box was not sent — a plain <select>, or the API)."""

    value: str = ""
    text: str | None = None


@dataclass(frozen=True)
class ShownChoice:
    """What a lookup shows back: the id to keep and the text to show in the box."""

    value: str
    text: str


# -- the registry of narrowed choice sets ------------------------------------------------------

_choice_sets: dict[str, Callable] = {}


def register_choice_set(key: str, queryset) -> None:
    """Name the query set (or the function of the request that returns it) a lookup filter chooses
    from, so the endpoint suggests from exactly that set."""
    _choice_sets[key] = queryset


def choice_set(key: str, request):
    """The registered query set for this request, or None for an unknown key."""
    queryset = _choice_sets.get(key)
    if queryset is None:
        return None
    return queryset(request) if callable(queryset) else queryset.all()


def typed_query(request) -> str:
    """The `q` of a lookup request, as text is stored, cut to LOOKUP_TEXT_LENGTH; empty when it
    cannot be read (a NUL character)."""
    try:
        return normalise_text(request.GET.get("q", ""))[:LOOKUP_TEXT_LENGTH].strip()
    except NulCharacterError:
        return ""


def suggestions_response(request, queryset, *, model, search, text_of, detail_of=None) -> JsonResponse:
    """The JSON an endpoint answers: `{"results": [{"value", "text", "detail"}…]}`, the best matches
    first, at most LOOKUP_LIMIT, from `queryset` (already what the user may see) narrowed by the
    registered set named in `?within=` (400 when no such set exists for this model)."""
    within = request.GET.get("within", "")
    if within:
        narrowed = choice_set(within, request)
        if narrowed is None or narrowed.model is not model:
            return JsonResponse({"error": str(_("Unknown choice set."))}, status=400)
        queryset = queryset.filter(pk__in=narrowed.values("pk"))
    query = typed_query(request)
    found = search(queryset, query, LOOKUP_LIMIT) if query else []
    return JsonResponse(
        {
            "results": [
                {"value": str(item.pk), "text": text_of(item), "detail": detail_of(item) if detail_of else ""}
                for item in found
            ]
        }
    )


# -- the field ---------------------------------------------------------------------------------


class LookupChoiceField(forms.ModelChoiceField):
    """One row of a large query set, chosen by id or by typed text.

    A subclass names the endpoint (`lookup_url_name`) and says how to search (`best_matches(queryset,
    text, limit)`, best first), which typed texts are exact (`exact_matches(queryset, text)`: a code,
    a number) and how a row reads in the box (`text_of`). `lookup_key` names the registered choice
    set the endpoint narrows to."""

    lookup_url_name = ""
    # Its messages begin with the field's label, so a summary of a form's errors need not add it.
    error_names_field = True
    # What the choices are called in a message: "units", "documents".
    choices_noun = _("choices")

    def __init__(self, queryset, *, lookup_key: str = "", threshold: int | None = None, **kwargs):
        from .widgets import LookupInput

        kwargs.setdefault("widget", LookupInput)
        super().__init__(queryset, **kwargs)
        self.lookup_key = lookup_key
        self.threshold = LOOKUP_THRESHOLD if threshold is None else threshold
        self.chosen = None

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.chosen = None
        return result

    # -- what a subclass gives

    def best_matches(self, queryset, text: str, limit: int) -> list:
        raise NotImplementedError

    def exact_matches(self, queryset, text: str):
        return queryset.none()

    def text_of(self, obj) -> str:
        return str(obj)

    # -- the endpoint

    @property
    def lookup_url(self) -> str:
        url = reverse(self.lookup_url_name)
        return f"{url}?within={self.lookup_key}" if self.lookup_key else url

    # -- reading what was sent

    def prepare_value(self, value):
        if isinstance(value, TypedChoice):
            # What cleaning settled on — by id, or by a typed text it resolved — is shown by its text.
            chosen = self.chosen
            if chosen is not None:
                return ShownChoice(str(chosen.pk), self.text_of(chosen))
            if value.text is not None:
                # What the user typed and the list did not settle: shown back as typed, no id kept.
                return ShownChoice("" if value.text.strip() else value.value, value.text)
            return ShownChoice(value.value, "")
        if hasattr(value, "_meta"):
            return ShownChoice(str(value.pk), self.text_of(value))
        return ShownChoice("" if value in self.empty_values else str(value), "")

    def to_python(self, value):
        typed = value if isinstance(value, TypedChoice) else TypedChoice("" if value is None else str(value))
        try:
            text = normalise_text(typed.text or "")[:LOOKUP_TEXT_LENGTH].strip()
        except NulCharacterError:
            raise ValidationError(
                _("%(field)s: the text must not contain a NUL character."),
                code="invalid",
                params={"field": self.label},
            ) from None
        if typed.value:
            try:
                chosen = super().to_python(typed.value)
            except ValidationError:
                if not text:
                    raise
                chosen = None
            # The id stands unless the box says something else: without JavaScript the hidden id of
            # the last choice is sent again with whatever was typed over it, or with an emptied box.
            if chosen is not None and (typed.text is None or text == self.text_of(chosen)):
                self.chosen = chosen
                return chosen
        if not text:
            return None
        self.chosen = self.resolve(text)
        return self.chosen

    def resolve(self, text: str):
        """The one row the text names: an exact code or number, or else the only match."""
        exact = list(self.exact_matches(self.queryset, text)[:2])
        if len(exact) == 1:
            return exact[0]
        found = self.best_matches(self.queryset, text, CANDIDATES_NAMED + 1)
        if len(found) == 1:
            return found[0]
        params = {"field": self.label, "text": text, "choices": self.choices_noun}
        if not found:
            raise ValidationError(
                _("%(field)s: none of the %(choices)s you may choose matches “%(text)s”."),
                code="no_match",
                params=params,
            )
        named = "; ".join(self.text_of(item) for item in found[:CANDIDATES_NAMED])
        if len(found) > CANDIDATES_NAMED:
            message = _(
                "%(field)s: “%(text)s” matches more than %(count)s %(choices)s, among them %(candidates)s. "
                "Type more of the name, or the code or number."
            )
        else:
            message = _(
                "%(field)s: “%(text)s” matches several %(choices)s: %(candidates)s. "
                "Type more of the name, or the code or number."
            )
        raise ValidationError(
            message, code="ambiguous", params={**params, "candidates": named, "count": CANDIDATES_NAMED}
        )

    def has_changed(self, initial, data):
        return str(self.prepare_value(initial).value) != str(self.prepare_value(data).value)
