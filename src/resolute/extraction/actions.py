"""Every write of the text-to-plan flow: start a reading, record what the reader proposed, record a
person's decision on each proposal, and confirm — which creates what was accepted, each anchored to
its clause, in one transaction: tasks and targets; results as values of indicators (submitted for
approval) or as baselines of the new targets; shortcomings as findings of the document; references
as relations to registered documents, or registrations of the documents not yet registered.

Reading runs in a background job (`jobs.read_proposal_job`); nothing outside the proposal is
written until a person confirms.
"""

import logging
import re
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
from resolute.core.numbers import exact_decimal
from resolute.core.periods import Period, PeriodType
from resolute.directives import actions as document_actions
from resolute.directives.models import Clause, Document, DocumentKind, DocumentRelation, DocumentStatus
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.querysets import subtree_q
from resolute.orgunits.scope import coverage_root
from resolute.orgunits.search import fold
from resolute.targets.actions import indicators as indicator_actions
from resolute.targets.actions import targets as target_actions
from resolute.targets.actions import values as value_actions
from resolute.targets.models import Comparator, Direction, Indicator, Vintage
from resolute.tasks import actions as task_actions
from resolute.tasks.models import TaskArea

from .models import Decision, ItemKind, ItemUse, PlanProposal, ProposalStatus, ProposedItem
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
    "becomes",
    "period",
    "baseline_for",
    "referenced_document",
    "relation_kind",
    "reference_number",
    "reference_kind",
    "reference_issuer",
    "reference_issued_on",
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
        items = ProposedItem.objects.bulk_create(
            _items_of(proposal, found, getattr(extraction, "working_year", None))
        )
        _link_baselines(items)
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
    """The decidable proposals — targets, tasks, results, shortcomings and references — in the order
    of the text, with their fields proposed from what was read."""
    document = proposal.document
    jurisdiction = coverage_root(document.owner, Role.OFFICE)
    units = list(OrgUnit.objects.filter(subtree_q(jurisdiction.path)).order_by("path"))
    indicators = list(Indicator.objects.all())
    fallback_year = (
        working_year
        or _most_common_deadline_year(found)
        or (document.issued_on.year if document.issued_on else clock.today().year)
    )
    registered = _registered_documents(proposal, found.get("references", []))
    items = []
    proposals = [(ItemKind.TARGET, fields) for fields in found.get("targets", [])]
    proposals += [(ItemKind.TASK, fields) for fields in found.get("tasks", [])]
    proposals += [(ItemKind.RESULT, fields) for fields in found.get("results", [])]
    proposals += [(ItemKind.SHORTCOMING, fields) for fields in found.get("shortcomings", [])]
    proposals += [(ItemKind.REFERENCE, fields) for fields in found.get("references", [])]
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
            deadline=_date(fields.get("deadline")) if kind in (ItemKind.TARGET, ItemKind.TASK) else None,
        )
        if kind == ItemKind.TARGET:
            _propose_target_fields(item, fields, indicators, jurisdiction, fallback_year)
        elif kind == ItemKind.TASK:
            item.title = item.text[:500]
            item.unit = _first_unit_named(fields.get("responsible") or [], units)
        elif kind == ItemKind.RESULT:
            _propose_result_fields(item, fields, indicators, jurisdiction, fallback_year)
        elif kind == ItemKind.SHORTCOMING:
            item.title = item.text
        else:
            _propose_reference_fields(item, fields, proposal.text, registered)
        items.append(item)
    return items


def _propose_result_fields(item, fields, indicators, jurisdiction, fallback_year) -> None:
    """A result is proposed as the value of the best-matching indicator for the office's unit, for the
    year it reports (the year before the one the text plans, when it does not say)."""
    period = str(fields.get("period") or "")
    item.period = period if period.isdigit() else str(fallback_year - 1)
    item.year = int(item.period)
    item.unit = jurisdiction
    item.becomes = ItemUse.VALUE
    # The phrase read as the indicator, else the whole sentence ("Năm 2024, tốc độ tăng trưởng GRDP…").
    item.indicator = best_indicator(fields.get("indicator") or "", indicators) or best_indicator(
        item.text, indicators
    )
    value = _decimal(fields.get("value"))
    if item.indicator is not None and value is not None and fields.get("unit") == "VND":
        value = value / money_scale(item.indicator.unit_of_measure)
    try:
        item.value = exact_decimal(value) if value is not None else None
    except ValidationError:
        item.value = None  # the office reads the figure in the sentence and types it in the indicator's unit
    if item.indicator is None:
        item.new_indicator_name = (fields.get("indicator") or "")[:300]
        item.new_indicator_unit = (fields.get("unit") or "")[:60]


