"""Stored evaluations: a snapshot of each target's evaluation per day, kept current.

`refresh_target_evaluations` computes targets' evaluations with the live `status.evaluate` (the
reference, in each language of the site) and stores them in bulk, a row per target and day. The
nightly job (`jobs.refresh_target_snapshots`) does it for every target on the new day; the writes a
target's evaluation rests on keep today's rows current between two nights:

- in their own transaction they call `mark_targets_stale` (or `mark_values_changed`,
  `mark_indicator_changed`, `mark_all_stale`): today's rows of the affected targets (and later days'
  rows, should any exist) become stale, and a stale placeholder row is added where none exists yet;
- on commit, one job (`jobs.refresh_target_evaluations_job`) per transaction refreshes them.

Readers (`selectors.evaluated_as_stored`) never read a stale row: they evaluate those targets live,
so a page shows what the live path shows even before the job has run. A refresh writes a row only if
no change marked it after the refresh read its data (`changes`, compared and written under a lock),
so a slow nightly refresh never writes yesterday's figures over a newer change's.

What a target's evaluation rests on, and so what marks it: its values and those of the units of its
area (and of its reference unit's), of its indicator and of the indicators that indicator combines
(weight, numerator, denominator); the target itself, its trajectory and breakdown; its indicator;
the unit tree and the units' names (a reorganisation, a move, a rename: `core.contributions.TreeChange`,
which marks every target). The lock days and the working calendar play no part in an evaluation.

`check_target_snapshots` compares the stored rows of a day with live evaluations, logs each
difference and, when asked, repairs them.
"""

import logging
from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from resolute.core import clock
from resolute.orgunits.models import OrgUnit, UnitPlacement, UnitSuccession
from resolute.orgunits.querysets import PATH_SEGMENT_WIDTH

from ..models import Indicator, StoredEvaluation, Target
from ..selectors import evaluations_in_languages, targets_for_evaluation
from ..stored import STORED_FIELDS, evaluation_of, row_fields, site_languages

logger = logging.getLogger(__name__)

# Targets evaluated and written together: the values of a batch are read once for all of it.
BATCH_SIZE = 2000


# -- marking what changed ---------------------------------------------------------------------------


# Marks every target: what a change of the unit tree asks.
ALL = "all"


class _Marked(set):
    """The targets marked in one transaction, refreshed once when it commits."""


class _RefreshOnCommit:
    """One transaction's commit callback. Every mark registers one, all holding the transaction's one
    `_Marked` set: the first to run queues a refresh of them all, the others find nothing left. When the
    transaction rolls back, Django drops the callbacks and the set with them, so the marks of a
    rolled-back transaction never reach the next one."""

    def __init__(self, marked: _Marked):
        self.marked = marked

    def __call__(self) -> None:
        if not self.marked:
            return
        wanted = None if ALL in self.marked else sorted(self.marked)
        self.marked.clear()
        from ..jobs import refresh_target_evaluations_job

        refresh_target_evaluations_job.enqueue(wanted)


def _pending() -> _Marked:
    """The targets marked in the current transaction of this connection (an empty set outside one)."""
    for _savepoints, callback, _robust in reversed(connection.run_on_commit):
        if isinstance(callback, _RefreshOnCommit):
            return callback.marked
    return _Marked()


def _refresh_on_commit(marks) -> None:
    marked = _pending()
    marked.update(marks)
    transaction.on_commit(_RefreshOnCommit(marked))


