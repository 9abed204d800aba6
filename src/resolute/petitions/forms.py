"""Forms of the petition pages. They check the shape of what is typed (a date, a known unit, a code of a
petition the user reads, files of an accepted type) and put it in the words the actions take; the
actions enforce the law's rules (the order of the steps, the clocks, who may act) and raise errors
keyed by field, which `add_action_error` puts next to the field.

Every form that acts on a petition carries the version of the petition it was loaded at, so a step
recorded over someone else's newer one is refused with their name and the time.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from resolute.accounts.models import User
from resolute.core import clock
from resolute.core.asof import day_validators
from resolute.core.files import check_upload
from resolute.core.forms import ActionErrorsMixin, Form, iso_date_input
from resolute.directives.forms import MultipleFileField
from resolute.orgunits.choices import Role
from resolute.orgunits.forms import UnitChoiceField
from resolute.orgunits.models import Membership, OrgUnit
from resolute.orgunits.scope import scope_for

from .choices import Channel, Complexity, Instance, Outcome, PetitionKind, StepKind
from .deadlines import EXTENSION_DAYS_AT_MOST
from .filters import capitalised
from .models import Petition
from .permissions import receiving_units

FILES_HELP = _("PDF, Word (DOCX), Excel (XLSX), PNG or JPEG. You can choose several files.")
# The petitioner's fields of the intake form, as the action's `petitioner` dict names them.
PETITIONER_FIELDS = ("full_name", "id_number", "address", "phone", "email", "is_organisation")
# The roles whose members may handle a petition of their unit (a viewer reads, a reporter works on it).
HANDLING_ROLES = (Role.REPORTER, Role.MANAGER, Role.OFFICE, Role.ADMIN)
# What the intake form's duplicate choice holds when the clerk registers the petition as a new one.
REGISTER_AS_NEW = "new"


def day_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=iso_date_input(),
        validators=day_validators(),
        error_messages={"invalid": _("Enter a date such as 2025-12-31.")},
        **kwargs,
    )


def files_field(label=None) -> MultipleFileField:
    return MultipleFileField(label=label or _("Files"), required=False, help_text=FILES_HELP)


def version_field() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, required=False)


def note_field(label=None, *, required=False) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": 3})
    return forms.CharField(label=label or _("Note"), required=required, widget=widget)


def number_field(label=None, *, required=False) -> forms.CharField:
    return forms.CharField(label=label or _("Document number"), required=required, max_length=50)


def open_units():
    """Every unit open today, in the order of the tree (a petition may concern any of them)."""
    return OrgUnit.objects.exclude(effective_to__lt=clock.today()).order_by("path")


class FilesMixin:
    """Uploaded files are checked by their content and size, next to their field."""

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        label = str(self.fields["files"].label)
        for uploaded_file in files:
            try:
                check_upload(uploaded_file, field="files", field_label=label)
            except ValidationError as error:
                raise ValidationError(error.message_dict["files"]) from None
        return files


# -- intake -----------------------------------------------------------------------------------------------


class DuplicateChoiceField(forms.ChoiceField):
    """Link the new petition as a duplicate of one of the same person's earlier petitions, or register it
    as new. Its choices are the candidates the page found; empty until there are some."""

    widget = forms.RadioSelect

    def valid_value(self, value):
        # The candidates are found after the form is cleaned; the page checks the choice among them.
        return True


class IntakeForm(FilesMixin, ActionErrorsMixin, Form):
    """A petition as the clerk receives it: what, how and when it came, who sent it and what it is about.

    When the same person has earlier petitions the clerk may read, the form is shown again with them
    (`candidates`) and the clerk says whether this one duplicates one of them or is new."""

    kind = forms.ChoiceField(label=_("Kind"), choices=capitalised(PetitionKind.choices))
    channel = forms.ChoiceField(label=_("Received"), choices=capitalised(Channel.choices))
    received_on = day_field(_("Received on"))
    received_by_unit = UnitChoiceField(
        label=_("Received by"),
        queryset=OrgUnit.objects.none(),
        error_messages={"invalid_choice": _("Choose a unit where you register petitions.")},
    )
    at_competent_unit = forms.BooleanField(
        label=_("Received at the competent unit"),
        required=False,
        help_text=_("Tick when the receiving unit itself settles it: it is not sent on to another unit."),
    )
    full_name = forms.CharField(label=_("Full name of the petitioner"), max_length=200)
    is_organisation = forms.BooleanField(label=_("The petitioner is an organisation"), required=False)
    id_number = forms.CharField(
        label=_("Identity card number"),
        max_length=20,
        required=False,
        help_text=_("The citizen identity card (CCCD) number: it finds the same person's earlier petitions."),
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    signatories = forms.IntegerField(
        label=_("Number of signatories"),
        min_value=1,
        max_value=32767,
        initial=1,
        help_text=_("Several people signing one petition make it complex."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=500)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 6}))
    concerned_unit = UnitChoiceField(
        label=_("Unit whose act or decision it concerns"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label="—",
    )
    concerned_act = forms.CharField(label=_("Act or decision concerned"), max_length=500, required=False)
    instance = forms.ChoiceField(
        label=_("Instance"),
        choices=[("", "—"), *capitalised(Instance.choices)],
        required=False,
        help_text=_("Complaints only: whether this is the first or the second settlement."),
    )
    complexity = forms.ChoiceField(
        label=_("Complexity"), choices=capitalised(Complexity.choices), initial=Complexity.ORDINARY
    )
    is_remote_area = forms.BooleanField(label=_("Remote or disadvantaged area"), required=False)
    files = files_field(_("The letter and its evidence"))
    duplicate = DuplicateChoiceField(label=_("Earlier petitions of the same person"), required=False)

    # The action names the petitioner as one dict; its errors about it are shown at the name.
    action_field_names = {"petitioner": "full_name", "duplicate_of": "duplicate"}

    def __init__(self, *args, user, **kwargs):
        self.user = user
        self.candidates: list[Petition] = []
        super().__init__(*args, **kwargs)
        units = receiving_units(user).order_by("path")
        self.fields["received_by_unit"].queryset = units
        # The unit whose act is complained of is one the clerk may see: their own area and the levels
        # above it (a commune's citizen complains of the commune's or the district's decision); a
        # petition about another area is registered where that area's units are seen.
        self.fields["concerned_unit"].queryset = scope_for(user).filter_units(open_units())
        if not self.is_bound:
            self.initial.setdefault("received_on", clock.today())
            only = list(units[:2])
            if len(only) == 1:
                self.initial.setdefault("received_by_unit", only[0].pk)

    # -- the same person's earlier petitions ------------------------------------------------------------

    def petitioner(self) -> dict:
        data = self.cleaned_data
        return {
            name: data.get(name) or ("" if name != "is_organisation" else False) for name in PETITIONER_FIELDS
        }

    def offer_candidates(self, candidates: list[Petition]) -> None:
        """Show `candidates` as the choices of `duplicate`, with "register as new" last."""
        self.candidates = list(candidates)
        self.fields["duplicate"].choices = [
            *[(str(petition.pk), petition.code) for petition in self.candidates],
            (REGISTER_AS_NEW, gettext("Register as a new petition")),
        ]

    @property
    def duplicate_decided(self) -> bool:
        return bool(self.cleaned_data.get("duplicate"))

    def duplicate_of(self) -> Petition | None:
        chosen = self.cleaned_data.get("duplicate")
        for petition in self.candidates:
            if str(petition.pk) == chosen:
                return petition
        return None

    def action_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "channel": data["channel"],
            "received_on": data["received_on"],
            "received_by_unit": data["received_by_unit"],
            "petitioner": self.petitioner(),
            "subject": data["subject"],
            "content": data["content"],
            "signatories": data["signatories"],
            "concerned_unit": data.get("concerned_unit"),
            "concerned_act": data.get("concerned_act") or "",
            "instance": data.get("instance") or "",
            "complexity": data["complexity"],
            "is_remote_area": bool(data.get("is_remote_area")),
            "files": data.get("files") or (),
            "duplicate_of": self.duplicate_of(),
        }


# -- the steps of a petition ---------------------------------------------------------------------------------


class PetitionActionForm(ActionErrorsMixin, Form):
    """A form acting on one petition: it carries the petition's version, and its ids carry its name so
    several forms share the detail page."""

    name = ""

    def __init__(self, *args, petition: Petition, user=None, **kwargs):
        self.petition = petition
        self.user = user
        kwargs.setdefault("auto_id", f"id_{self.name}_%s")
        super().__init__(*args, **kwargs)
        self.fields["version"] = version_field()
        self.initial.setdefault("version", petition.version)
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField) and name != "document_date":
                self.initial.setdefault(name, clock.today())

    def action_fields(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class ReclassifyForm(PetitionActionForm):
    name = "reclassify"

    kind = forms.ChoiceField(label=_("Kind"), choices=capitalised(PetitionKind.choices))
    reason = note_field(_("Why it is of this kind"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            choice for choice in self.fields["kind"].choices if choice[0] != self.petition.kind
        ]


class RouteForm(PetitionActionForm):
    name = "route"

    handling_unit = UnitChoiceField(label=_("Competent unit"), queryset=OrgUnit.objects.none())
    day = day_field(_("Sent on"))
    note = note_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handling_unit"].queryset = open_units()
        self.initial.setdefault("handling_unit", self.petition.handling_unit_id)


class ForwardForm(FilesMixin, PetitionActionForm):
    name = "forward"

    forwarded_to = forms.CharField(
        label=_("Forwarded to"),
        max_length=300,
        help_text=_("The body competent to settle it, outside this system (e.g. the district court)."),
    )
    day = day_field(_("Forwarded on"))
    letter_number = number_field(_("Number of the forwarding letter"), required=True)
    note = note_field()
    files = files_field(_("The forwarding letter"))


class AssignHandlerForm(PetitionActionForm):
    name = "assign"

    user = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = assignable_people(self.petition)

    def action_fields(self) -> dict:
        return {"user": self.cleaned_data["user"]}


class RemoveHandlerForm(PetitionActionForm):
    name = "remove"

    user = forms.ModelChoiceField(queryset=User.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = self.petition.handlers.all()
        self.fields["user"].error_messages["invalid_choice"] = gettext("This person no longer handles it.")


def assignable_people(petition: Petition):
    """The active staff of the competent unit (its reporters and above), who may be assigned to handle
    the petition; the receiving unit's before it is routed (the action then asks to route it first)."""
    unit = petition.handling_unit or petition.received_by_unit
    staff = Membership.objects.filter(unit=unit, role__in=HANDLING_ROLES).values("user_id")
    already = petition.handler_links.values("user_id")
    return (
        User.objects.filter(pk__in=staff, is_active=True)
        .exclude(pk__in=already)
        .order_by("full_name", "username")
    )