def _link_baselines(items: list[ProposedItem]) -> None:
    """A result of the indicator of a target proposed in the same text, for a year before the
    target's, is proposed as that target's baseline. Called once the items are stored."""
    targets = [item for item in items if item.kind == ItemKind.TARGET and item.indicator_id is not None]
    linked = []
    for result in items:
        if result.kind != ItemKind.RESULT or result.indicator_id is None:
            continue
        for target in targets:
            if target.indicator_id == result.indicator_id and result.year < (target.year or 0):
                result.becomes = ItemUse.BASELINE
                result.baseline_for = target
                linked.append(result)
                break
    if linked:
        ProposedItem.objects.bulk_update(linked, ["becomes", "baseline_for"])


# A document's number: "08-NQ/TU", "28/NQ-CP", "158/2024/QH15", "01/2024/TT-BTC".
DOCUMENT_NUMBER = re.compile(r"\b\d{1,5}(?:/\d{4})?[/-][A-ZĐ][A-ZĐ0-9]*(?:[/-][A-ZĐ0-9]+)*")

# Words before a reference that tell how the document read relates to it (folded), in the order
# they are tried: "tiếp tục thực hiện" implements rather than continues.
RELATION_WORDS = [
    (DocumentRelation.Kind.SUPERSEDES, ("thay the", "bai bo", "supersed", "replac", "repeal")),
    (DocumentRelation.Kind.AMENDS, ("sua doi", "bo sung", "amend")),
    (DocumentRelation.Kind.REVIEWS, ("tong ket", "so ket", "danh gia", "review", "assess")),
    (
        DocumentRelation.Kind.IMPLEMENTS,
        ("thuc hien", "trien khai", "quan triet", "cu the hoa", "implement", "carry out", "carrying out"),
    ),
    (DocumentRelation.Kind.CONTINUES, ("tiep tuc", "continu")),
]
DOCUMENT_KINDS = {choice.value for choice in DocumentKind}


def document_numbers_in(fields: dict) -> list[str]:
    """The numbers a reference gives its document: the one read, else those written in its words."""
    numbers = [fields["number"]] if fields.get("number") else []
    for text in [fields.get("text") or "", *(fields.get("aliases") or [])]:
        numbers += DOCUMENT_NUMBER.findall(text)
    return list(dict.fromkeys(number.strip() for number in numbers if number.strip()))


def _number_key(number: str) -> str:
    return "".join(number.split()).upper()


def _registered_documents(proposal: PlanProposal, references: list[dict]) -> dict[str, Document]:
    """The registered documents, among those the person who started the reading may read, whose
    number a reference gives, by their number's key: one query for the whole text."""
    numbers = {number for fields in references for number in document_numbers_in(fields)}
    if not numbers:
        return {}
    documents = Document.objects.visible_to(proposal.created_by) if proposal.created_by else Document.objects
    wanted = {variant for number in numbers for variant in (number, number.upper())}
    registered = {}
    for document in (
        documents.filter(number__in=wanted).exclude(pk=proposal.document_id).order_by("-issued_on", "-id")
    ):
        registered.setdefault(_number_key(document.number), document)
    return registered


def relation_kind_from_wording(before: str) -> str:
    """The relation the words before a reference state ("căn cứ": it only refers to it)."""
    folded = fold(before)
    for kind, words in RELATION_WORDS:
        if any(word in folded for word in words):
            return kind
    return DocumentRelation.Kind.REFERS_TO


