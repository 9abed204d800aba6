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


class LookupInput(FastSelect):
    """The widget of a `core.lookups.LookupChoiceField`: a plain list for a small choice set, a text
    box with a hidden value for a large one.

    Reads at most `threshold + 1` rows to tell which: up to the threshold they are the list's
    options; above it none are rendered, only the chosen row's text (the field already read that
    row when it checked the value). The box follows the ARIA combobox pattern; `resolute/lookup.js`
    fills its list box as the user types. Without JavaScript the box's text is sent as
    `<name>_text` and the field resolves it."""

    def value_from_datadict(self, data, files, name):
        from .lookups import TEXT_SUFFIX, TypedChoice

        text_name = f"{name}{TEXT_SUFFIX}"
        text = data.get(text_name) if text_name in data else None
        value = data.get(name)
        return TypedChoice("" if value is None else str(value), text)

    def value_omitted_from_data(self, data, files, name):
        from .lookups import TEXT_SUFFIX

        return name not in data and f"{name}{TEXT_SUFFIX}" not in data

    def format_value(self, value):
        from .lookups import ShownChoice

        if isinstance(value, ShownChoice):
            return [value.value] if value.value else []
        return super().format_value(value)

    def render(self, name, value, attrs=None, renderer=None):
        from .lookups import ShownChoice

        field = self.choices.field
        shown = value if isinstance(value, ShownChoice) else field.prepare_value(value)
        rows = list(field.queryset[: field.threshold + 1])
        if len(rows) <= field.threshold:
            self.choices = ([("", field.empty_label)] if field.empty_label is not None else []) + [
                (str(row.pk), field.label_from_instance(row)) for row in rows
            ]
            try:
                return super().render(name, shown, attrs, renderer)
            finally:
                self.choices = field.choices
        return self.render_lookup(name, shown, attrs, field)

    def render_lookup(self, name, shown, attrs, field) -> str:
        from django.utils.translation import gettext

        from .lookups import TEXT_SUFFIX

        final_attrs = self.build_attrs(self.attrs, attrs)
        box_id = final_attrs.get("id") or f"id_{name}"
        list_id = f"{box_id}_listbox"
        box_attrs = {
            **final_attrs,
            "id": box_id,
            "type": "text",
            "name": f"{name}{TEXT_SUFFIX}",
            "value": shown.text,
            "role": "combobox",
            "aria-autocomplete": "list",
            "aria-expanded": "false",
            "aria-controls": list_id,
            "autocomplete": "off",
            "spellcheck": "false",
            "placeholder": gettext("Name, code or number"),
            "data-lookup-box": True,
        }
        wrapper_attrs = {
            "class": "lookup",
            "data-lookup": field.lookup_url,
            "data-lookup-none": gettext("Nothing you may choose matches."),
            "data-lookup-some": gettext("Suggestions: %(count)s. Use the up and down keys to choose."),
            "data-lookup-failed": gettext("Suggestions could not be loaded; the typed text will be sent."),
        }
        hidden = {"type": "hidden", "name": name, "value": shown.value, "data-lookup-value": True}
        return mark_safe(  # noqa: S308 - flatatt escapes every attribute
            f"<div{flatatt(wrapper_attrs)}>"
            f"<input{flatatt(box_attrs)}>"
            f"<input{flatatt(hidden)}>"
            f'<ul class="lookup__list" id="{escape(list_id)}" role="listbox" '
            f'aria-label="{escape(str(field.label or ""))}" hidden></ul>'
            '<p class="lookup__status visually-hidden" role="status" aria-live="polite"></p>'
            "</div>"
        )
