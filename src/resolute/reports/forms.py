"""Forms of the implementation report pages: starting a report, and editing its drafted text."""

from django import forms
from django.utils.translation import gettext_lazy as _

from resolute.core import clock
from resolute.core.forms import Form, ModelForm

from .models import ImplementationReport, ReportFormat, ReportLanguage, default_format_for, year_period


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NewReportForm(Form):
    """The frame of a new report: a year or a date range, the as-of day, language, format, number."""

    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("The report covers this calendar year. Leave empty to give a date range instead."),
    )
    period_start = forms.DateField(label=_("Period from"), required=False, widget=_date_input())
    period_end = forms.DateField(label=_("Period to"), required=False, widget=_date_input())
    as_of = forms.DateField(
        label=_("Figures as of"),
        required=False,
        widget=_date_input(),
        help_text=_("Every figure is taken as it stood on this day. Empty: the end of the period, or today."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=ReportLanguage.choices)
    format = forms.ChoiceField(label=_("Format"), choices=ReportFormat.choices)
    number = forms.CharField(
        label=_("Number"), required=False, max_length=64, help_text=_("For example 125-BC/TU or 123/BC-UBND.")
    )
    signer = forms.CharField(label=_("Signer"), required=False, max_length=200)
    place = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=100,
        help_text=_("Written before the date, e.g. Quảng Nam."),
    )

    def __init__(self, *args, document, **kwargs):
        super().__init__(*args, **kwargs)
        today = clock.today()
        self.fields["year"].initial = today.year if today.month == 12 else today.year - 1
        self.fields["format"].initial = default_format_for(document)
        self.fields["signer"].initial = document.signer

    def clean(self):
        cleaned = super().clean()
        year, start, end = cleaned.get("year"), cleaned.get("period_start"), cleaned.get("period_end")
        if year:
            start, end = year_period(year)
        elif not (start and end):
            if "year" not in self.errors:
                self.add_error("year", _("Give a year, or the first and last day of the period."))
            return cleaned
        if start > end:
            self.add_error("period_end", _("The period must end after it starts."))
            return cleaned
        cleaned["period_start"], cleaned["period_end"] = start, end
        if not cleaned.get("as_of"):
            cleaned["as_of"] = min(end, clock.today())
        return cleaned

    def action_fields(self) -> dict:
        names = ["period_start", "period_end", "as_of", "language", "format", "number", "signer", "place"]
        return {name: self.cleaned_data[name] for name in names}


class ReportTextForm(ModelForm):
    """The office's edits to a drafted report: the three sections and the signature block."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ImplementationReport
        fields = ["leadership_and_direction", "results", "shortcomings", "number", "signer", "place"]
        widgets = {
            "leadership_and_direction": forms.Textarea(attrs={"rows": 6}),
            "results": forms.Textarea(attrs={"rows": 14}),
            "shortcomings": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version

    def action_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