def _propose_reference_fields(item, fields, text: str, registered: dict[str, Document]) -> None:
    numbers = document_numbers_in(fields)
    item.reference_number = (numbers[0] if numbers else "")[:64]
    item.referenced_document = next(
        (registered[_number_key(number)] for number in numbers if _number_key(number) in registered), None
    )
    line_start = text.rfind("\n", 0, item.start) + 1
    item.relation_kind = relation_kind_from_wording(text[max(line_start, item.start - 120) : item.start])
    item.becomes = ItemUse.RELATION if item.referenced_document else ItemUse.REGISTRATION
    kind = fields.get("kind") or ""
    item.reference_kind = kind if kind in DOCUMENT_KINDS else DocumentKind.OTHER
    item.reference_issuer = (fields.get("issuer") or "")[:255]
    item.reference_issued_on = _date(fields.get("date"))
    item.title = item.text[:500]


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
    if item.baseline_for_id is not None:
        target = ProposedItem.objects.filter(pk=item.baseline_for_id).first()
        if target is None or target.proposal_id != item.proposal_id or target.kind != ItemKind.TARGET:
            raise ValidationError({"baseline_for": [_("Choose a target proposed in the same text.")]})
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
    elif item.kind == ItemKind.TASK:
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
    elif item.kind == ItemKind.RESULT:
        _create_from_result(acting_user, item, document, today)
    elif item.kind == ItemKind.SHORTCOMING:
        item.created_finding = document_actions.record_finding(
            acting_user=acting_user, document=document, clause=clause, text=item.title or item.text
        )
    else:
        _create_from_reference(acting_user, item, document)


def _create_from_result(acting_user, item: ProposedItem, document, today: date) -> None:
    """The figure as a value of the indicator, entered for the unit and period and submitted for
    approval; or, as a baseline, nothing of its own: its target, created first, carries it."""
    if item.becomes == ItemUse.BASELINE:
        item.created_target = item.baseline_for.created_target
        return
    errors = {}
    if item.value is None:
        errors["value"] = [_("Enter the value.")]
    if item.unit is None:
        errors["unit"] = [_("Choose the unit the value is for.")]
    if not item.indicator_id and not item.new_indicator_name.strip():
        errors["indicator"] = [_("Choose an indicator, or name a new one.")]
    try:
        period = Period.parse(item.period)
    except ValueError:
        errors["period"] = [
            _("“%(period)s” is not a period (2024, 2024Q2, 2024S1, 202406).") % {"period": item.period}
        ]
    if errors:
        raise ValidationError(errors)
    indicator = _indicator_for(acting_user, item)
    # Submitted, not approved: the office that keeps the document reports what the document says;
    # the unit's approver checks the figure against the statistics before it counts as approved.
    saved = value_actions.save_values(
        acting_user=acting_user,
        unit=item.unit,
        period=period,
        entries=[
            (
                indicator,
                item.value,
                _("As reported in %(document)s: “%(sentence)s”")
                % {
                    "document": document.number or document.title,
                    "sentence": item.text,
                },
            )
        ],
        vintage=Vintage.ESTIMATE,
        today=today,
    ).saved
    value_actions.submit_values(
        acting_user=acting_user, unit=item.unit, period=period, today=today, only=saved
    )
    item.created_value = saved[0]


def _create_from_reference(acting_user, item: ProposedItem, document) -> None:
    """A relation to the registered document; or the document registered (kept by the office that
    keeps the one read, with what the text says of it) and then related."""
    relation_kind = item.relation_kind or DocumentRelation.Kind.REFERS_TO
    if item.becomes == ItemUse.REGISTRATION:
        if not item.title.strip():
            raise ValidationError({"title": [_("Enter the title of the document to register.")]})
        item.created_document = document_actions.create_document(
            acting_user=acting_user,
            owner=document.owner,
            kind=item.reference_kind or DocumentKind.OTHER,
            title=item.title.strip(),
            number=item.reference_number.strip(),
            issued_on=item.reference_issued_on,
            issuer_name=item.reference_issuer.strip(),
            status=DocumentStatus.ISSUED,
        )
        target = item.created_document
    else:
        if item.referenced_document_id is None:
            raise ValidationError(
                {"reference_number": [_("No registered document has this number; register it instead.")]}
            )
        target = item.referenced_document
    item.created_relation = document_actions.add_relation(
        acting_user=acting_user, source=document, target=target, kind=relation_kind, note=item.text[:300]
    )


