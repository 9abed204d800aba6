"""Forms of reporting: regime settings, the compliance page and a narrative report, the signed scan
of an urging letter, and the ladder's steps. They check the shape of the input; the actions check
the rules again and raise errors keyed by field, shown next to that field."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import modelformset_factory
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from resolute.core.asof import as_of_field
from resolute.core.files import check_upload
from resolute.core.forms import ActionErrorsMixin, Form, ModelForm
from resolute.core.periods import Period, PeriodType
from resolute.directives.forms import capitalised
from resolute.orgunits.choices import Role
from resolute.orgunits.forms import UnitChoiceField, UnitMultipleChoiceField
from resolute.orgunits.models import OrgUnit, OrgUnitKind
from resolute.orgunits.scope import ADMINISTRATIVE_LEVELS, scope_for
from resolute.targets.models import Indicator

from .models import LadderStep, ReportingRegime, StepKind, regime_kind_choices
from .selectors.obligations import recent_periods

MAX_PERIODS = 24


class RegimeForm(ActionErrorsMixin, Form):
    """Set up a regime (with `regime` None) or change one."""

    name = forms.CharField(label=_("Name"), max_length=300)
    # A callable, so the kinds the installed domains contribute are offered too.
    kind = forms.ChoiceField(label=_("What is reported"), choices=lambda: capitalised(regime_kind_choices()))
    issuer = UnitChoiceField(label=_("Issued by"), queryset=OrgUnit.objects.none())
    period_type = forms.ChoiceField(label=_("Period"), choices=capitalised(PeriodType.choices))
    cutoff_day = forms.IntegerField(
        label=_("Cut-off day"),
        min_value=1,
        max_value=31,
        initial=14,
        help_text=_(
            "Data run from the day after it in the month before the period to this day of its last month."
        ),
    )
    deadline_working_days = forms.IntegerField(
        label=_("Deadline, working days after the cut-off"), min_value=1, max_value=60, initial=1
    )
    unit_kinds = forms.MultipleChoiceField(
        label=_("Kinds of units that report"),
        choices=capitalised(OrgUnitKind.choices),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    units = UnitMultipleChoiceField(
        label=_("Units that report"), queryset=OrgUnit.objects.none(), required=False
    )
    indicators = forms.ModelMultipleChoiceField(
        label=_("Indicators"),
        queryset=Indicator.objects.order_by("code"),
        required=False,
        help_text=_("For a regime of indicator values."),
    )
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, regime: ReportingRegime | None = None, **kwargs):
        self.regime = regime
        if regime is not None:
            initial = kwargs.setdefault("initial", {})
            for name in ("name", "kind", "period_type", "cutoff_day", "deadline_working_days", "legal_basis"):
                initial.setdefault(name, getattr(regime, name))
            initial.setdefault("issuer", regime.issuer_id)
            initial.setdefault("unit_kinds", regime.unit_kinds)
            initial.setdefault("units", [unit.pk for unit in regime.units.all()])
            initial.setdefault("indicators", [indicator.pk for indicator in regime.indicators.all()])
            initial.setdefault("active", regime.active)
            initial["version"] = regime.version
        super().__init__(*args, **kwargs)
        scope = scope_for(user)
        issuers = OrgUnit.objects.filter(kind__in=ADMINISTRATIVE_LEVELS)
        condition = scope.unit_q(Role.OFFICE)
        self.fields["issuer"].queryset = issuers if condition is None else issuers.filter(condition)
        self.fields["units"].queryset = scope.filter_units(OrgUnit.objects.all())

    def action_fields(self) -> dict:
        data = self.cleaned_data
        fields = {
            name: data[name] for name in ("name", "kind", "issuer", "period_type", "legal_basis", "active")
        }
        fields.update(
            cutoff_day=data["cutoff_day"],
            deadline_working_days=data["deadline_working_days"],
            unit_kinds=list(data["unit_kinds"]),
            units=list(data["units"]),
            indicators=list(data["indicators"]),
        )
        return fields


def _period_field(label):
    return forms.CharField(
        label=label, max_length=8, required=False, help_text=_("Such as 202503, 2025Q1, 2025S1 or 2025.")
    )


class ComplianceForm(Form):
    """Which units (a subtree), which regime, which periods. Without a regime, every regime of the
    chosen period type; without periods, the last six up to `today`."""

    unit = UnitChoiceField(label=_("Units under"), queryset=OrgUnit.objects.none(), required=False)
    regime = forms.ModelChoiceField(
        label=_("Regime"),
        queryset=ReportingRegime.objects.none(),
        required=False,
        empty_label=_("All regimes"),
    )
    period_type = forms.ChoiceField(
        label=_("Period"), choices=capitalised(PeriodType.choices), required=False, initial=PeriodType.MONTHLY
    )
    first = _period_field(_("From"))
    last = _period_field(_("To"))
    as_of = as_of_field(
        help_text=_(
            "Count the reports received by this day, among the units of the tree of that day: before a "
            "reorganisation, the old units; from its day, the new ones."
        )
    )

    def __init__(self, data, *, user, regimes, today, **kwargs):
        super().__init__(data, **kwargs)
        self.today = today
        self.fields["unit"].queryset = scope_for(user).filter_units(OrgUnit.objects.all())
        self.fields["regime"].queryset = regimes

    def _period(self, name):
        code = self.cleaned_data.get(name)
        if not code:
            return None
        try:
            return Period.parse(code)
        except ValueError:
            self.add_error(name, gettext("Write a period such as 202503, 2025Q1, 2025S1 or 2025."))
            return None

    def clean(self):
        data = super().clean()
        regime = data.get("regime")
        period_type = regime.period_type if regime else (data.get("period_type") or PeriodType.MONTHLY)
        data["period_type"] = period_type
        first, last = self._period("first"), self._period("last")
        for name, period in (("first", first), ("last", last)):
            if period is not None and period.type != period_type:
                self.add_error(
                    name, gettext("Give a period of the regime's type (%(type)s).") % {"type": period_type}
                )
                return data
        as_of = data.get("as_of")
        if as_of is not None and as_of > self.today:
            self.add_error("as_of", gettext("Reports are counted up to today at most."))
            return data
        if last is None:
            current = Period.containing(as_of or self.today, period_type)
            last = max(first, current) if first else current
        first = first or recent_periods(period_type, last.last_day, 6)[0]
        if first > last:
            raise ValidationError(gettext("The first period comes after the last."))
        periods = [first]
        while periods[-1] < last:
            periods.append(periods[-1].next())
            if len(periods) > MAX_PERIODS:
                raise ValidationError(
                    gettext("Ask for at most %(count)s periods at a time.") % {"count": MAX_PERIODS}
                )
        data["periods"] = periods
        return data


class SubmissionForm(ActionErrorsMixin, Form):
    """A narrative report: its text, its file, or both."""

    text = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 8}), required=False)
    file = forms.FileField(label=_("File"), required=False)


class SignedScanForm(Form):
    """The scan of an urging letter once signed: a PDF or an image, checked by its content."""

    signed_scan = forms.FileField(label=_("Signed scan (PDF or image)"))

    def clean_signed_scan(self):
        scan = self.cleaned_data["signed_scan"]
        try:
            check_upload(scan, field="signed_scan", field_label=str(self.fields["signed_scan"].label))
        except ValidationError as error:
            raise ValidationError(error.message_dict["signed_scan"]) from error
        return scan


# The ladder looks 60 calendar days ahead for deadlines to remind of: 20 working days fit in that
# even around Tết.
MAX_REMINDER_WORKING_DAYS = 20


class LadderStepForm(ModelForm):
    """One step's place, delay and activity; its kind decides which delays make sense."""

    class Meta:
        model = LadderStep
        fields = ["order", "delay_working_days", "active"]

    def clean_delay_working_days(self):
        delay = self.cleaned_data["delay_working_days"]
        kind = self.instance.kind
        if kind == StepKind.REMINDER and delay >= 0:
            raise ValidationError(
                gettext("A reminder comes before the deadline: give a negative number of working days.")
            )
        if kind == StepKind.REMINDER and delay < -MAX_REMINDER_WORKING_DAYS:
            raise ValidationError(
                gettext("A reminder comes at most %(days)s working days before the deadline.")
                % {"days": MAX_REMINDER_WORKING_DAYS}
            )
        if kind in (StepKind.LETTER, StepKind.ESCALATION) and delay <= 0:
            raise ValidationError(
                gettext("This step comes after the deadline: give a positive number of working days.")
            )
        if kind == StepKind.OVERDUE_NOTICE and delay < 0:
            raise ValidationError(
                gettext("The overdue notice comes on or after the day the deadline passes.")
            )
        return delay


class BaseLadderStepFormSet(forms.BaseModelFormSet):
    """The steps together: after the deadline they come in the ladder's order."""

    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        delays = {form.instance.kind: form.cleaned_data["delay_working_days"] for form in self.forms}
        sequence = [StepKind.OVERDUE_NOTICE, StepKind.LETTER, StepKind.ESCALATION]
        values = [delays[kind] for kind in sequence if kind in delays]
        if values != sorted(set(values)):
            raise ValidationError(
                gettext("The overdue notice, the letter and the escalation must come in that order.")
            )


LadderStepFormSet = modelformset_factory(
    LadderStep, form=LadderStepForm, formset=BaseLadderStepFormSet, extra=0, can_delete=False
)
