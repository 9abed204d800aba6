"""Forms of the task pages. They check the shape of the input and the rules a user can fix on the
spot; the actions check the rules again (and those only the database can answer) and raise errors
keyed by field, which `add_action_error` puts next to that field.

Every form that acts on a task carries the version of the task it was loaded at, so a write over
someone else's newer one is refused with their name and the time.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from resolute.core.files import check_upload
from resolute.core.forms import ActionErrorsMixin, Form, iso_date_input, model_form_fields
from resolute.core.xlsx import NOT_A_WORKBOOK, open_for_reading
from resolute.directives.forms import DocumentChoiceField, MultipleFileField, capitalised
from resolute.directives.models import Clause, Document
from resolute.orgunits.forms import UnitChoiceField, UnitMultipleChoiceField
from resolute.orgunits.models import OrgUnit

from . import selectors
from .models import (
    AssignerDecisionRequest,
    CompletionProposal,
    ExtensionRequest,
    ObstacleCategory,
    ProgressReport,
    Task,
)
from .workbook import not_a_workbook

FILES_HELP = _("PDF, Word (DOCX), Excel (XLSX), PNG or JPEG. You can choose several files.")


def version_field():
    return forms.IntegerField(widget=forms.HiddenInput, required=False)


class PageFormMixin:
    """Several forms share the task page: ids carry the form's name so each label finds its field."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        if self.id_prefix:
            kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


def checked_files(form, name: str = "files") -> list:
    """The uploaded files of `name`, each checked by its content and size."""
    files = form.cleaned_data.get(name) or []
    label = str(form.fields[name].label)
    for uploaded_file in files:
        try:
            check_upload(uploaded_file, field=name, field_label=label)
        except ValidationError as error:
            raise ValidationError(error.message_dict[name]) from None
    return files


def files_field():
    return MultipleFileField(label=_("Evidence"), required=False, help_text=FILES_HELP)


class SupervisingLeaderField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{user} · {user.job_title}" if user.job_title else str(user)


class AssignmentRulesMixin:
    """The rules of an assignment a user can see on the form: the deadline is not before the
    assignment, the lead unit does not also coordinate, a task without a deadline reports on a
    schedule."""

    def check_assignment(self, cleaned: dict, assigned_on) -> None:
        deadline = cleaned.get("deadline")
        if deadline and assigned_on and deadline < assigned_on:
            self.add_error(
                "deadline",
                gettext("The deadline (%(deadline)s) is before the assignment date (%(assigned)s).")
                % {
                    "deadline": date_format(deadline, "SHORT_DATE_FORMAT"),
                    "assigned": date_format(assigned_on, "SHORT_DATE_FORMAT"),
                },
            )
        lead = cleaned.get("lead_unit")
        coordinating = cleaned.get("coordinating_units") or []
        if lead is not None and any(unit.pk == lead.pk for unit in coordinating):
            self.add_error(
                "coordinating_units",
                gettext("%(unit)s is the lead unit; it cannot also be a coordinating unit.") % {"unit": lead},
            )
        if "deadline" not in self.errors and not deadline and not cleaned.get("reporting_frequency"):
            self.add_error(
                "reporting_frequency",
                gettext(
                    "A task without a deadline reports on a schedule: choose how often, or set a deadline."
                ),
            )


def _model_fields(names, **widgets):
    fields = model_form_fields(
        Task,
        fields=names,
        widgets={
            "assigned_on": iso_date_input(),
            "deadline": iso_date_input(),
            "description": forms.Textarea(attrs={"rows": 5}),
            "title": forms.TextInput(),
            "title_en": forms.TextInput(),
            **widgets,
        },
    )
    for name in ("area", "priority", "reporting_frequency"):
        if name in fields:
            fields[name].choices = capitalised(fields[name].choices)
    if "reporting_frequency" in fields:
        fields["reporting_frequency"].choices = [("", gettext("— none: the task has a deadline —"))] + [
            choice for choice in fields["reporting_frequency"].choices if choice[0]
        ]
    return fields