def mark_targets_stale(target_ids, *, day: date | None = None) -> int:
    """Mark the stored evaluations of `target_ids` from `day` (today by default) stale, in the caller's
    transaction, and queue their refresh once it commits. Returns how many targets were marked."""
    target_ids = sorted({int(pk) for pk in target_ids})
    if not target_ids:
        return 0
    day = day or clock.today()
    limit = connection.features.max_query_params
    step = max(1, limit - 10) if limit else len(target_ids)
    with transaction.atomic():
        for start in range(0, len(target_ids), step):
            chunk = target_ids[start : start + step]
            StoredEvaluation.objects.filter(target_id__in=chunk, day__gte=day).update(
                stale=True, changes=F("changes") + 1
            )
            present = set(
                StoredEvaluation.objects.filter(target_id__in=chunk, day=day).values_list(
                    "target_id", flat=True
                )
            )
            StoredEvaluation.objects.bulk_create(
                [
                    StoredEvaluation(target_id=pk, day=day, stale=True, changes=1)
                    for pk in chunk
                    if pk not in present
                ],
                ignore_conflicts=True,
            )
        _refresh_on_commit(target_ids)
    return len(target_ids)


def mark_all_stale(*, day: date | None = None) -> int:
    """Mark every stored evaluation from `day` (today by default) stale and queue a refresh of every
    target once the caller's transaction commits: what a change of the unit tree calls."""
    day = day or clock.today()
    with transaction.atomic():
        marked = StoredEvaluation.objects.filter(day__gte=day).update(stale=True, changes=F("changes") + 1)
        # A stale placeholder for every target without a row for the day, so that a refresh which read
        # the data before this change (the nightly one, say) cannot store what it read for them.
        present = StoredEvaluation.objects.filter(day=day).values("target_id")
        StoredEvaluation.objects.bulk_create(
            [
                StoredEvaluation(target_id=pk, day=day, stale=True, changes=1)
                for pk in Target.objects.exclude(pk__in=present).values_list("pk", flat=True)
            ],
            batch_size=1000,
            ignore_conflicts=True,
        )
        _refresh_on_commit([ALL])
    return marked


def _ids_in_path(path: str) -> set[int]:
    return {int(path[i : i + PATH_SEGMENT_WIDTH]) for i in range(0, len(path), PATH_SEGMENT_WIDTH)}


def units_reading(unit_ids) -> set[int]:
    """The units whose roll-up may read a figure of `unit_ids`: the units themselves, those above them
    in today's tree or in any earlier one (`UnitPlacement`), and the successors that carry their past,
    with the units above those. A few queries, however deep the tree."""
    found: set[int] = set()
    frontier = {int(pk) for pk in unit_ids}
    while frontier:
        found |= frontier
        reached: set[int] = set()
        for path in OrgUnit.objects.filter(pk__in=frontier).values_list("path", flat=True):
            reached |= _ids_in_path(path)
        for path in UnitPlacement.objects.filter(unit_id__in=frontier).values_list("path", flat=True):
            reached |= _ids_in_path(path)
        reached |= set(
            UnitSuccession.objects.filter(predecessor_id__in=frontier).values_list("successor_id", flat=True)
        )
        frontier = reached - found
    return found


def indicators_reading(indicator_ids) -> set[int]:
    """The indicators whose values combine figures of `indicator_ids`: themselves, and those that
    weigh by them or divide them (`rollup`), transitively."""
    found: set[int] = set()
    frontier = {int(pk) for pk in indicator_ids}
    while frontier:
        found |= frontier
        reached = set(
            Indicator.objects.filter(
                Q(weight_id__in=frontier) | Q(numerator_id__in=frontier) | Q(denominator_id__in=frontier)
            ).values_list("pk", flat=True)
        )
        frontier = reached - found
    return found


def targets_reading(cells) -> set[int]:
    """The targets whose evaluation may read a figure of one of `cells` ((indicator id, unit id)):
    a target of an indicator combining one of theirs, set for a unit whose area holds one of their
    units or judged against such a reference unit. The cells are taken together (a few queries
    however many): a target reading one cell's unit but another cell's indicator is marked too, which
    costs a refresh and never a stale page."""
    cells = list(cells)
    if not cells:
        return set()
    units = units_reading({unit_id for _indicator_id, unit_id in cells})
    indicators = indicators_reading({indicator_id for indicator_id, _unit_id in cells})
    return set(
        Target.objects.filter(indicator_id__in=indicators)
        .filter(Q(unit_id__in=units) | Q(reference_unit_id__in=units))
        .values_list("pk", flat=True)
    )


