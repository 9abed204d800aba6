"""Every write of the text-to-plan flow: start a reading, record what the reader proposed, record a
person's decision on each proposal, and confirm — which creates the accepted tasks and targets,
each anchored to its clause, in one transaction.

Reading runs in a background job (`jobs.read_proposal_job`); nothing outside the proposal is
written until a person confirms.
"""

import logging
from collections import Counter
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from resolute.core import clock
from resolute.core.actions.jobs import JobRun, cancel_job, enqueue_job, run_job
from resolute.core.changelog import record_change, snapshot
from resolute.core.jobs import JobFailed, JobStopped, job_kind_of, long_job_time_limit
from resolute.core.models import ChangeLogEntry
from resolute.core.periods import PeriodType
from resolute.directives import actions as document_actions
from resolute.directives.models import Clause
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.querysets import subtree_q
from resolute.orgunits.scope import coverage_root
from resolute.orgunits.search import fold
from resolute.targets.actions import indicators as indicator_actions
from resolute.targets.actions import targets as target_actions
from resolute.targets.models import Comparator, Direction, Indicator
from resolute.tasks import actions as task_actions
from resolute.tasks.models import TaskArea

from .models import Decision, ItemKind, PlanProposal, ProposalStatus, ProposedItem
from .permissions import can_propose
from .units import UnitCandidate, match_unit
from .uploads import ensure_within_reading_limits

logger = logging.getLogger(__name__)

PROPOSAL_FIELDS = ["document", "source_name", "language", "status"]
DECISION_FIELDS = [
    "decision",
    "title",
    "unit",
    "indicator",
    "new_indicator_name",
    "new_indicator_unit",
    "comparator",
    "value",
    "value_max",
    "baseline_value",
    "baseline_year",
    "reference_unit",
    "year",
    "deadline",
]
EDITABLE_FIELDS = [name for name in DECISION_FIELDS if name != "decision"]

# The extractor's comparators and the target's. "Reach N" is judged as "at least N": that is what a
# commitment to reach a figure means when it is followed up; the person can change it.
COMPARATOR_OF = {
    "<": Comparator.BELOW,
    "<=": Comparator.AT_MOST,
    ">": Comparator.ABOVE,
    ">=": Comparator.AT_LEAST,
    "=": Comparator.AT_LEAST,
    "range": Comparator.RANGE,
    "decrease_by": Comparator.CHANGE_FROM_BASELINE,
    "increase_by": Comparator.CHANGE_FROM_BASELINE,
}
LOWER_IS_BETTER_COMPARATORS = {Comparator.BELOW, Comparator.AT_MOST}

# Words of a section heading that tell a task's area, in English and Vietnamese (folded).
AREA_WORDS = [
    (TaskArea.PARTY_BUILDING, ("party building", "political system", "xay dung dang", "he thong chinh tri")),
    (TaskArea.DEFENCE_SECURITY, ("defen", "security", "quoc phong", "an ninh", "doi ngoai")),
    (TaskArea.ADMINISTRATION, ("administrative reform", "digital", "cai cach hanh chinh", "chuyen doi so")),
    (TaskArea.SOCIO_ECONOMICS, ("socio", "econom", "kinh te", "xa hoi")),
]


def _ensure_may_propose(acting_user, document) -> None:
    if acting_user is not None and not can_propose(acting_user, document):
        raise PermissionDenied(_("Only the office that keeps this document may turn it into a plan."))


# -- starting and reading ---------------------------------------------------------------------------