class TaskForm(AssignmentRulesMixin, ActionErrorsMixin, Form):
    """Create a task (with `task` None) or edit one. Units come from where the user may assign.
    Editing never offers the deadline: after assignment it moves only through an approved extension
    (the page shows it read-only, with the way to extend it)."""

    FIELDS = [
        "title",
        "title_en",
        "description",
        "area",
        "assigned_by_unit",
        "lead_unit",
        "coordinating_units",
        "supervising_leader",
        "priority",
        "expected_result",
        "assigned_on",
        "deadline",
        "reporting_frequency",
        "source_document",
    ]
    EDIT_FIELDS = [
        "title",
        "title_en",
        "description",
        "area",
        "lead_unit",
        "coordinating_units",
        "supervising_leader",
        "priority",
        "expected_result",
        "reporting_frequency",
    ]

    def __init__(self, *args, user, task: Task | None = None, clause: Clause | None = None, **kwargs):
        self.task = task
        self.clause = clause
        editing = task is not None
        initial = kwargs.setdefault("initial", {})
        if editing:
            initial.update(
                {
                    **{
                        name: getattr(task, name)
                        for name in ("title", "title_en", "description", "area", "priority")
                    },
                    "expected_result": task.expected_result,
                    "reporting_frequency": task.reporting_frequency,
                    "lead_unit": task.lead_unit_id,
                    "coordinating_units": [unit.pk for unit in task.coordinating_units.all()],
                    "supervising_leader": task.supervising_leader_id,
                    "version": task.version,
                }
            )
        super().__init__(*args, **kwargs)
        self.fields.update(
            _model_fields(
                ["title", "title_en", "description", "area", "priority", "expected_result", "assigned_on"]
                + ["deadline"]
                + ["reporting_frequency"]
            )
        )
        units = selectors.assignable_units(user)
        leaders = selectors.supervising_leader_choices(user)
        if editing:
            # Units and the leader already on the task stay selectable even if no longer offered.
            current_units = [task.lead_unit_id, *(unit.pk for unit in task.coordinating_units.all())]
            if task.parent_id:
                units = selectors.subtask_units(user, task.parent)
            units = OrgUnit.objects.filter(Q(pk__in=units.values("pk")) | Q(pk__in=current_units)).order_by(
                "path"
            )
            if task.supervising_leader_id:
                leaders = leaders.model.objects.filter(
                    Q(pk__in=leaders.values("pk")) | Q(pk=task.supervising_leader_id)
                ).order_by("full_name", "username")
        self.fields["assigned_by_unit"] = UnitChoiceField(
            label=_("Assigned by"),
            queryset=units,
            help_text=_("The body in whose name the task is assigned; it decides extensions and completion."),
            error_messages={"invalid_choice": _("Choose a body whose office you work in.")},
        )
        self.fields["lead_unit"] = UnitChoiceField(
            label=_("Lead unit"),
            queryset=units,
            error_messages={
                "invalid_choice": _("Choose an open unit you may assign tasks to."),
                "required": _("Choose the lead unit."),
            },
        )
        self.fields["coordinating_units"] = UnitMultipleChoiceField(
            label=_("Coordinating units"),
            queryset=units,
            required=False,
            help_text=_("Units that contribute; each reports its own part."),
            error_messages={"invalid_choice": _("Choose open units you may assign tasks to.")},
        )
        self.fields["supervising_leader"] = SupervisingLeaderField(
            label=_("Supervising leader"), queryset=leaders, required=False
        )
        self.fields["source_document"] = DocumentChoiceField(
            label=_("Source document"),
            queryset=selectors.visible_documents(user),
            required=False,
            help_text=_("The document that gives the task, if any."),
        )
        self.fields["version"] = version_field()
        self.order_fields([*self.FIELDS, "version"])
        if editing:
            for name in set(self.fields) - {*self.EDIT_FIELDS, "version"}:
                del self.fields[name]
        else:
            del self.fields["version"]
            if clause is not None:
                # The clause names the document; its words are quoted on the page.
                del self.fields["source_document"]
            if not self.is_bound and "assigned_by_unit" not in self.initial:
                # A sent form shows what was sent: the default body is looked up for a blank one only.
                from resolute.directives.selectors import default_owner_for

                default_body = default_owner_for(user)
                if default_body is not None:
                    self.initial["assigned_by_unit"] = default_body.pk

    def clean_title(self):
        return " ".join(self.cleaned_data.get("title", "").split())

    def clean_title_en(self):
        return " ".join(self.cleaned_data.get("title_en", "").split())

    def clean_coordinating_units(self):
        return list(self.cleaned_data.get("coordinating_units") or [])

    def clean(self):
        cleaned = super().clean()
        if self.task is None:
            self.check_assignment(cleaned, cleaned.get("assigned_on"))
        else:
            # The deadline is not on the form: the one in force is what the rules look at.
            self.check_assignment({**cleaned, "deadline": self.task.deadline}, self.task.assigned_on)
        return cleaned

    def action_fields(self) -> dict:
        """The cleaned values the actions take."""
        values = {name: self.cleaned_data[name] for name in self.fields if name != "version"}
        if self.task is None and self.clause is not None:
            values["source_clause"] = self.clause
        return values


