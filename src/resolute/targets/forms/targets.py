"""Forms of the indicator and target pages. They check the shape of the input; the actions check
the rules again and raise errors keyed by field, which `add_action_error` puts next to that field.

A target's breakdown and trajectory are typed one line each ("HA = 120", "202506 = 8.2"), so an
office can paste them from a spreadsheet; a line that cannot be read is named by its number.
"""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from resolute.core.forms import ActionErrorsMixin, Form, iso_date_input, model_form_fields
from resolute.core.numbers import exact_decimal
from resolute.core.periods import Period
from resolute.directives.forms import DocumentChoiceField, capitalised
from resolute.directives.models import Document
from resolute.orgunits.choices import Role
from resolute.orgunits.forms import UnitChoiceField
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.querysets import subtree_q
from resolute.orgunits.scope import scope_for

from ..actions.common import INDICATOR_FIELDS
from ..actions.targets import section_heading_of
from ..models import Indicator, Target

CHOICE_FIELDS = (
    "direction",
    "across_units",
    "over_time",
    "periodicity",
    "comparator",
    "reference_comparator",
)


def _capitalise_choices(fields: dict) -> None:
    for name in CHOICE_FIELDS:
        if name in fields and hasattr(fields[name], "choices"):
            fields[name].choices = capitalised(fields[name].choices)


def plain_number(value):
    """A stored decimal as a person types it: 10945 rather than 10945.000000."""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return value


def version_field():
    return forms.IntegerField(widget=forms.HiddenInput, required=False)


class IndicatorForm(ActionErrorsMixin, Form):
    """Add an indicator to the registry (with `indicator` None) or change one."""

    def __init__(self, *args, indicator: Indicator | None = None, **kwargs):
        self.indicator = indicator
        if indicator is not None:
            initial = kwargs.setdefault("initial", {})
            for name in INDICATOR_FIELDS:
                value = getattr(
                    indicator, f"{name}_id" if name in {"weight", "numerator", "denominator"} else name
                )
                initial.setdefault(name, plain_number(value))
            initial["version"] = indicator.version
        super().__init__(*args, **kwargs)
        self.fields.update(model_form_fields(Indicator, fields=INDICATOR_FIELDS))
        _capitalise_choices(self.fields)
        others = Indicator.objects.order_by("code")
        if indicator is not None:
            others = others.exclude(pk=indicator.pk)
        for name in ("weight", "numerator", "denominator"):
            self.fields[name].queryset = others
        self.fields["version"] = version_field()

    def action_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in INDICATOR_FIELDS}


def _decimal(raw: str, number: int) -> Decimal:
    """The number typed on line `number`, stored exactly; ValueError when it is no number, a
    ValidationError naming the line when the column would store it changed."""
    text = raw.strip().replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(raw) from None
    try:
        return exact_decimal(value)
    except ValidationError as error:
        raise ValidationError(
            gettext("Line %(number)s: %(problem)s") % {"number": number, "problem": " ".join(error.messages)}
        ) from None


def _lines(text: str):
    for number, line in enumerate((text or "").splitlines(), start=1):
        if line.strip():
            yield number, line


def _split(line: str) -> tuple[str, str]:
    for separator in ("=", ":", "\t", ";"):
        if separator in line:
            left, right = line.split(separator, 1)
            return left.strip(), right.strip()
    raise ValueError(line)


TARGET_MODEL_FIELDS = [
    "indicator",
    "year",
    "deadline",
    "comparator",
    "value",
    "value_max",
    "baseline_value",
    "baseline_year",
    "reference_comparator",
    "tolerance_percent",
    "source_text",
    "area",
    "is_sample",
]