def _apply_baselines(accepted: list[ProposedItem]) -> dict[str, list[str]]:
    """Give each accepted target the baseline of the result accepted as its baseline, before the
    targets are created; a result whose target is not accepted, or is of another indicator, is refused."""
    errors: dict[str, list[str]] = {}
    by_pk = {item.pk: item for item in accepted}
    for result in accepted:
        if result.kind != ItemKind.RESULT or result.becomes != ItemUse.BASELINE:
            continue
        target = by_pk.get(result.baseline_for_id)
        if target is None:
            problem = _("the target it is the baseline of is not accepted.")
        elif target.indicator_id and result.indicator_id and target.indicator_id != result.indicator_id:
            problem = _("its indicator is not the indicator of the target it is the baseline of.")
        elif result.value is None:
            problem = _("enter the value.")
        else:
            result.baseline_for = target
            target.baseline_value = result.value
            target.baseline_year = int(result.period[:4]) if result.period[:4].isdigit() else result.year
            continue
        errors.update(_item_errors(result, ValidationError(problem)).message_dict)
    return errors


# What an accepted item is created from first: targets carry the baselines results give them.
CREATION_ORDER = [ItemKind.TARGET, ItemKind.TASK, ItemKind.RESULT, ItemKind.SHORTCOMING, ItemKind.REFERENCE]
CREATED_FIELDS = [
    "clause",
    "created_task",
    "created_target",
    "created_value",
    "created_finding",
    "created_relation",
    "created_document",
]


def _item_errors(item: ProposedItem, error: ValidationError) -> ValidationError:
    """The refusal of one item, keyed by its number so the review screen can say which it was, and
    naming the field when the refusal is about one of the item's own fields."""
    if hasattr(error, "error_dict"):
        pairs = [
            (_field_label(name) if name in FIELD_LABELS else "", message)
            for name, field_messages in error.message_dict.items()
            for message in field_messages
        ]
    else:
        pairs = [("", message) for message in error.messages]
    return ValidationError(
        {
            f"item-{item.position}": [
                _("Proposal %(number)s (%(field)s): %(message)s")
                % {"number": item.position, "field": field, "message": message}
                if field
                else _("Proposal %(number)s: %(message)s") % {"number": item.position, "message": message}
                for field, message in pairs
            ]
        }
    )


def _field_label(name: str) -> str:
    return str(ProposedItem._meta.get_field(FIELD_LABELS[name]).verbose_name)


# The fields of an item a refusal may name, as the review screen labels them.
FIELD_LABELS = {
    "value": "value",
    "unit": "unit",
    "indicator": "indicator",
    "period": "period",
    "title": "title",
    "reference_number": "reference_number",
}


@transaction.atomic
def confirm_proposal(*, acting_user, proposal: PlanProposal, today: date | None = None) -> PlanProposal:
    """Create what was accepted, each anchored to its clause, or nothing at all: every refusal is
    named by the item's number and field, and the whole confirmation is undone.

    A document without text takes the text that was read, split into clauses, so the new tasks
    and targets have clauses to point to."""
    proposal = PlanProposal.objects.select_for_update().select_related("document").get(pk=proposal.pk)
    document = proposal.document
    _ensure_may_propose(acting_user, document)
    _ensure_open(proposal)
    accepted = list(
        proposal.items.filter(decision=Decision.ACCEPTED).select_related(
            "unit", "indicator", "reference_unit", "referenced_document", "proposal__document"
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
    errors = _apply_baselines(accepted)
    accepted.sort(key=lambda item: (CREATION_ORDER.index(item.kind), item.position))
    for item in accepted:
        item.clause = clause_for(item, clauses, text_is_the_documents)
        try:
            with transaction.atomic():
                _create_from(acting_user, item, item.clause, today)
        except (ValidationError, PermissionDenied) as error:
            refusal = error if isinstance(error, ValidationError) else ValidationError(str(error))
            errors.update(_item_errors(item, refusal).message_dict)
            continue
        fields = CREATED_FIELDS + (
            ["baseline_value", "baseline_year"] if item.kind == ItemKind.TARGET else []
        )
        item.save(update_fields=fields)
    if errors:
        raise ValidationError(dict(sorted(errors.items(), key=lambda pair: int(pair[0].split("-")[1]))))
    before = snapshot(proposal, PROPOSAL_FIELDS)
    proposal.status = ProposalStatus.CONFIRMED
    proposal.confirmed_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    proposal.confirmed_at = timezone.now()
    proposal.save(update_fields=["status", "confirmed_by", "confirmed_at", "updated_at"])
    record_change(actor=acting_user, instance=proposal, action=ChangeLogEntry.Action.UPDATE, before=before)
    return proposal
