from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from resolute.core.models import ChangeLogEntry


class ChangeLogFilterForm(forms.Form):
    q = forms.CharField(label=_("Record"), required=False)
    kind = forms.ModelChoiceField(
        label=_("Kind of record"),
        required=False,
        queryset=ContentType.objects.filter(app_label__in=["orgunits", "accounts", "directives"]).order_by(
            "model"
        ),
    )
    actor = forms.ModelChoiceField(label=_("By"), required=False, queryset=get_user_model().objects.all())
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", "—"), *ChangeLogEntry.Action.choices]
    )
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].label_from_instance = lambda ct: str(
            ct.model_class()._meta.verbose_name
        ).capitalize()
