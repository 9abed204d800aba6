"""The document list's filters, shared by the HTML list and the API; and the document choice of
every other list's filters (`DocumentChoiceFilter`)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from resolute.core.filters import FilterSet
from resolute.core.lookups import LookupChoiceField
from resolute.orgunits.filters import UnitFilter
from resolute.orgunits.models import OrgUnit

from .forms import NUMBER_PREFIX_RE, DocumentChoiceField, capitalised
from .models import Document, DocumentKind, DocumentStatus
from .search import best_matching_documents, exactly_numbered_q


class DocumentLookupField(LookupChoiceField):
    """The document choice of a filter form: a list while the user may choose from few documents, a
    box that suggests documents as the user types when there are more (`core.lookups`). A typed
    text names a document by its number ("08-NQ/TU", "Số 08-NQ/TU") or the words of its number and
    title, with or without tone marks."""

    lookup_url_name = "directives:lookup"
    choices_noun = _("documents")

    def label_from_instance(self, document):
        return DocumentChoiceField.label_from_instance(self, document)

    def best_matches(self, queryset, text, limit):
        return best_matching_documents(queryset, text, limit)

    def exact_matches(self, queryset, text):
        return queryset.filter(exactly_numbered_q(NUMBER_PREFIX_RE.sub("", text.strip())))


class DocumentChoiceFilter(django_filters.ModelChoiceFilter):
    """A document to filter by; its choices load as the user types when they are many. The API and
    every link keep sending the document's id."""

    field_class = DocumentLookupField


def issuers_with_documents(request):
    """Units the user can see that issued at least one document the user can see."""
    if request is None:
        return OrgUnit.objects.none()
    issued = Document.objects.visible_to(request.user).filter(issuer__isnull=False).values("issuer")
    return OrgUnit.objects.visible_to(request.user).filter(pk__in=issued).order_by("path")


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sorting that ends on the id, so pages never repeat or skip a document with an equal key."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, "-id")
        return qs


class DocumentFilter(FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=capitalised(DocumentKind.choices), empty_label=_("All kinds")
    )
    issuer = UnitFilter(label=_("Issuer"), queryset=issuers_with_documents, empty_label=_("All issuers"))
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="issued_on", lookup_expr="year", min_value=1900, max_value=2999
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=capitalised(DocumentStatus.choices), empty_label=_("All statuses")
    )
    sort = StableOrderingFilter(
        label=_("Sort by"),
        fields=(("issued_on", "issued_on"), ("number", "number"), ("title", "title"), ("kind", "kind")),
        field_labels={
            "issued_on": _("Date, oldest first"),
            "-issued_on": _("Date, newest first"),
            "number": _("Number"),
            "-number": _("Number, descending"),
            "title": _("Title"),
            "-title": _("Title, descending"),
            "kind": _("Kind"),
            "-kind": _("Kind, descending"),
        },
        empty_label=_("Newest first"),
    )

    class Meta:
        model = Document
        fields = ["q", "kind", "issuer", "year", "status"]

    def search(self, queryset, name, value):
        """The words in the number, the title or the full text."""
        for word in value.split():
            queryset = queryset.filter(
                Q(number__icontains=word) | Q(title__icontains=word) | Q(text__icontains=word)
            )
        return queryset
