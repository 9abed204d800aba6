"""Form widgets shared by every app."""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    """A <select> whose options are joined as plain strings.

    Django renders each option through a template, about a third of a millisecond apiece: a list of
    every unit of a province is fine, a country's thousands of units take seconds. The markup is
    the same as Django's, groups (`(label, [(value, label), …])`) included."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        selected = set(self.format_value(value))
        html = [f"<select{flatatt(final_attrs)}>"]
        for option_value, option_label in self.choices:
            if isinstance(option_label, list | tuple):
                # A group: (its label, [(value, label), …]).
                html.append(f'<optgroup label="{escape(str(option_value))}">')
                html.extend(self._option(inner, label, selected) for inner, label in option_label)
                html.append("</optgroup>")
            else:
                html.append(self._option(option_value, option_label, selected))
        html.append("</select>")
        return mark_safe("".join(html))  # noqa: S308 - every value above is escaped

    @staticmethod
    def _option(option_value, option_label, selected) -> str:
        option_value = "" if option_value is None else str(option_value)
        chosen = " selected" if option_value in selected else ""
        return f'<option value="{escape(option_value)}"{chosen}>{escape(str(option_label))}</option>'


class FastSelectMultiple(FastSelect):
    allow_multiple_selected = True

    def value_from_datadict(self, data, files, name):
        getter = getattr(data, "getlist", None)
        return getter(name) if getter else data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return False
