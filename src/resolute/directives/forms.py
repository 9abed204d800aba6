"""Forms for documents. The API validates through the same forms, so a rule is written once."""

import re

from django import forms
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from resolute.core.files import check_upload
from resolute.core.forms import Form, ModelForm
from resolute.orgunits.forms import UnitChoiceField
from resolute.orgunits.models import OrgUnit

from .models import Document, DocumentRelation, DocumentStatus
from .selectors import default_owner_for, units_that_may_keep_documents

# Digits, then groups of letters or digits joined by "/" or "-": 123/TB-TU, 08-NQ/TU,
# 42/2014/QĐ-TTg, 01/2025/NQ-HĐND, 1270/BC-TCTTTg.
DOCUMENT_NUMBER_RE = re.compile(r"^\d{1,6}[a-z]?(?:[/-][0-9A-Za-zÀ-ỹĐđ]+(?:\.[0-9A-Za-zÀ-ỹĐđ]+)*)+$")
NUMBER_PREFIX_RE = re.compile(r"^(?:số|so|no\.?|number)\s*:?\s*", re.IGNORECASE)
STATUSES_NEEDING_A_DATE = {DocumentStatus.ISSUED, DocumentStatus.IN_IMPLEMENTATION, DocumentStatus.CLOSED}


def capitalised(choices) -> list[tuple[str, str]]:
    """Choice labels as a picker shows them: the model's labels are written for mid-sentence use."""
    return [(value, capfirst(label)) for value, label in choices]


def normalise_document_number(raw: str) -> str:
    """'Số 123 / TB – TU' → '123/TB-TU': the prefix, spaces around separators and dash variants go."""
    number = NUMBER_PREFIX_RE.sub("", (raw or "").strip())
    number = re.sub(r"[‐‑‒–—]", "-", number)
    return re.sub(r"\s*([/-])\s*", r"\1", number)


def is_valid_document_number(number: str) -> bool:
    return bool(DOCUMENT_NUMBER_RE.match(number)) and bool(re.search(r"[^\W\d_]", number))


class DocumentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.issued_on is None:
            return str(obj)
        return f"{obj} ({date_format(obj.issued_on, 'SHORT_DATE_FORMAT')})"


