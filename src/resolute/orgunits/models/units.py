"""The organisation tree: units with kinds, official codes, effective dates and lineage; and who
holds which role in which unit (the memberships the scope policy reads)."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from resolute.core import clock
from resolute.core.languages import ReaderText, in_reader_language
from resolute.core.models import TimeStampedModel, VersionedModel

from ..choices import Role
from ..querysets import PATH_SEGMENT_WIDTH, OrgUnitQuerySet, UnitPlacementQuerySet


def prefers_english_names() -> bool:
    return (get_language() or "vi").startswith("en")


def display_name_for(name: str, name_en: str, english: bool | None = None) -> ReaderText:
    """The name in the reader's language (the active one unless `english` says), the other one marked."""
    language = None if english is None else ("en" if english else "vi")
    return in_reader_language(name, name_en, language)


class OrgUnitKind(models.TextChoices):
    PROVINCE = "province", _("province-level unit")
    PARTY_COMMITTEE = "party_committee", _("party committee")
    PEOPLES_COMMITTEE = "peoples_committee", _("people's committee")
    PEOPLES_COUNCIL = "peoples_council", _("people's council")
    DEPARTMENT = "department", _("department")
    AGENCY = "agency", _("agency")
    DISTRICT = "district", _("district-level unit")
    COMMUNE = "commune", _("commune-level unit")
    FRONT = "front", _("front and mass organisation")
    ENTERPRISE = "enterprise", _("enterprise")
    OTHER = "other", _("other")


# The issuer's part of a document number: capitals (Vietnamese ones too), digits and hyphens, as in
# "VPTU" or "UBND-TH"; no slash, so a state number ("12/UBND-TH") can never read as a Party one
# ("12-CV/VPTU").
document_symbol_validator = RegexValidator(
    r"^[A-ZĐ0-9À-Ỹ]+(-[A-ZĐ0-9À-Ỹ]+)*$",
    _("Use capital letters, digits and hyphens, as in VPTU or UBND-TH."),
)


