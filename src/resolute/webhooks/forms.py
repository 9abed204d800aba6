"""The webhook form: its shape only (the action checks the address and the kinds of event)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from resolute.core.events import event_kinds
from resolute.core.forms import ActionErrorsMixin, Form


def _event_choices():
    return [(kind.key, kind.label) for kind in event_kinds()]


class WebhookForm(ActionErrorsMixin, Form):
    name = forms.CharField(
        label=_("Name"), max_length=200, help_text=_("Who receives it, e.g. the province's e-office.")
    )
    url = forms.URLField(
        label=_("Target URL"),
        max_length=1000,
        assume_scheme="https",
        help_text=_("Where each event is posted, as JSON. It must start with https://."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=_event_choices, widget=forms.CheckboxSelectMultiple
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