class DocumentForm(ModelForm):
    """Register or edit a document. `user` decides which units may be chosen."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Document
        fields = [
            "kind",
            "number",
            "issued_on",
            "status",
            "title",
            "issuer",
            "issuer_name",
            "signer",
            "owner",
            "text",
        ]
        field_classes = {"issuer": UnitChoiceField, "owner": UnitChoiceField}
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "text": forms.Textarea(attrs={"rows": 18}),
            "title": forms.TextInput(),
        }
        help_texts = {
            "owner": _("The body whose office keeps this document; its office may change it."),
            "text": _("Paste the full text. It is split into numbered sections and paragraphs on saving."),
            "issuer": _("The body that issued the document, if it is in the organisation."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        editing = self.instance.pk is not None
        owners = units_that_may_keep_documents(user)
        issuers = OrgUnit.objects.visible_to(user).open_on()
        if editing:
            # A closed unit stays selectable where it is already recorded.
            owners = OrgUnit.objects.filter(Q(pk__in=owners.values("pk")) | Q(pk=self.instance.owner_id))
            if self.instance.issuer_id:
                issuers = OrgUnit.objects.filter(
                    Q(pk__in=issuers.values("pk")) | Q(pk=self.instance.issuer_id)
                )
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]
            default_owner = default_owner_for(user)
            if default_owner is not None and "owner" not in self.initial:
                self.initial["owner"] = default_owner.pk
        self.fields["owner"].queryset = owners.order_by("path")
        self.fields["issuer"].queryset = issuers.order_by("path")
        self.fields["issuer"].empty_label = gettext("— outside the organisation —")
        self.fields["kind"].choices = capitalised(self.fields["kind"].choices)
        self.fields["status"].choices = capitalised(self.fields["status"].choices)

    def clean_number(self):
        number = normalise_document_number(self.cleaned_data.get("number", ""))
        if number and not is_valid_document_number(number):
            raise forms.ValidationError(
                _(
                    "Enter the number as it is written on the document, for example 123/TB-TU or 08-NQ/TU: "
                    "digits, then the kind of document and the issuing body joined by “/” or “-”."
                ),
                code="invalid_number",
            )
        return number

    def clean_issuer_name(self):
        return " ".join(self.cleaned_data.get("issuer_name", "").split())

    def clean_title(self):
        return " ".join(self.cleaned_data.get("title", "").split())

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if (
            status in STATUSES_NEEDING_A_DATE
            and not cleaned.get("issued_on")
            and "issued_on" not in self.errors
        ):
            self.add_error(
                "issued_on",
                forms.ValidationError(
                    _(
                        "An issued document needs the date it was issued on. "
                        "Enter the date, or keep it as a draft."
                    ),
                    code="date_required",
                ),
            )
        if cleaned.get("issuer") and cleaned.get("issuer_name"):
            self.add_error(
                "issuer_name",
                forms.ValidationError(
                    _("Choose the issuer from the organisation or type a name from outside it, not both."),
                    code="two_issuers",
                ),
            )
        return cleaned

    def action_fields(self) -> dict:
        """The cleaned values the actions take."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class DocumentRegistrationForm(DocumentForm):
    """Registering a document can bring its files and one relation in the same step."""

    attachments = MultipleFileField(
        label=_("Files"),
        required=False,
        help_text=_("PDF, Word (DOCX), Excel (XLSX), PNG or JPEG. You can choose several files."),
    )
    relation_kind = forms.ChoiceField(
        label=_("This document"),
        required=False,
        choices=[("", "—"), *capitalised(DocumentRelation.Kind.choices)],
    )
    related_document = DocumentChoiceField(
        label=_("Related document"), required=False, queryset=Document.objects.none()
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["related_document"].queryset = Document.objects.visible_to(user).order_by(
            "-issued_on", "-id"
        )

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        label = str(self.fields["attachments"].label)
        for uploaded_file in files:
            try:
                check_upload(uploaded_file, field="attachments", field_label=label)
            except forms.ValidationError as exc:
                raise forms.ValidationError(exc.message_dict["attachments"]) from None
        return files

    def clean(self):
        cleaned = super().clean()
        kind, related = cleaned.get("relation_kind"), cleaned.get("related_document")
        if kind and not related:
            self.add_error("related_document", gettext("Choose the related document."))
        if related and not kind:
            self.add_error("relation_kind", gettext("Choose how this document relates to it."))
        return cleaned

    def relations(self) -> list[tuple[str, Document]]:
        kind, related = self.cleaned_data.get("relation_kind"), self.cleaned_data.get("related_document")
        return [(kind, related)] if kind and related else []


class AttachmentForm(Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, Word (DOCX), Excel (XLSX), PNG or JPEG."))

    def clean_file(self):
        uploaded_file = self.cleaned_data["file"]
        try:
            check_upload(uploaded_file, field="file", field_label=str(self.fields["file"].label))
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["file"]) from None
        return uploaded_file


class RelationForm(Form):
    """`source` relates to a document the user can see; not to itself, and not twice the same way."""

    kind = forms.ChoiceField(label=_("This document"), choices=capitalised(DocumentRelation.Kind.choices))
    target = DocumentChoiceField(label=_("Related document"), queryset=Document.objects.none())
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, source: Document, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source
        self.fields["target"].queryset = Document.objects.visible_to(user).order_by("-issued_on", "-id")
        self.fields["target"].error_messages["invalid_choice"] = _("Choose a document you can see.")

    def clean(self):
        cleaned = super().clean()
        target, kind = cleaned.get("target"), cleaned.get("kind")
        if target is not None and target.pk == self.source.pk:
            self.add_error("target", gettext("A document cannot be related to itself."))
        elif (
            target is not None
            and kind
            and DocumentRelation.objects.filter(source=self.source, target=target, kind=kind).exists()
        ):
            self.add_error("target", gettext("This relation is already recorded."))
        return cleaned