class SubtaskForm(AssignmentRulesMixin, ActionErrorsMixin, Form):
    """Give part of a task to a unit below its lead unit."""

    def __init__(self, *args, user, parent: Task, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent = parent
        self.fields.update(
            _model_fields(
                ["title", "title_en", "description", "expected_result", "assigned_on", "deadline"]
                + ["reporting_frequency", "deadline_after_parent_reason"]
            )
        )
        units = selectors.subtask_units(user, parent)
        self.fields["lead_unit"] = UnitChoiceField(
            label=_("Lead unit"),
            queryset=units,
            error_messages={
                "invalid_choice": _("Choose an open unit below %(unit)s that you manage.")
                % {"unit": parent.lead_unit},
                "required": _("Choose the lead unit of the sub-task."),
            },
        )
        self.fields["coordinating_units"] = UnitMultipleChoiceField(
            label=_("Coordinating units"),
            queryset=units,
            required=False,
            error_messages={
                "invalid_choice": _("Choose open units below %(unit)s that you manage.")
                % {"unit": parent.lead_unit}
            },
        )
        self.fields["deadline_after_parent_reason"].help_text = _(
            "Needed only when the deadline is after the deadline of the task it splits; it is then flagged."
        )
        self.order_fields(
            [
                "title",
                "title_en",
                "description",
                "lead_unit",
                "coordinating_units",
                "expected_result",
                "assigned_on",
                "deadline",
                "deadline_after_parent_reason",
                "reporting_frequency",
            ]
        )

    def clean_title(self):
        return " ".join(self.cleaned_data.get("title", "").split())

    def clean_title_en(self):
        return " ".join(self.cleaned_data.get("title_en", "").split())

    def clean_coordinating_units(self):
        return list(self.cleaned_data.get("coordinating_units") or [])

    def clean(self):
        cleaned = super().clean()
        self.check_assignment(cleaned, cleaned.get("assigned_on"))
        deadline, parent_deadline = cleaned.get("deadline"), self.parent.deadline
        reason = (cleaned.get("deadline_after_parent_reason") or "").strip()
        if deadline and parent_deadline and deadline > parent_deadline and not reason:
            self.add_error(
                "deadline_after_parent_reason",
                gettext(
                    "The deadline %(deadline)s is after the deadline of the task it splits "
                    "(%(parent)s): state why, or choose an earlier deadline."
                )
                % {
                    "deadline": date_format(deadline, "SHORT_DATE_FORMAT"),
                    "parent": date_format(parent_deadline, "SHORT_DATE_FORMAT"),
                },
            )
        return cleaned

    def action_fields(self) -> dict:
        return dict(self.cleaned_data)


class ObstacleForm(Form):
    category = forms.ChoiceField(
        label=_("Obstacle"),
        required=False,
        choices=[("", "—"), *capitalised(ObstacleCategory.choices)],
    )
    description = forms.CharField(
        label=_("What blocks the work"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        cleaned = super().clean()
        category, description = cleaned.get("category"), (cleaned.get("description") or "").strip()
        if category and not description:
            self.add_error("description", gettext("Describe what blocks the work."))
        if description and not category:
            self.add_error("category", gettext("Choose the kind of obstacle."))
        return cleaned


ObstacleFormSet = forms.formset_factory(ObstacleForm, extra=3, max_num=3, validate_max=True)


class ReportCorrectionField(forms.ModelChoiceField):
    def label_from_instance(self, report: ProgressReport):
        when = date_format(report.reported_on, "SHORT_DATE_FORMAT")
        if report.percent_complete is None:
            return gettext("%(unit)s, %(date)s") % {"unit": report.unit, "date": when}
        return gettext("%(unit)s, %(date)s (%(percent)s%%)") % {
            "unit": report.unit,
            "date": when,
            "percent": report.percent_complete,
        }


class ProgressReportForm(PageFormMixin, ActionErrorsMixin, Form):
    """A progress report for one of the units the user reports for, with up to three obstacles."""

    id_prefix = "report"

    unit = UnitChoiceField(
        label=_("Reporting unit"),
        queryset=OrgUnit.objects.none(),
        error_messages={"invalid_choice": _("Choose a unit of this task that you report for.")},
    )
    narrative = forms.CharField(
        label=_("Progress"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Describe the progress made.")},
    )
    percent_complete = forms.IntegerField(
        label=_("Percent complete"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("Optional: how far along the work is, from 0 to 100."),
        error_messages={
            "min_value": _("Enter a percentage from 0 to 100."),
            "max_value": _("Enter a percentage from 0 to 100."),
            "invalid": _("Enter a percentage from 0 to 100."),
        },
    )
    corrects = ReportCorrectionField(
        label=_("Corrects an earlier report"),
        queryset=ProgressReport.objects.none(),
        required=False,
        help_text=_("A report is never edited: to correct one, send a new report that names it."),
    )
    files = files_field()
    version = version_field()

    def __init__(self, *args, task: Task, units: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.task = task
        self.fields["unit"].queryset = OrgUnit.objects.filter(pk__in=[unit.pk for unit in units]).order_by(
            "path"
        )
        if len(units) == 1:
            self.fields["unit"].widget = forms.HiddenInput()
            self.initial.setdefault("unit", units[0].pk)
        self.fields["corrects"].queryset = selectors.reports_to_correct(task, units)
        self.initial.setdefault("version", task.version)
        data = args[0] if args else kwargs.get("data")
        self.obstacles = ObstacleFormSet(data, prefix="obstacles")

    def clean_files(self):
        return checked_files(self)

    def clean(self):
        cleaned = super().clean()
        unit, corrects = cleaned.get("unit"), cleaned.get("corrects")
        if unit is not None and corrects is not None and corrects.unit_id != unit.pk:
            self.add_error(
                "corrects",
                gettext("A report is corrected by the unit that made it, %(unit)s.")
                % {"unit": corrects.unit},
            )
        return cleaned

    def is_valid(self):
        # Both, so every error shows at once.
        own, obstacles = super().is_valid(), self.obstacles.is_valid()
        return own and obstacles

    def obstacle_list(self) -> list[tuple[str, str]]:
        return [
            (form.cleaned_data["category"], form.cleaned_data["description"].strip())
            for form in self.obstacles.forms
            if form.cleaned_data.get("category")
        ]

    def add_action_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict") and "obstacles" in error.error_dict:
            for message in error.error_dict.pop("obstacles"):
                self.add_error(None, message)
        super().add_action_error(error)


class ExtensionRequestForm(PageFormMixin, ActionErrorsMixin, Form):
    id_prefix = "extension"

    proposed_deadline = forms.DateField(
        label=_("Proposed deadline"),
        widget=iso_date_input(),
        error_messages={"required": _("Enter the deadline you ask for.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for the extension.")},
    )
    request_document = DocumentChoiceField(
        label=_("Request document"),
        queryset=Document.objects.none(),
        required=False,
        help_text=_("The official letter that asks for the extension, if it is registered."),
    )
    files = files_field()
    version = version_field()

    def __init__(self, *args, task: Task, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.task = task
        self.fields["request_document"].queryset = selectors.visible_documents(user)
        self.initial.setdefault("version", task.version)

    def clean_proposed_deadline(self):
        proposed = self.cleaned_data["proposed_deadline"]
        if self.task.deadline is not None and proposed <= self.task.deadline:
            raise ValidationError(
                gettext("The proposed deadline must be after the current deadline (%(deadline)s).")
                % {"deadline": date_format(self.task.deadline, "SHORT_DATE_FORMAT")}
            )
        return proposed

    def clean_files(self):
        return checked_files(self)


class DecisionForm(PageFormMixin, ActionErrorsMixin, Form):
    """The assigning unit's decision on an extension request or a completion proposal: approve or
    reject (accept or return) with a comment; a refusal needs the comment. The choices and the ids
    (both forms may be on the task page at once) follow the kind of request."""

    YES = "yes"
    NO = "no"
    # kind of request -> (id prefix, (yes, no) labels, the error when a refusal says nothing)
    WORDING = {
        ExtensionRequest.kind: (
            "extension_decision",
            (_("Approve the new deadline"), _("Reject the request")),
            _("Say why the extension is rejected."),
        ),
        CompletionProposal.kind: (
            "completion_decision",
            (_("Accept: the task is completed"), _("Return it to the lead unit")),
            _("Say why the completion is returned."),
        ),
    }

    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    decision_document_number = forms.CharField(
        label=_("Number of the deciding document"),
        required=False,
        max_length=100,
        help_text=_("When a document carries the decision, for example 125/UBND-TH."),
    )
    decision_document_date = forms.DateField(
        label=_("Date of the deciding document"), required=False, widget=iso_date_input()
    )
    version = version_field()

    def __init__(self, *args, task: Task, decision_request: AssignerDecisionRequest, **kwargs):
        self.id_prefix, (yes, no), self.comment_required_message = self.WORDING[decision_request.kind]
        super().__init__(*args, **kwargs)
        self.decision_request = decision_request
        self.fields["decision"].choices = [(self.YES, yes), (self.NO, no)]
        self.initial.setdefault("version", task.version)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.NO and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", str(self.comment_required_message))
        check_decision_document(self, cleaned)
        return cleaned

    @property
    def says_yes(self) -> bool:
        return self.cleaned_data["decision"] == self.YES


def check_decision_document(form, cleaned: dict) -> None:
    """A deciding document is named by its number and its date together (the action checks the
    dates against the task)."""
    number = (cleaned.get("decision_document_number") or "").strip()
    document_date = cleaned.get("decision_document_date")
    if number and document_date is None and "decision_document_date" not in form.errors:
        form.add_error("decision_document_date", gettext("Give the date of the deciding document as well."))
    if document_date is not None and not number and "decision_document_number" not in form.errors:
        form.add_error(
            "decision_document_number", gettext("Give the number of the deciding document as well.")
        )


class ExtensionRecordForm(PageFormMixin, ActionErrorsMixin, Form):
    """The assigning unit moves the deadline itself: the new deadline, the reason and the document
    that decides it, recorded as an extension approved at once."""

    id_prefix = "extension_record"

    new_deadline = forms.DateField(
        label=_("New deadline"),
        widget=iso_date_input(),
        error_messages={"required": _("Enter the new deadline.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for the extension.")},
    )
    decision_document_number = forms.CharField(
        label=_("Number of the deciding document"),
        required=False,
        max_length=100,
        help_text=_("When a document carries the decision, for example 125/UBND-TH."),
    )
    decision_document_date = forms.DateField(
        label=_("Date of the deciding document"), required=False, widget=iso_date_input()
    )
    version = version_field()

    def __init__(self, *args, task: Task, **kwargs):
        super().__init__(*args, **kwargs)
        self.task = task
        self.initial.setdefault("version", task.version)

    def clean_new_deadline(self):
        new_deadline = self.cleaned_data["new_deadline"]
        if self.task.deadline is not None and new_deadline <= self.task.deadline:
            raise ValidationError(
                gettext("The new deadline must be after the current deadline (%(deadline)s).")
                % {"deadline": date_format(self.task.deadline, "SHORT_DATE_FORMAT")}
            )
        return new_deadline

    def clean(self):
        cleaned = super().clean()
        check_decision_document(self, cleaned)
        return cleaned


class CompletionProposalForm(PageFormMixin, ActionErrorsMixin, Form):
    id_prefix = "completion"

    result = forms.CharField(
        label=_("Result"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Describe the result achieved.")},
    )
    files = files_field()
    version = version_field()

    def __init__(self, *args, task: Task, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", task.version)

    def clean_files(self):
        return checked_files(self)


class CancelForm(PageFormMixin, ActionErrorsMixin, Form):
    id_prefix = "cancel"

    reason = forms.CharField(
        label=_("Reason for cancelling"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for cancelling the task.")},
    )
    version = version_field()

    def __init__(self, *args, task: Task, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", task.version)


class CommentForm(PageFormMixin, ActionErrorsMixin, Form):
    id_prefix = "comment"

    text = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the comment.")},
    )
    version = version_field()

    def __init__(self, *args, task: Task, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", task.version)


class TaskImportForm(Form):
    """The upload of a filled tasks workbook, and the body in whose name its tasks are assigned."""

    file = forms.FileField(
        label=_("XLSX file"),
        help_text=_(
            "One task a row: title, lead unit, coordinating units, deadline, source document, clause, "
            "description — as in the template."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_by_unit"] = UnitChoiceField(
            label=_("Assigned by"),
            queryset=selectors.assignable_units(user),
            help_text=_(
                "The body in whose name the tasks are assigned; it decides extensions and completion."
            ),
            error_messages={"invalid_choice": _("Choose a body whose office you work in.")},
        )
        if not self.is_bound:
            from resolute.directives.selectors import default_owner_for

            default_body = default_owner_for(user)
            if default_body is not None:
                self.initial["assigned_by_unit"] = default_body.pk

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if not uploaded.name.lower().endswith(".xlsx"):
            raise ValidationError(gettext("Upload an .xlsx file, such as the template."))
        # Opening the workbook reads only its index: a damaged file is refused here, at once.
        try:
            open_for_reading(uploaded).close()
        except NOT_A_WORKBOOK as error:
            raise ValidationError(not_a_workbook(uploaded.name)) from error
        finally:
            uploaded.seek(0)
        return uploaded