def mark_values_changed(values) -> int:
    """Mark the targets reading any of `values` (data values, or (indicator id, unit id) pairs) stale."""
    cells = {
        (value.indicator_id, value.unit_id) if hasattr(value, "indicator_id") else tuple(value)
        for value in values
    }
    if not cells:
        return 0
    return mark_targets_stale(targets_reading(cells))


def mark_indicator_changed(indicator) -> int:
    """Mark every target of `indicator`, and of the indicators combining it, stale."""
    ids = indicators_reading([indicator.pk])
    return mark_targets_stale(Target.objects.filter(indicator_id__in=ids).values_list("pk", flat=True))


# -- refreshing -------------------------------------------------------------------------------------


@dataclass
class RefreshResult:
    """What a refresh did: targets evaluated, rows written, and those left stale because a change
    marked them after their data was read (the change's own refresh writes them)."""

    day: date
    evaluated: int = 0
    written: int = 0
    skipped: list[int] = field(default_factory=list)


def _evaluations_by_language(targets: list[Target], day: date) -> dict[int, dict]:
    """{target id: {language: Evaluation}}, the values read once for the batch."""
    return evaluations_in_languages(targets, day, site_languages())


def _write_batch(targets: list[Target], day: date, result: RefreshResult) -> None:
    ids = [target.pk for target in targets]
    # What each row had seen of the changes before the data was read: a row marked after this was
    # evaluated from data older than the mark, and is left for the mark's own refresh.
    seen = dict(
        StoredEvaluation.objects.filter(target_id__in=ids, day=day).values_list("target_id", "changes")
    )
    computed = _evaluations_by_language(targets, day)
    result.evaluated += len(targets)
    now = timezone.now()
    with transaction.atomic():
        existing = {
            row.target_id: row
            for row in StoredEvaluation.objects.select_for_update().filter(target_id__in=ids, day=day)
        }
        updated, created = [], []
        for pk in ids:
            fields = row_fields(computed[pk]) | {"computed_at": now}
            row = existing.get(pk)
            if row is None:
                if pk in seen:  # deleted meanwhile (its target too, perhaps): leave it
                    continue
                created.append(StoredEvaluation(target_id=pk, day=day, **fields))
            elif row.changes != seen.get(pk, 0):
                # Marked by a change after this batch read its data (a row absent then that a change
                # has added since counts one change): the change's own refresh writes it.
                result.skipped.append(pk)
            else:
                for name, value in fields.items():
                    setattr(row, name, value)
                updated.append(row)
        if updated:
            StoredEvaluation.objects.bulk_update(updated, [*STORED_FIELDS, "computed_at"])
        if created:
            # A row a change added meanwhile wins (ignored here): it is stale, so it is read live.
            StoredEvaluation.objects.bulk_create(created, ignore_conflicts=True)
        result.written += len(updated) + len(created)


def refresh_target_evaluations(*, targets=None, day: date, acting_user=None) -> RefreshResult:
    """Evaluate `targets` (every target by default; a queryset or ids) on `day` with the live
    `evaluate` and store the results, in batches. Rows marked stale by a change made after a batch
    read its data are left to that change's refresh (`RefreshResult.skipped`). `acting_user` is who
    asked (None for the system: the nightly job, a change's refresh), named in the log."""
    queryset = targets_for_evaluation()
    if targets is not None:
        if hasattr(targets, "values"):
            queryset = queryset.filter(pk__in=targets.values("pk"))
        else:
            queryset = queryset.filter(pk__in=[getattr(target, "pk", target) for target in targets])
    # In tree order, so that a batch's units are close together and its roll-ups read few of them.
    ids = list(queryset.order_by("unit__path", "pk").values_list("pk", flat=True))
    result = RefreshResult(day=day)
    for start in range(0, len(ids), BATCH_SIZE):
        batch = list(queryset.filter(pk__in=ids[start : start + BATCH_SIZE]).order_by("unit__path", "pk"))
        if batch:
            _write_batch(batch, day, result)
    if connection.in_atomic_block and day == clock.today():
        # Refreshed in the transaction that marked them: the marks are answered, with what commits.
        if targets is None:
            _pending().clear()
            _pending().update(result.skipped)
        else:
            _pending().difference_update(set(ids) - set(result.skipped))
    logger.info(
        "Stored evaluations of %s for %s: %s evaluated, %s written, %s left to a newer change%s",
        "every target" if targets is None else f"{len(ids)} target(s)",
        day.isoformat(),
        result.evaluated,
        result.written,
        len(result.skipped),
        f" (asked by {acting_user})" if acting_user is not None else "",
    )
    return result