class LinkDuplicateForm(PetitionActionForm):
    name = "link"

    original_code = forms.CharField(
        label=_("Code of the original petition"),
        max_length=20,
        help_text=_("The same person's earlier petition on the same matter, e.g. 2025-00012."),
    )

    action_field_names = {"original": "original_code"}

    def clean_original_code(self):
        code = self.cleaned_data["original_code"].strip()
        original = (
            Petition.objects.visible_to(self.user)
            .filter(code__iexact=code)
            .exclude(pk=self.petition.pk)
            .first()
        )
        if original is None:
            raise ValidationError(
                gettext("No other petition you can read has the code “%(code)s”.") % {"code": code}
            )
        self.original = original
        return code

    def action_fields(self) -> dict:
        return {"original": self.original}


class AcceptForm(FilesMixin, PetitionActionForm):
    name = "accept"

    day = day_field(_("Accepted on"))
    document_number = number_field(_("Number of the notice of acceptance"), required=True)
    complexity = forms.ChoiceField(label=_("Complexity"), choices=capitalised(Complexity.choices))
    instance = forms.ChoiceField(label=_("Instance"), choices=capitalised(Instance.choices))
    is_remote_area = forms.BooleanField(label=_("Remote or disadvantaged area"), required=False)
    files = files_field(_("The notice of acceptance"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        petition = self.petition
        self.initial.setdefault("complexity", petition.complexity)
        self.initial.setdefault("is_remote_area", petition.is_remote_area)
        if petition.kind == PetitionKind.COMPLAINT:
            self.initial.setdefault("instance", petition.instance or Instance.FIRST)
        else:
            del self.fields["instance"]
            # Only a complaint's time limit is longer in a remote area.
            del self.fields["is_remote_area"]


class RefuseForm(FilesMixin, PetitionActionForm):
    name = "refuse"

    day = day_field(_("Refused on"))
    reason = note_field(_("Reason for refusing"), required=True)
    document_number = number_field(_("Number of the notice of refusal"), required=True)
    files = files_field(_("The notice of refusal"))


class StepForm(FilesMixin, PetitionActionForm):
    name = "step"

    kind = forms.ChoiceField(
        label=_("Step"),
        choices=capitalised(
            [
                (StepKind.VERIFICATION, StepKind.VERIFICATION.label),
                (StepKind.DIALOGUE, StepKind.DIALOGUE.label),
            ]
        ),
    )
    day = day_field(_("Day"))
    note = note_field(_("What was done"), required=True)
    document_number = number_field()
    document_date = day_field(_("Document date"), required=False)
    files = files_field(_("Minutes and documents"))


class ComplexityForm(PetitionActionForm):
    name = "complexity"

    complexity = forms.ChoiceField(label=_("Complexity"), choices=capitalised(Complexity.choices))
    instance = forms.ChoiceField(label=_("Instance"), choices=capitalised(Instance.choices))
    is_remote_area = forms.BooleanField(label=_("Remote or disadvantaged area"), required=False)
    reason = note_field(_("Why it changes"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        petition = self.petition
        self.initial.setdefault("complexity", petition.complexity)
        if petition.kind == PetitionKind.COMPLAINT:
            self.initial.setdefault("instance", petition.instance or Instance.FIRST)
            self.initial.setdefault("is_remote_area", petition.is_remote_area)
        else:
            # Only a complaint's time limit depends on its instance and area.
            del self.fields["instance"]
            del self.fields["is_remote_area"]


class ExtendForm(PetitionActionForm):
    name = "extend"

    decided_on = day_field(_("Decided on"))
    decision_number = number_field(_("Number of the extension decision"), required=True)
    days = forms.IntegerField(
        label=_("Days added"),
        min_value=1,
        max_value=EXTENSION_DAYS_AT_MOST,
        initial=EXTENSION_DAYS_AT_MOST,
        help_text=_("Up to 30 days each time (Law on Denunciations 2018, Art. 30)."),
    )
    reason = note_field(_("Reason"), required=True)


class DecideForm(FilesMixin, PetitionActionForm):
    name = "decide"

    day = day_field(_("Decided on"))
    decision_number = number_field(_("Number of the decision"), required=True)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=capitalised(Outcome.choices))
    note = note_field()
    files = files_field(_("The decision"))


class PublishForm(PetitionActionForm):
    name = "publish"

    day = day_field(_("Published on"))
    document_number = number_field()
    note = note_field(_("Where and how it was published"))


class EnforceForm(PetitionActionForm):
    name = "enforce"

    day = day_field(_("Enforced on"))
    document_number = number_field()
    note = note_field(_("What was done"))


class WithdrawForm(PetitionActionForm):
    name = "withdraw"

    day = day_field(_("Withdrawn on"))
    note = note_field(_("The petitioner's request to withdraw"))


# -- the public page ----------------------------------------------------------------------------------------


class LookupForm(Form):
    """The code and the secret printed on the petitioner's receipt."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "placeholder": "2025-00012"}
        ),
    )
    secret = forms.CharField(
        label=_("Secret"),
        max_length=64,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
        help_text=_("As printed on your receipt."),
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip()

    def clean_secret(self):
        # Printed receipts are typed back with spaces and in either case; the secret keeps its own.
        return self.cleaned_data["secret"].strip()


__all__ = [
    "REGISTER_AS_NEW",
    "AcceptForm",
    "AssignHandlerForm",
    "ComplexityForm",
    "DecideForm",
    "EnforceForm",
    "ExtendForm",
    "ForwardForm",
    "IntakeForm",
    "LinkDuplicateForm",
    "LookupForm",
    "PublishForm",
    "ReclassifyForm",
    "RefuseForm",
    "RemoveHandlerForm",
    "RouteForm",
    "StepForm",
    "WithdrawForm",
]