class TargetForm(ActionErrorsMixin, Form):
    """Set a target (from a clause, or on its own) or change one. The units offered are those where
    the user holds the office power; the document, those the user can read."""

    breakdown_text = forms.CharField(
        label=_("Breakdown by unit"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One unit a line: its code, an equals sign and its share, for example “HA = 120”."),
    )
    trajectory_text = forms.CharField(
        label=_("Planned values"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One period a line: its code, an equals sign and the value planned for it, for example "
            "“202506 = 8.2”. Leave empty for a straight line from the baseline to the target."
        ),
    )
    action_field_names = {"breakdown": "breakdown_text", "trajectory": "trajectory_text"}

    def __init__(self, *args, user, target: Target | None = None, clause=None, **kwargs):
        self.user = user
        self.target = target
        self.clause = clause
        initial = kwargs.setdefault("initial", {})
        if target is not None:
            for name in TARGET_MODEL_FIELDS:
                value = getattr(target, "indicator_id" if name == "indicator" else name)
                initial.setdefault(name, plain_number(value))
            initial.update(
                document=target.document_id,
                unit=target.unit_id,
                reference_unit=target.reference_unit_id,
                version=target.version,
                breakdown_text="\n".join(
                    f"{share.unit.code or share.unit.pk} = {plain_number(share.value)}"
                    for share in target.breakdown.select_related("unit").order_by("unit__path")
                ),
                trajectory_text="\n".join(
                    f"{point.period} = {plain_number(point.planned_value)}"
                    for point in target.trajectory.order_by("period")
                ),
            )
        elif clause is not None:
            initial.setdefault("source_text", clause.text)
            initial.setdefault("area", section_heading_of(clause))
            if clause.document.issued_on:
                initial.setdefault("year", clause.document.issued_on.year)
        super().__init__(*args, **kwargs)
        fields = model_form_fields(
            Target,
            fields=TARGET_MODEL_FIELDS,
            widgets={"deadline": iso_date_input(), "source_text": forms.Textarea(attrs={"rows": 3})},
        )
        _capitalise_choices(fields)
        fields["indicator"].queryset = Indicator.objects.order_by("code")
        fields["indicator"].label = _("Indicator")
        fields["year"].localize = False
        fields["baseline_year"].localize = False
        reference_comparator = fields.pop("reference_comparator")
        source_text = fields.pop("source_text")
        area = fields.pop("area")
        is_sample = fields.pop("is_sample")
        self.fields = {
            **(
                {}
                if clause is not None
                else {
                    "document": DocumentChoiceField(
                        label=_("Document"),
                        queryset=Document.objects.visible_to(user).order_by("-issued_on", "-id"),
                    )
                }
            ),
            "unit": UnitChoiceField(
                label=_("Unit"),
                queryset=self._office_units(),
                error_messages={"invalid_choice": _("Choose a unit where you hold the office power.")},
            ),
            **fields,
            "reference_unit": UnitChoiceField(
                label=_("Reference unit"),
                queryset=OrgUnit.objects.visible_to(user).order_by("path"),
                required=False,
                help_text=Target._meta.get_field("reference_unit").help_text,
            ),
            "reference_comparator": reference_comparator,
            **{name: field for name, field in self.fields.items()},
            "source_text": source_text,
            "area": area,
            "is_sample": is_sample,
            "version": version_field(),
        }

    def _office_units(self):
        condition = scope_for(self.user).unit_q(Role.OFFICE)
        units = OrgUnit.objects.all() if condition is None else OrgUnit.objects.filter(condition)
        if self.target is not None:
            units = OrgUnit.objects.filter(Q(pk__in=units.values("pk")) | Q(pk=self.target.unit_id))
        return units.order_by("path")

    def _breakdown(self, unit) -> list:
        shares, problems = [], []
        for number, line in _lines(self.cleaned_data.get("breakdown_text", "")):
            try:
                name, raw_value = _split(line)
                value = _decimal(raw_value, number)
            except ValidationError as error:
                problems.extend(error.messages)
                continue
            except ValueError:
                problems.append(
                    gettext("Line %(number)s: write a unit code, “=” and a number.") % {"number": number}
                )
                continue
            below = OrgUnit.objects.filter(subtree_q(unit.path, include_self=False))
            match = below.filter(Q(code__iexact=name) | Q(pk=int(name) if name.isdigit() else None)).first()
            if match is None:
                problems.append(
                    gettext("Line %(number)s: no unit below %(unit)s has the code %(code)s.")
                    % {"number": number, "unit": unit, "code": name}
                )
                continue
            shares.append((match, value))
        if problems:
            raise ValidationError(problems)
        return shares

    def _trajectory(self) -> list:
        points, problems = [], []
        for number, line in _lines(self.cleaned_data.get("trajectory_text", "")):
            try:
                code, raw_value = _split(line)
                points.append((Period.parse(code).code, _decimal(raw_value, number)))
            except ValidationError as error:
                problems.extend(error.messages)
            except ValueError:
                problems.append(
                    gettext("Line %(number)s: write a period such as 202506 or 2025Q2, “=” and a number.")
                    % {"number": number}
                )
        if problems:
            raise ValidationError(problems)
        return points

    def clean(self):
        cleaned = super().clean()
        unit = cleaned.get("unit")
        if unit is not None:
            try:
                cleaned["breakdown"] = self._breakdown(unit)
            except ValidationError as error:
                self.add_error("breakdown_text", error)
        try:
            cleaned["trajectory"] = self._trajectory()
        except ValidationError as error:
            self.add_error("trajectory_text", error)
        return cleaned

    def action_fields(self) -> dict:
        values = {name: self.cleaned_data[name] for name in TARGET_MODEL_FIELDS}
        values.update(
            unit=self.cleaned_data["unit"],
            reference_unit=self.cleaned_data.get("reference_unit"),
            breakdown=self.cleaned_data.get("breakdown", []),
            trajectory=self.cleaned_data.get("trajectory", []),
        )
        if self.clause is not None:
            values.update(document=self.clause.document, clause=self.clause)
        else:
            values["document"] = self.cleaned_data["document"]
        if self.target is not None:
            values.pop("clause", None)
        return values