def forget_evaluations_before(day: date) -> int:
    """Delete the stored evaluations of the days before `day`: nothing reads them."""
    deleted, _by_model = StoredEvaluation.objects.filter(day__lt=day).delete()
    return deleted


# -- checking ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SnapshotDifference:
    """A target whose stored evaluation is not what the live evaluation gives (or is missing)."""

    target_id: int
    what: str
    stored: str
    live: str


@dataclass
class SnapshotCheck:
    day: date
    checked: int = 0
    missing: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    differing: list[SnapshotDifference] = field(default_factory=list)
    repaired: int = 0

    @property
    def differing_targets(self) -> set[int]:
        return {difference.target_id for difference in self.differing}


def _compare(pk: int, row: StoredEvaluation, live: dict, check: SnapshotCheck) -> None:
    for language, evaluation in live.items():
        if language not in row.texts:
            check.differing.append(SnapshotDifference(pk, f"texts[{language}]", "—", language))
            return
        stored = evaluation_of(row, language)
        if stored != evaluation:
            for name in evaluation.__dataclass_fields__:
                if getattr(stored, name) != getattr(evaluation, name):
                    check.differing.append(
                        SnapshotDifference(
                            pk,
                            f"{name}[{language}]",
                            str(getattr(stored, name)),
                            str(getattr(evaluation, name)),
                        )
                    )
            return


def check_target_snapshots(
    day: date | None = None, *, repair: bool = False, examples: int = 10
) -> SnapshotCheck:
    """Compare the stored evaluations of `day` (today by default) with live evaluations of every
    target. A row that is current yet differs means something changed a target's data without the
    actions: it is logged as an error with examples. Missing and stale rows are counted (a stale
    row awaits its refresh). With `repair`, the targets found are refreshed."""
    day = day or clock.today()
    check = SnapshotCheck(day=day)
    queryset = targets_for_evaluation()
    ids = list(queryset.order_by("unit__path", "pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH_SIZE):
        batch = list(queryset.filter(pk__in=ids[start : start + BATCH_SIZE]).order_by("unit__path", "pk"))
        rows = {row.target_id: row for row in StoredEvaluation.objects.filter(target__in=batch, day=day)}
        live = _evaluations_by_language(batch, day)
        for target in batch:
            row = rows.get(target.pk)
            if row is None:
                check.missing.append(target.pk)
            elif row.stale or not row.status:
                check.stale.append(target.pk)
            else:
                _compare(target.pk, row, live[target.pk], check)
        check.checked += len(batch)
    if check.differing:
        logger.error(
            "%s target(s) have a stored evaluation for %s that differs from the live one, e.g. %s",
            len(check.differing_targets),
            day.isoformat(),
            "; ".join(
                f"target {d.target_id} {d.what}: stored {d.stored!r}, live {d.live!r}"
                for d in check.differing[:examples]
            ),
        )
    if repair:
        wanted = sorted(set(check.missing) | set(check.stale) | check.differing_targets)
        if wanted:
            check.repaired = refresh_target_evaluations(targets=wanted, day=day).written
    return check