@transaction.atomic
def start_proposal(
    *, acting_user, document, text: str, language: str = "", source_name: str = ""
) -> PlanProposal:
    """Queue a reading of `text` for the document; a background job reads it."""
    _ensure_may_propose(acting_user, document)
    ensure_within_reading_limits(text)
    proposal = PlanProposal.objects.create(
        document=document,
        text=text,
        language=language,
        source_name=source_name[:255],
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    record_change(
        actor=acting_user, instance=proposal, action=ChangeLogEntry.Action.CREATE, fields=PROPOSAL_FIELDS
    )
    transaction.on_commit(lambda: enqueue_job(job_kind_of(PlanProposal), proposal.pk))
    return proposal


def _read(run: JobRun) -> None:
    """Read the text, then store the proposed items with the proposal's end in one transaction: a
    reading stopped at any point (cancelled, timed out, its worker killed) leaves no item behind."""
    from . import extract

    proposal = run.record
    try:
        extraction = extract(
            proposal.text,
            lang=proposal.language or None,
            progress=lambda done, total: run.beat(paragraphs_done=done, paragraphs_total=total),
        )
        found = extraction.to_answer_key()
    except JobStopped:
        raise
    except Exception as error:  # the reader's failure must reach the person, never leave the proposal running
        logger.exception("reading proposal %s failed", proposal.pk)
        raise JobFailed(
            _("The text could not be read. Check that it is the document's text and try again.")
        ) from error
    with transaction.atomic():
        ProposedItem.objects.bulk_create(
            _items_of(proposal, found, getattr(extraction, "working_year", None))
        )
        run.finish(
            status=ProposalStatus.READY,
            result=found,
            detected_language=getattr(extraction, "lang", "") or "",
            finished_at=timezone.now(),
        )


def read_proposal(proposal: PlanProposal) -> PlanProposal:
    """Read a waiting proposal's text and store what was found. A failure, the time limit or a
    cancellation is recorded on the proposal (the page shows it); nothing else is written."""
    run_job(PlanProposal, proposal.pk, _read, limit=long_job_time_limit())
    proposal.refresh_from_db()
    return proposal


def cancel_proposal(*, acting_user, proposal: PlanProposal) -> PlanProposal:
    """Stop a waiting or running reading at the request of the person who started it."""
    return cancel_job(acting_user=acting_user, record=proposal)


def _decimal(number) -> Decimal | None:
    if number is None:
        return None
    try:
        return Decimal(str(number))
    except InvalidOperation:
        return None


def _date(text) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _items_of(proposal: PlanProposal, found: dict, working_year: int | None) -> list[ProposedItem]:
    """The decidable proposals — targets and tasks — with their fields proposed from what was read."""
    document = proposal.document
    jurisdiction = coverage_root(document.owner, Role.OFFICE)
    units = list(OrgUnit.objects.filter(subtree_q(jurisdiction.path)).order_by("path"))
    indicators = list(Indicator.objects.all())
    fallback_year = (
        working_year
        or _most_common_deadline_year(found)
        or (document.issued_on.year if document.issued_on else clock.today().year)
    )
    items = []
    proposals = [(ItemKind.TARGET, fields) for fields in found.get("targets", [])]
    proposals += [(ItemKind.TASK, fields) for fields in found.get("tasks", [])]
    proposals.sort(key=lambda pair: (pair[1].get("span") or [0])[0])
    for position, (kind, fields) in enumerate(proposals, start=1):
        span = fields.get("span") or [0, 0]
        item = ProposedItem(
            proposal=proposal,
            kind=kind,
            position=position,
            text=fields.get("text", ""),
            start=span[0],
            end=span[1],
            line=fields.get("line") or 0,
            area=(fields.get("area") or "")[:500],
            extracted=fields,
            deadline=_date(fields.get("deadline")),
        )
        if kind == ItemKind.TARGET:
            _propose_target_fields(item, fields, indicators, jurisdiction, fallback_year)
        else:
            item.title = item.text[:500]
            item.unit = _first_unit_named(fields.get("responsible") or [], units)
        items.append(item)
    return items


def _most_common_deadline_year(found: dict) -> int | None:
    """The year most deadlines of the text fall in: the year a text without a title year is about."""
    years = Counter(
        deadline.year
        for fields in [*found.get("targets", []), *found.get("tasks", [])]
        if (deadline := _date(fields.get("deadline")))
    )
    return years.most_common(1)[0][0] if years else None


def _propose_target_fields(item, fields, indicators, jurisdiction, fallback_year) -> None:
    comparator = COMPARATOR_OF.get(fields.get("comparator") or "", "")
    value = _decimal(fields.get("value"))
    if fields.get("comparator") == "range":
        value, item.value_max = _decimal(fields.get("min")), _decimal(fields.get("max"))
    elif fields.get("comparator") == "decrease_by" and value is not None:
        value = -value
    elif value is None and fields.get("reference") and fields.get("comparator") in ("<", ">"):
        comparator = Comparator.RELATIVE_TO_REFERENCE
    item.comparator = comparator
    item.value = value
    period = str(fields.get("period") or "")
    if period.isdigit():
        item.year = int(period)
    else:
        item.year = item.deadline.year if item.deadline else fallback_year
    item.deadline = item.deadline or date(item.year, 12, 31)
    item.unit = jurisdiction
    item.indicator = best_indicator(fields.get("indicator") or item.text, indicators)
    if item.indicator is not None and fields.get("unit") == "VND":
        # The reader gives money in đồng; an indicator kept in billions takes the figure in billions.
        scale = money_scale(item.indicator.unit_of_measure)
        item.value = item.value / scale if item.value is not None else None
        item.value_max = item.value_max / scale if item.value_max is not None else None
    if item.indicator is None:
        item.new_indicator_name = (fields.get("indicator") or "")[:300]
        item.new_indicator_unit = (fields.get("unit") or "")[:60]


# Money units an indicator may be kept in, folded, largest first (so "nghin ty" is not read as "ty").
MONEY_SCALES = [
    (("nghin ty", "trillion"), Decimal(10) ** 12),
    (("ty", "billion"), Decimal(10) ** 9),
    (("trieu", "million"), Decimal(10) ** 6),
    (("nghin dong", "thousand"), Decimal(10) ** 3),
]


def money_scale(unit_of_measure: str) -> Decimal:
    """How many đồng one unit of the indicator's measure is (1 for plain VND)."""
    words = f" {fold(unit_of_measure)} "
    for names, scale in MONEY_SCALES:
        if any(f" {name} " in words for name in names):
            return scale
    return Decimal(1)


def best_indicator(phrase: str, indicators: list[Indicator]) -> Indicator | None:
    """The registered indicator whose name shares most words with `phrase` (accents ignored), if it
    shares at least half of the name's words."""
    words = set(fold(phrase).split())
    best, best_score = None, 0.5
    for indicator in indicators:
        for name in (indicator.name, indicator.name_en):
            name_words = set(fold(name).split())
            if not name_words:
                continue
            score = len(words & name_words) / len(name_words)
            if score > best_score:
                best, best_score = indicator, score
    return best


def _first_unit_named(mentions: list, units: list[OrgUnit]) -> OrgUnit | None:
    """The first unit of the tree that a body named as doing the work matches (by name, English name,
    short name or initials)."""
    candidates = [
        UnitCandidate(id=unit.pk, name=unit.name, name_en=unit.name_en, short_name=unit.short_name)
        for unit in units
    ]
    by_id = {unit.pk: unit for unit in units}
    for mention in mentions:
        name = mention.get("name", "") if isinstance(mention, dict) else str(mention)
        matched = match_unit(name, candidates)
        if matched:
            return by_id[matched[0]]
    return None


# -- deciding ---------------------------------------------------------------------------------------


def _ensure_open(proposal: PlanProposal) -> None:
    if proposal.status != ProposalStatus.READY:
        raise ValidationError(
            _("This proposal is %(status)s: its decisions can no longer change.")
            % {"status": proposal.get_status_display()}
        )


@transaction.atomic
def decide_item(*, acting_user, item: ProposedItem, decision: str, **fields) -> ProposedItem:
    """Accept (with the fields as edited) or reject one proposal, or set it back to undecided."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"decide_item() got unexpected fields: {sorted(unknown)}")
    proposal = PlanProposal.objects.select_for_update().select_related("document").get(pk=item.proposal_id)
    _ensure_may_propose(acting_user, proposal.document)
    _ensure_open(proposal)
    item = ProposedItem.objects.select_for_update().get(pk=item.pk)
    before = snapshot(item, DECISION_FIELDS)
    for name, value in fields.items():
        setattr(item, name, value)
    item.decision = decision
    item.decided_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    item.decided_at = timezone.now()
    item.save()
    record_change(actor=acting_user, instance=item, action=ChangeLogEntry.Action.UPDATE, before=before)
    return item


# -- confirming -------------------------------------------------------------------------------------


def _same_words(text: str) -> str:
    return " ".join(fold(text).split())


def clause_for(item: ProposedItem, clauses: list[Clause], text_is_the_documents: bool) -> Clause | None:
    """The clause an item's sentence sits in: by its line when the proposal read the document's own
    text, else the shortest clause that contains the sentence."""
    if text_is_the_documents and item.line:
        on_line = [clause for clause in clauses if clause.line == item.line]
        if on_line:
            return max(on_line, key=lambda clause: clause.level)
    sentence = _same_words(item.text)
    containing = [clause for clause in clauses if sentence and sentence in _same_words(clause.text)]
    return min(containing, key=lambda clause: len(clause.text)) if containing else None


def _task_area(heading: str) -> str:
    folded = fold(heading)
    for area, words in AREA_WORDS:
        if any(word in folded for word in words):
            return area
    return TaskArea.OTHER


def _new_indicator_code(name: str) -> str:
    stem = "_".join(fold(name).upper().split())[:32].strip("_") or "INDICATOR"
    stem = "".join(character if character.isalnum() or character == "_" else "_" for character in stem)
    code, number = stem, 1
    while Indicator.objects.filter(code=code).exists():
        number += 1
        code = f"{stem}_{number}"
    return code


def _indicator_for(acting_user, item: ProposedItem) -> Indicator:
    if item.indicator_id:
        return item.indicator
    return indicator_actions.create_indicator(
        acting_user=acting_user,
        code=_new_indicator_code(item.new_indicator_name),
        name=item.new_indicator_name,
        unit_of_measure=item.new_indicator_unit,
        direction=(
            Direction.LOWER_IS_BETTER
            if item.comparator in LOWER_IS_BETTER_COMPARATORS or (item.value is not None and item.value < 0)
            else Direction.HIGHER_IS_BETTER
        ),
        periodicity=PeriodType.YEARLY,
    )


def _create_from(acting_user, item: ProposedItem, clause: Clause | None, today: date):
    document = item.proposal.document
    if item.kind == ItemKind.TARGET:
        item.created_target = target_actions.create_target(
            acting_user=acting_user,
            document=document,
            clause=clause,
            source_text=item.text,
            area=item.area[:200],
            indicator=_indicator_for(acting_user, item),
            unit=item.unit,
            year=item.year,
            deadline=item.deadline,
            comparator=item.comparator,
            value=item.value,
            value_max=item.value_max,
            baseline_value=item.baseline_value,
            baseline_year=item.baseline_year,
            reference_unit=item.reference_unit,
            reference_comparator=Comparator.BELOW
            if item.comparator == Comparator.RELATIVE_TO_REFERENCE
            else "",
        )
    else:
        item.created_task = task_actions.create_task(
            acting_user=acting_user,
            title=item.title,
            description=item.text if item.text != item.title else "",
            lead_unit=item.unit,
            assigned_by_unit=document.owner,
            assigned_on=today,
            area=_task_area(item.area),
            source_clause=clause,
            source_document=document,
            deadline=item.deadline,
        )


def _item_errors(item: ProposedItem, error: ValidationError) -> ValidationError:
    """The refusal of one item, keyed by its number so the review screen can say which it was."""
    messages = error.messages
    return ValidationError(
        {
            f"item-{item.position}": [
                _("Proposal %(number)s: %(message)s") % {"number": item.position, "message": message}
                for message in messages
            ]
        }
    )


@transaction.atomic
def confirm_proposal(*, acting_user, proposal: PlanProposal, today: date | None = None) -> PlanProposal:
    """Create the accepted tasks and targets, each anchored to its clause, or nothing at all.

    A document without text takes the text that was read, split into clauses, so the new tasks
    and targets have clauses to point to."""
    proposal = PlanProposal.objects.select_for_update().select_related("document").get(pk=proposal.pk)
    document = proposal.document
    _ensure_may_propose(acting_user, document)
    _ensure_open(proposal)
    accepted = list(
        proposal.items.filter(decision=Decision.ACCEPTED).select_related(
            "unit", "indicator", "reference_unit", "proposal__document"
        )
    )
    if not accepted:
        raise ValidationError({"__all__": [_("Accept at least one proposal before creating the plan.")]})
    if not document.text.strip():
        document = document_actions.update_document(
            acting_user=acting_user, document=document, text=proposal.text
        )
    text_is_the_documents = document.text == proposal.text
    clauses = list(document.clauses.all())
    today = today or clock.today()
    errors: dict[str, list[str]] = {}
    for item in accepted:
        item.clause = clause_for(item, clauses, text_is_the_documents)
        try:
            with transaction.atomic():
                _create_from(acting_user, item, item.clause, today)
        except ValidationError as error:
            errors.update(_item_errors(item, error).message_dict)
            continue
        item.save(update_fields=["clause", "created_task", "created_target"])
    if errors:
        raise ValidationError(errors)
    before = snapshot(proposal, PROPOSAL_FIELDS)
    proposal.status = ProposalStatus.CONFIRMED
    proposal.confirmed_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    proposal.confirmed_at = timezone.now()
    proposal.save(update_fields=["status", "confirmed_by", "confirmed_at", "updated_at"])
    record_change(actor=acting_user, instance=proposal, action=ChangeLogEntry.Action.UPDATE, before=before)
    return proposal