class OrgUnit(VersionedModel):
    """A body in the organisation: a committee, a department, a district, a commune...

    `path` is the chain of ancestor ids, fixed-width, so "every unit under X" is one indexed
    range query on any database. A unit is never deleted: it closes (`effective_to`) and names
    its successors, so its history stays readable as it was.
    """

    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    code = models.CharField(
        _("official code"),
        max_length=32,
        blank=True,
        help_text=_("The code in the national register, e.g. 49 for a province or 20335 for a commune."),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=OrgUnitKind.choices, default=OrgUnitKind.OTHER)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    path = models.CharField(max_length=PATH_SEGMENT_WIDTH * 24, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_to = models.DateField(
        _("effective to"),
        null=True,
        blank=True,
        help_text=_("The last day the unit existed; empty while it exists."),
    )
    successors = models.ManyToManyField(
        "self",
        through="UnitSuccession",
        through_fields=("predecessor", "successor"),
        symmetrical=False,
        related_name="predecessors",
        blank=True,
        verbose_name=_("successor units"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    document_symbol = models.CharField(
        _("document symbol"),
        max_length=30,
        blank=True,
        validators=[document_symbol_validator],
        help_text=_(
            "The unit's part of the number of the documents it issues: VPTU for a Party committee's office "
            "(“Số 12-CV/VPTU”), UBND-TH for a People's Committee (“Số: 12/UBND-TH”). "
            "No two open units share one."
        ),
    )
    # Names and code folded for search (lower case, no tone marks, đ → d); kept up to date by the actions.
    search_text = models.CharField(max_length=640, db_index=True, editable=False, blank=True, default="")
    is_sample = models.BooleanField(_("sample data"), default=False)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="orgunit_unique_code"),
            # Among units still in being: a merged body's successor takes up its symbol (the city's
            # Party Committee Office writes "VPTU" as the province's did), the old letters keep theirs.
            models.UniqueConstraint(
                fields=["document_symbol"],
                condition=~Q(document_symbol="") & Q(effective_to__isnull=True),
                name="orgunit_unique_open_document_symbol",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def name_in(self, language: str | None = None) -> ReaderText:
        """The name in the reader's language (the active one by default); the Vietnamese one, marked, when
        there is no English name."""
        return in_reader_language(self.name, self.name_en, language)

    display_name = property(name_in)

    @property
    def other_name(self) -> str:
        """The name not shown by `display_name` (Vietnamese in the English interface and back), if any."""
        if not self.name_en or self.name_en == self.name:
            return ""
        return self.name if self.display_name.language == "en" else self.name_en

    def get_absolute_url(self) -> str:
        return reverse("orgunits:detail", args=[self.pk])

    def is_open_on(self, day=None) -> bool:
        day = day or clock.today()
        started = self.effective_from is None or self.effective_from <= day
        return started and (self.effective_to is None or self.effective_to >= day)

    def is_closed_by(self, day) -> bool:
        """Closed on or before `day`: its last day (`effective_to`) has come. Such a unit is no longer
        urged on `day` — its work passes to its successors."""
        return self.effective_to is not None and self.effective_to <= day

    @property
    def is_party_body(self) -> bool:
        """A Party committee or a body under one (its office, its boards): it writes in the Party's form
        (Guideline 36-HD/VPTW), every other unit in the state form of Decree 30/2020."""
        if self.kind == OrgUnitKind.PARTY_COMMITTEE:
            return True
        ancestor_ids = self.ancestor_ids
        return bool(ancestor_ids) and (
            OrgUnit.objects.filter(pk__in=ancestor_ids, kind=OrgUnitKind.PARTY_COMMITTEE).exists()
        )

    @property
    def is_closed(self) -> bool:
        return self.effective_to is not None and self.effective_to < clock.today()

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids of the ancestors, root first, read from the path without a query."""
        segments = [
            int(self.path[i : i + PATH_SEGMENT_WIDTH]) for i in range(0, len(self.path), PATH_SEGMENT_WIDTH)
        ]
        return segments[:-1]

    def ancestors(self):
        return OrgUnit.objects.filter(pk__in=self.ancestor_ids).order_by("depth")

    def descendants(self, include_self: bool = False):
        return OrgUnit.objects.subtree_of(self, include_self=include_self)

    def is_descendant_of(self, other: "OrgUnit") -> bool:
        return self.path.startswith(other.path) and self.pk != other.pk


class UnitSuccession(models.Model):
    """A predecessor's open work and history pass to a successor on a date (merger, split, renaming)."""

    class Kind(models.TextChoices):
        MERGER = "merger", _("merger")
        SPLIT = "split", _("split")
        RENAMING = "renaming", _("renaming")
        TRANSFER = "transfer", _("transfer of functions")

    predecessor = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, related_name="succession_out", verbose_name=_("predecessor")
    )
    successor = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, related_name="succession_in", verbose_name=_("successor")
    )
    kind = models.CharField(_("kind of change"), max_length=16, choices=Kind.choices, default=Kind.MERGER)
    effective_on = models.DateField(
        _("effective on"), help_text=_("The first day the successor carries the predecessor's work.")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    reorganisation = models.ForeignKey(
        "orgunits.Reorganisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successions",
        verbose_name=_("reorganisation"),
    )

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unit_succession_unique_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class UnitPlacement(models.Model):
    """Where a unit sat in the tree from one day to another: its parent and the chain of ids above it.

    `OrgUnit.parent`/`path` are the tree in force today, which every "now" query reads. A move ends the
    placements of the moved subtree the day before and opens new ones, so the tree of any past day
    (`orgunits.history`) still reads as it was: moving a unit never rewrites its past."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="placements")
    parent = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    path = models.CharField(max_length=PATH_SEGMENT_WIDTH * 24, db_index=True)
    depth = models.PositiveSmallIntegerField(default=0)
    # The first day in this place (empty: since the unit began) and the last (empty: still there).
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    objects = UnitPlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("place in the tree")
        verbose_name_plural = _("places in the tree")
        ordering = ["unit", "valid_from"]
        indexes = [models.Index(fields=["valid_from"], name="unit_placement_valid_from")]

    def __str__(self) -> str:
        return f"{self.unit_id} @ {self.path} [{self.valid_from} – {self.valid_to}]"


class UnitFormerName(models.Model):
    """A name (and code) a unit carried until a day: kept when a reorganisation renames or re-codes it,
    so its history shows the name of the time and a search by the old name still finds it."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="former_names")
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    code = models.CharField(_("official code"), max_length=32, blank=True)
    used_until = models.DateField(_("used until"))
    reorganisation = models.ForeignKey(
        "orgunits.Reorganisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reorganisation"),
    )

    class Meta:
        verbose_name = _("former name")
        verbose_name_plural = _("former names")
        ordering = ["unit", "used_until"]

    def __str__(self) -> str:
        return f"{self.name} (≤ {self.used_until})"

    def name_in(self, language: str | None = None) -> ReaderText:
        return in_reader_language(self.name, self.name_en, language)

    display_name = property(name_in)


class Membership(TimeStampedModel):
    """A user holds a role in a unit (and so in everything below it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("unit")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["unit__path", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique_user_unit_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"
