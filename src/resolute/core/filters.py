"""The base of every list filter: its form reads text as it will be stored (`core.forms`), so a
search typed in NFD finds the titles stored in NFC; and each filter whose choices load as the user
types (`core.lookups`) names its choice set, so the suggestions come from exactly that set."""

import django_filters

from .forms import StoredTextMixin
from .lookups import LookupChoiceField, register_choice_set


class FilterSet(django_filters.FilterSet):
    """A FilterSet whose form is a `core.forms` form, whatever `Meta.form` it names."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        app = cls.__module__.removeprefix("resolute.").split(".")[0]
        for name, declared in cls.declared_filters.items():
            field_class = getattr(declared, "field_class", None)
            queryset = getattr(declared, "queryset", None)
            is_lookup = isinstance(field_class, type) and issubclass(field_class, LookupChoiceField)
            if is_lookup and queryset is not None:
                key = f"{app}.{cls.__name__}.{name}"
                register_choice_set(key, queryset)
                declared.extra["lookup_key"] = key

    def get_form_class(self):
        form_class = super().get_form_class()
        if issubclass(form_class, StoredTextMixin):
            return form_class
        return type(form_class.__name__, (StoredTextMixin, form_class), {})
