"""Tasks and their follow-up: assignment, sub-tasks, progress reports, extensions and completion.

What a task's status was on any day is derived from its history (deadline changes, accepted
completions, cancellations, reports) — see `querysets.py`. Today's status needs only the columns
the actions keep current on the task itself (`deadline`, `completed_on`, `cancelled_on`,
`last_reported_on`), so the lists of today read those, with indexes made for them; the days those
last changed (`deadline_changed_on`, `completion_decided_on`) spare a past day most of the history.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from resolute.core.files import StoredFile
from resolute.core.languages import ReaderText, in_reader_language
from resolute.core.models import BackgroundJobFields, TimeStampedModel, VersionedModel

from .querysets import AssignerDecisionRequestQuerySet, TaskQuerySet


class TaskArea(models.TextChoices):
    PARTY_BUILDING = "party_building", _("Party building and the political system")
    SOCIO_ECONOMICS = "socio_economics", _("socio-economics")
    DEFENCE_SECURITY = "defence_security", _("defence, security and foreign affairs")
    ADMINISTRATION = "administration", _("administrative reform and digital transformation")
    OTHER = "other", _("other")


class TaskPriority(models.TextChoices):
    NORMAL = "normal", _("normal")
    HIGH = "high", _("high")
    URGENT = "urgent", _("urgent")


class ReportingFrequency(models.TextChoices):
    MONTHLY = "monthly", _("monthly")
    QUARTERLY = "quarterly", _("quarterly")
    SIX_MONTHLY = "six_monthly", _("six-monthly")
    YEARLY = "yearly", _("yearly")


class Task(VersionedModel):
    """A piece of work assigned to exactly one lead unit, with coordinating units and a deadline —
    or none, for a standing task that reports on a schedule.

    `original_deadline` never changes after assignment; `deadline` is the one in force now (after
    approved extensions). `source_clause` is the sentence the task came from; `source_text` keeps
    its words as they were when the task was created.
    """

    title = models.CharField(_("title"), max_length=500)
    title_en = models.CharField(_("title in English"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    area = models.CharField(_("area"), max_length=32, choices=TaskArea.choices, default=TaskArea.OTHER)
    source_document = models.ForeignKey(
        "directives.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
        verbose_name=_("source document"),
    )
    source_clause = models.ForeignKey(
        "directives.Clause",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
        verbose_name=_("source clause"),
    )
    source_text = models.TextField(_("quoted clause"), blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subtasks",
        verbose_name=_("parent task"),
    )
    lead_unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="led_tasks", verbose_name=_("lead unit")
    )
    coordinating_units = models.ManyToManyField(
        "orgunits.OrgUnit",
        through="TaskCoordination",
        through_fields=("task", "unit"),
        related_name="coordinated_tasks",
        blank=True,
        verbose_name=_("coordinating units"),
    )
    assigned_by_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="assigned_tasks",
        verbose_name=_("assigned by"),
        help_text=_(
            "The unit whose office or manager assigned the task; it decides extensions and completion."
        ),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_on = models.DateField(_("assigned on"))
    supervising_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervised_tasks",
        verbose_name=_("supervising leader"),
    )
    priority = models.CharField(
        _("priority"), max_length=16, choices=TaskPriority.choices, default=TaskPriority.NORMAL
    )
    expected_result = models.CharField(
        _("expected result"),
        max_length=500,
        blank=True,
        help_text=_("For example: a scheme submitted to the Provincial People's Committee."),
    )
    original_deadline = models.DateField(_("original deadline"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    reporting_frequency = models.CharField(
        _("reports"),
        max_length=16,
        choices=ReportingFrequency.choices,
        blank=True,
        help_text=_("How often a task without a deadline reports."),
    )
    deadline_after_parent_reason = models.CharField(
        _("why the deadline is after the parent task's"), max_length=500, blank=True
    )
    # Set when the assigning unit accepts a completion: the task is completed on the day it was proposed.
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)
    # The latest day a progress report speaks of (none yet: null). Kept by `submit_report`.
    last_reported_on = models.DateField(_("last report"), null=True, blank=True, editable=False)
    # When the deadline in force and the completion were last decided (null: never). A past day
    # after them reads `deadline` and `completed_on` as they are; only a day before looks into the
    # history (`querysets.TaskQuerySet.replayed_as_of`).
    deadline_changed_on = models.DateField(null=True, blank=True, editable=False)
    completion_decided_on = models.DateField(null=True, blank=True, editable=False)
    is_sample = models.BooleanField(_("sample data"), default=False)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["deadline", "id"]
        indexes = [
            # On PostgreSQL it also carries every column the status reads, so counting a subtree's
            # tasks by status (today, or a day after their last change) never leaves the index.
            models.Index(
                fields=["lead_unit", "deadline"],
                name="task_lead_deadline_idx",
                include=[
                    "original_deadline",
                    "completed_on",
                    "cancelled_on",
                    "last_reported_on",
                    "assigned_on",
                    "deadline_changed_on",
                    "completion_decided_on",
                ],
            ),
            models.Index(fields=["assigned_by_unit", "deadline"], name="task_assigner_deadline_idx"),
            models.Index(fields=["deadline", "completed_on"], name="task_deadline_completed_idx"),
            # Today's open tasks of a unit by deadline: the overdue list and its count.
            models.Index(
                fields=["lead_unit", "deadline", "id"],
                name="task_open_lead_deadline_idx",
                condition=models.Q(completed_on__isnull=True, cancelled_on__isnull=True),
            ),
            models.Index(
                fields=["deadline", "id"],
                name="task_open_deadline_idx",
                condition=models.Q(completed_on__isnull=True, cancelled_on__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    def title_in(self, language: str | None = None) -> ReaderText:
        """The title in the reader's language (`title` is the Vietnamese one, `title_en` the English one),
        the other one marked when it is missing; `language` defaults to the active one."""
        return in_reader_language(self.title, self.title_en, language)

    display_title = property(title_in)

    def get_absolute_url(self) -> str:
        return reverse("tasks:detail", args=[self.pk])

    @property
    def is_standing(self) -> bool:
        return self.original_deadline is None and self.deadline is None


# The task's columns a coordination keeps a copy of: its lead unit and every column today's status reads.
COPIED_TASK_COLUMNS = (
    "lead_unit",
    "assigned_on",
    "original_deadline",
    "deadline",
    "completed_on",
    "cancelled_on",
    "last_reported_on",
)


class TaskCoordination(models.Model):
    """A unit that contributes to a task led by another unit.

    It carries a copy of its task's lead unit and of the columns today's status reads, named as on the
    task (`COPIED_TASK_COLUMNS`), so that "what the units of a subtree coordinate without leading it"
    is a range of this table's indexes, counted by status without reading a task. The actions that
    change those columns keep the copies (`actions.copies`); the nightly check compares them."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="coordinations")
    unit = models.ForeignKey("orgunits.OrgUnit", on_delete=models.PROTECT, related_name="task_coordinations")
    lead_unit = models.ForeignKey(
        "orgunits.OrgUnit", null=True, editable=False, on_delete=models.PROTECT, related_name="+"
    )
    assigned_on = models.DateField(null=True, editable=False)
    original_deadline = models.DateField(null=True, editable=False)
    deadline = models.DateField(null=True, editable=False)
    completed_on = models.DateField(null=True, editable=False)
    cancelled_on = models.DateField(null=True, editable=False)
    last_reported_on = models.DateField(null=True, editable=False)

    class Meta:
        verbose_name = _("coordinating unit")
        verbose_name_plural = _("coordinating units")
        constraints = [models.UniqueConstraint(fields=["task", "unit"], name="task_coordination_unique")]
        indexes = [
            # What a subtree coordinates, counted by status from the index alone (PostgreSQL).
            models.Index(
                fields=["unit", "deadline"],
                name="coordination_unit_deadline_idx",
                include=["task", *[column for column in COPIED_TASK_COLUMNS if column != "deadline"]],
            ),
            # Its open tasks by deadline: the overdue list of a subtree.
            models.Index(
                fields=["unit", "deadline", "task"],
                name="coordination_open_idx",
                condition=models.Q(completed_on__isnull=True, cancelled_on__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return str(self.unit)


class ObstacleCategory(models.TextChoices):
    SITE_CLEARANCE = "site_clearance", _("site clearance and compensation")
    LAND_PRICE = "land_price", _("land price and land origin")
    MATERIALS = "materials", _("construction materials")
    PROCEDURES = "procedures", _("procedures and legal basis")
    CAPITAL = "capital", _("capital")
    COORDINATION = "coordination", _("coordination between units")
    OTHER = "other", _("other")


class ProgressReport(TimeStampedModel):
    """What a unit reported on a task on a day. Never edited: a correction is a new report that
    names the one it corrects."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="task_reports",
        verbose_name=_("reporting unit"),
    )
    reported_on = models.DateField(_("report date"))
    narrative = models.TextField(_("progress"))
    percent_complete = models.PositiveSmallIntegerField(_("percent complete"), null=True, blank=True)
    corrects = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        verbose_name=_("corrects report"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["reported_on", "id"]
        indexes = [models.Index(fields=["task", "reported_on"], name="report_task_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent_complete__isnull=True) | models.Q(percent_complete__lte=100),
                name="report_percent_within_0_100",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.reported_on}"


class Obstacle(models.Model):
    """Something that blocks a task, named in a progress report."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="obstacles")
    category = models.CharField(_("obstacle"), max_length=32, choices=ObstacleCategory.choices)
    description = models.TextField(_("what blocks the work"))

    class Meta:
        verbose_name = _("obstacle")
        verbose_name_plural = _("obstacles")

    def __str__(self) -> str:
        return self.get_category_display()


def evidence_path(instance, filename: str) -> str:
    return f"tasks/{instance.task_id}/{filename}"


class Evidence(StoredFile):
    """A file that backs a progress report, an extension request or a completion proposal."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="evidence")
    report = models.ForeignKey(
        ProgressReport, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    extension_request = models.ForeignKey(
        "ExtensionRequest", null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    completion = models.ForeignKey(
        "CompletionProposal", null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("file"), upload_to=evidence_path)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "id"]


class Decision(models.TextChoices):
    PENDING = "pending", _("waiting for a decision")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class AssignerDecisionRequest(TimeStampedModel):
    """Something the lead unit asks of the unit that assigned the task, which that unit approves or
    rejects with a comment: a new deadline (`ExtensionRequest`) or the task's completion
    (`CompletionProposal`). One table a kind, each with what it asks; the decision is the same.

    Each kind names the fields that say when and by whom it was asked (`asked_on_field`,
    `asked_by_field`), its word on the timeline (`kind`) and the page where it is decided
    (`decide_url_name`). `actions.decide_request` decides any kind.
    """

    kind: str
    asked_on_field: str
    asked_by_field: str
    decide_url_name: str
    not_found_message: str

    decision = models.CharField(
        _("decision"), max_length=16, choices=Decision.choices, default=Decision.PENDING
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_comment = models.TextField(_("comment"), blank=True)
    # The document that carries the decision (an official letter, a decision), when there is one:
    # both its number and its date, or neither.
    decision_document_number = models.CharField(
        _("number of the deciding document"), max_length=100, blank=True
    )
    decision_document_date = models.DateField(_("date of the deciding document"), null=True, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    objects = AssignerDecisionRequestQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def asked_on(self):
        return getattr(self, self.asked_on_field)

    @property
    def asked_by(self):
        return getattr(self, self.asked_by_field)

    @property
    def is_pending(self) -> bool:
        return self.decision == Decision.PENDING

    @property
    def is_approved(self) -> bool:
        return self.decision == Decision.APPROVED

    def get_decide_url(self) -> str:
        return reverse(self.decide_url_name, args=[self.pk])

    @property
    def decision_document(self) -> str:
        """The document that carries the decision, in words ("" when none is recorded)."""
        if not self.decision_document_number or self.decision_document_date is None:
            return ""
        return gettext("Decided by document No. %(number)s of %(date)s.") % {
            "number": self.decision_document_number,
            "date": date_format(self.decision_document_date, "SHORT_DATE_FORMAT"),
        }


class ExtensionRequest(AssignerDecisionRequest):
    """The lead unit asks for a new deadline; the assigning unit approves or rejects it.
    An approval moves `Task.deadline` and leaves `Task.original_deadline` as it was.

    When the assigning unit itself moves a deadline, it records the request and its approval in one
    step (`decided_at_once`): the only other way a deadline changes after assignment."""

    kind = "extension"
    asked_on_field = "requested_on"
    asked_by_field = "requested_by"
    decide_url_name = "tasks:extension_decide"
    not_found_message = _("No such extension request.")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extension_requests")
    requested_on = models.DateField(_("requested on"))
    current_deadline = models.DateField(_("deadline when asked"), null=True)
    proposed_deadline = models.DateField(_("proposed deadline"))
    reason = models.TextField(_("reason"))
    request_document = models.ForeignKey(
        "directives.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("request document"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at_once = models.BooleanField(
        _("decided at once by the assigning unit"),
        default=False,
        help_text=_("The assigning unit moved the deadline itself: no request of the lead unit waited."),
    )

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["requested_on", "id"]
        indexes = [
            models.Index(fields=["task", "decision", "decided_on"], name="extension_task_decision_idx")
        ]

    def __str__(self) -> str:
        return f"{self.task} → {self.proposed_deadline}"


class CompletionProposal(AssignerDecisionRequest):
    """The lead unit says the task is done; the assigning unit accepts (the task is completed on
    the day of the proposal) or returns it with a reason."""

    kind = "completion"
    asked_on_field = "proposed_on"
    asked_by_field = "proposed_by"
    decide_url_name = "tasks:completion_decide"
    not_found_message = _("No such completion proposal.")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="completion_proposals")
    proposed_on = models.DateField(_("proposed on"))
    result = models.TextField(_("result"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("completion proposal")
        verbose_name_plural = _("completion proposals")
        ordering = ["proposed_on", "id"]
        indexes = [
            models.Index(fields=["task", "decision", "decided_on"], name="completion_task_decision_idx")
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.proposed_on}"


class TaskComment(TimeStampedModel):
    """A remark on a task's timeline."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("comment"))

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class HandoverRole(models.TextChoices):
    LEAD = "lead", _("lead unit")
    COORDINATING = "coordinating", _("coordinating unit")
    ASSIGNER = "assigner", _("assigning unit")


class TaskHandover(models.Model):
    """A unit's part in a task (`role`) passed to its successor in a reorganisation: from the
    reorganisation's day (`effective_on`) `to_unit` holds what `from_unit` held. Never edited nor
    deleted, so the task's timeline names the change and an "as of" view knows who led the task on a
    past day: the `from_unit` of the earliest lead handover after that day, else today's lead unit.

    `already_held` says the successor already played that part (it coordinated the task already, or
    leads it): no row was added, the old unit's part simply ended."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="handovers")
    role = models.CharField(_("role"), max_length=16, choices=HandoverRole.choices)
    from_unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("from unit")
    )
    to_unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("to unit")
    )
    effective_on = models.DateField(_("effective on"))
    reorganisation = models.ForeignKey(
        "orgunits.Reorganisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reorganisation"),
    )
    already_held = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering = ["effective_on", "id"]
        indexes = [
            models.Index(fields=["task", "role", "effective_on"], name="handover_task_role_day_idx"),
            models.Index(fields=["effective_on"], name="handover_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} · {self.role}: {self.from_unit_id} → {self.to_unit_id} ({self.effective_on})"


# Stands in a tally row for a day that does not apply to its kind (a unique constraint needs a value).
NO_DAY = date(1, 1, 1)


# What a tally row is keyed by, beside its lead unit.
TALLY_KEY = ["kind", "day", "original_day", "late", "late_against_original", "counted_from"]


class TallyKind(models.TextChoices):
    CANCELLED = "cancelled", _("cancelled")
    COMPLETED = "completed", _("completed")
    WITH_DEADLINE = "with_deadline", _("open, with a deadline")
    WITHOUT_DEADLINE = "without_deadline", _("open, without a deadline")
    # The country's rows count the open tasks with a deadline twice, by the deadline in force
    # (`WITH_DEADLINE`, `day`) and by the original one (this kind, `original_day`), each read under
    # its lateness rule: keyed by both days at once they would be as many as the extended tasks.
    BY_ORIGINAL_DEADLINE = "by_original_deadline", _("open, by its original deadline")


class TaskStatusTally(models.Model):
    """How many tasks a unit leads — or, in the rows without a unit, every unit of every tree —
    grouped by what their status on any day from today on depends on: kept so that counting a whole
    country by status reads its tens of thousands of rows, not a million tasks (`tally`).

    The status of an open task changes with the date alone, so its row keeps the day that decides
    it rather than a status: the deadline in force (`day`) and the original one (`original_day`) of a
    task with a deadline, the last sign of life (the last report, else the assignment) of one
    without. A completed task keeps whether it was completed after either deadline (`late`,
    `late_against_original`), so either lateness rule reads the same rows. A task assigned after the
    day it was counted is counted only from its assignment (`counted_from`). Days that do not apply
    hold `NO_DAY`.

    The actions that create a task or change its lead unit or status columns recount its lead
    units' rows, and add the difference to the rows without a unit (`actions.copies`); the nightly
    check compares the counts with the tasks."""

    lead_unit = models.ForeignKey("orgunits.OrgUnit", null=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=24, choices=TallyKind.choices)
    day = models.DateField()
    original_day = models.DateField()
    late = models.BooleanField()
    late_against_original = models.BooleanField()
    counted_from = models.DateField()
    # Never below zero once a change is applied; an integer that may be, since the country's rows are
    # changed by adding a difference (`INSERT … ON CONFLICT`, which checks the value it would insert).
    tasks = models.IntegerField()

    class Meta:
        verbose_name = _("task status tally")
        verbose_name_plural = _("task status tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["lead_unit", *TALLY_KEY],
                condition=models.Q(lead_unit__isnull=False),
                name="task_status_tally_unique",
            ),
            # The country's rows, which the actions add to (`INSERT … ON CONFLICT` names this index).
            models.UniqueConstraint(
                fields=TALLY_KEY,
                condition=models.Q(lead_unit__isnull=True),
                name="task_status_tally_country_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lead_unit_id} · {self.kind} · {self.day}: {self.tasks}"


class TaskImport(BackgroundJobFields, TimeStampedModel):
    """An XLSX file of tasks to assign, brought in from a province's own lists in two steps, each a
    background job: the file is checked as a whole (every problem listed by row and column, and a
    preview of what would be created), then, once its uploader confirms, checked again and saved
    in one transaction through `actions.create_tasks`. A file with any error creates nothing."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to start")
        CHECKING = "checking", _("checking the file")
        READY = "ready", _("checked: waiting for your confirmation")
        SAVING = "saving", _("creating the tasks")
        DONE = "done", _("done")
        FAILED = "failed", _("refused: nothing was created")
        CANCELLED = "cancelled", _("cancelled: nothing was created")

    file = models.FileField(_("file"), upload_to="imports/tasks/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_by_unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("assigned by")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(_("rows in the file"), default=0)
    rows_done = models.PositiveIntegerField(_("rows checked"), default=0)
    tasks_to_create = models.PositiveIntegerField(_("tasks to create"), default=0)
    tasks_created = models.PositiveIntegerField(_("tasks created"), default=0)
    preview = models.JSONField(_("preview"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # The language of the page the file was uploaded from: the job writes its messages in it.
    language = models.CharField(_("language"), max_length=16, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import of tasks")
        verbose_name_plural = _("imports of tasks")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.original_name or self.file.name

    def get_absolute_url(self) -> str:
        return reverse("tasks:import_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        """Nothing more happens without the user: checked and waiting, or ended."""
        return self.status in (self.Status.READY, self.Status.DONE, self.Status.FAILED, self.Status.CANCELLED)

    @property
    def may_be_confirmed(self) -> bool:
        return self.status == self.Status.READY

    @property
    def percent_done(self) -> int:
        if self.status in (self.Status.READY, self.Status.DONE):
            return 100
        return int(self.rows_done * 100 / self.rows_total) if self.rows_total else 0
