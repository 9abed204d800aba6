"""The forms of web's own pages: the change log's filter and the working calendar's adjustment."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from resolute.core.calendar import WorkingCalendar
from resolute.core.forms import Form
from resolute.core.models import CalendarAdjustment, ChangeLogEntry


class ChangeLogFilterForm(Form):
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

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the people the reader may see are offered (and accepted) as authors.
        self.fields["actor"].queryset = get_user_model().objects.visible_to(user)
        self.fields["kind"].label_from_instance = lambda ct: str(
            ct.model_class()._meta.verbose_name
        ).capitalize()

    def filter(self, entries):
        """`entries` narrowed to the valid form's choices (the page and the API filter alike)."""
        data = self.cleaned_data
        if data.get("kind"):
            entries = entries.filter(content_type=data["kind"])
        if data.get("actor"):
            entries = entries.filter(actor=data["actor"])
        if data.get("action"):
            entries = entries.filter(action=data["action"])
        if data.get("since"):
            entries = entries.filter(at__date__gte=data["since"])
        if data.get("until"):
            entries = entries.filter(at__date__lte=data["until"])
        if data.get("q"):
            entries = entries.filter(object_repr__icontains=data["q"])
        return entries


# Years the page offers; the lunar computation covers far more, but no deadline lies beyond these.
FIRST_YEAR, LAST_YEAR = 2000, 2100


class CalendarAdjustmentForm(Form):
    """One adjustment; refuses one that would change nothing, so every entry means something."""

    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(
        label=_("The day becomes"),
        choices=CalendarAdjustment.Kind.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("For example the notice it comes from: “Tết schedule, notice 1234/TB-BNV”."),
    )

    def clean(self):
        data = super().clean()
        day, kind = data.get("day"), data.get("kind")
        if day is None or kind is None:
            return data
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            self.add_error(
                "day",
                gettext("Choose a day between %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR},
            )
            return data
        works_by_law = WorkingCalendar(adjustments={}).is_working_day(day)
        if kind == CalendarAdjustment.Kind.WORKING_DAY and works_by_law:
            self.add_error("kind", gettext("This day is already a working day."))
        if kind == CalendarAdjustment.Kind.DAY_OFF and not works_by_law:
            self.add_error("kind", gettext("This day is already a day off (a weekend or a public holiday)."))
        return data
