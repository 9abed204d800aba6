"""The base of every list filter: its form reads text as it will be stored (`core.forms`), so a
search typed in NFD finds the titles stored in NFC."""

import django_filters

from .forms import StoredTextMixin


class FilterSet(django_filters.FilterSet):
    """A FilterSet whose form is a `core.forms` form, whatever `Meta.form` it names."""

    def get_form_class(self):
        form_class = super().get_form_class()
        if issubclass(form_class, StoredTextMixin):
            return form_class
        return type(form_class.__name__, (StoredTextMixin, form_class), {})
