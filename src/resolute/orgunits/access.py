"""Who gains or loses access when a unit changes: the preview an administrator confirms.

A user's access follows the tree: each membership covers a subtree (an office's covers its nearest
administrative level: `scope.coverage_root`), the user sees the chain above, and documents issued by
the bodies beside that chain. Changing a unit's kind across the administrative line, or moving it,
changes these subtrees for some users without a word. The actions (`update_unit`, `move_unit`,
`close_unit`) therefore watch the change:

1. Before the write, `AccessWatch` finds the users whose coverage could change — those covering a
   unit on the chain above the pivots (the old and new parent), or a unit under them; every other
   user's coverage neither contains the changed part of the tree nor sits inside it — and reads
   what they see through each contributed `AccessRecords` (units, documents, targets, tasks…).
2. The action writes. `AccessWatch.change()` reads the same users' access again, on the real
   changed tree (so it is the rule itself that answers, not a copy of it), and compares.
3. When someone's access changes and the change is not confirmed, the action raises
   `AccessChangeNeedsConfirmation`, which rolls its transaction back: the preview was computed on a
   write that never happened. Confirmed, the change is saved and its log entry says who lost and
   gained what.

Users holding the same coverage (the same roots with the same powers) see the same records, so each
distinct coverage is read once, not each user: a district's twenty reporters cost one read.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from resolute.core.contributions import AccessRecords, contributed

from .choices import Role
from .models import Membership, OrgUnit
from .querysets import PATH_SEGMENT_WIDTH, subtree_q
from .scope import ADMINISTRATIVE_LEVELS, ROLE_POWERS, coverage_root_among, forget_scope

# A coverage as the scope policy builds it: (root unit id, root path, the powers held there).
Coverage = tuple[int, str, frozenset]
Signature = tuple[Coverage, ...]

# Users listed by name in a preview; the counts always cover everyone.
LISTED_USERS = 50


@dataclass(frozen=True)
class UserAccessChange:
    """One user's access before and after: how many records of each kind they lose and gain."""

    user_id: int
    username: str
    full_name: str
    lost: dict[str, int]
    gained: dict[str, int]


@dataclass
class AccessChange:
    """What a change to a unit does to the access of everyone it touches."""

    users: list[UserAccessChange] = field(default_factory=list)
    lost: dict[str, int] = field(default_factory=dict)  # distinct records that at least one user loses
    gained: dict[str, int] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not self.users

    @property
    def fingerprint(self) -> str:
        """Names this exact change of access: the confirmation of a preview carries it back, so a
        change whose effect moved since the preview was shown (someone was given a role meanwhile)
        is previewed again rather than saved on a confirmation of something else."""
        effect = sorted(
            (user.user_id, sorted(user.lost.items()), sorted(user.gained.items())) for user in self.users
        )
        return hashlib.sha256(repr(effect).encode()).hexdigest()[:16]

    @property
    def users_losing(self) -> list[UserAccessChange]:
        return [user for user in self.users if user.lost]

    @property
    def users_gaining(self) -> list[UserAccessChange]:
        return [user for user in self.users if user.gained]

    def summary(self) -> str:
        """ "12 users lose access to 1,204 tasks and 3 documents; 3 users gain access to 40 tasks." in
        the active language."""
        nouns = {records.key: records.noun for records in contributed(AccessRecords)}
        parts = []
        if self.users_losing:
            count = len(self.users_losing)
            parts.append(
                ngettext(
                    "%(count)s user loses access to %(records)s",
                    "%(count)s users lose access to %(records)s",
                    count,
                )
                % {"count": _number(count), "records": _records_text(self.lost, nouns)}
            )
        if self.users_gaining:
            count = len(self.users_gaining)
            parts.append(
                ngettext(
                    "%(count)s user gains access to %(records)s",
                    "%(count)s users gain access to %(records)s",
                    count,
                )
                % {"count": _number(count), "records": _records_text(self.gained, nouns)}
            )
        return "; ".join(parts) + "." if parts else _("Nobody's access changes.")

    def rows(self) -> list[dict]:
        """The listed users as a page shows them: name, what they lose and gain, in words."""
        nouns = {records.key: records.noun for records in contributed(AccessRecords)}
        return [
            {
                "name": f"{user.full_name} ({user.username})" if user.full_name else user.username,
                "lost": _records_text(user.lost, nouns),
                "gained": _records_text(user.gained, nouns),
            }
            for user in self.users[:LISTED_USERS]
        ]

    def as_dict(self) -> dict:
        """The preview as the API sends it (and as the tests read it)."""
        return {
            "summary": self.summary(),
            "users_losing": len(self.users_losing),
            "users_gaining": len(self.users_gaining),
            "records_lost": dict(self.lost),
            "records_gained": dict(self.gained),
            "users": [
                {"id": user.user_id, "username": user.username, "lost": user.lost, "gained": user.gained}
                for user in self.users[:LISTED_USERS]
            ],
            "users_not_listed": max(0, len(self.users) - LISTED_USERS),
            "fingerprint": self.fingerprint,
        }


class AccessChangeNeedsConfirmation(Exception):
    """The change alters who sees what; nothing was saved. Ask again with the confirmation."""

    def __init__(self, access_change: AccessChange, *, moved_since_preview: bool = False):
        self.access_change = access_change
        # A preview was confirmed, but the change's effect is no longer the one it showed.
        self.moved_since_preview = moved_since_preview
        super().__init__(access_change.summary())


def _number(count: int) -> str:
    from django.utils.formats import number_format

    return number_format(count, force_grouping=True)


def _records_text(counts: dict[str, int], nouns) -> str:
    texts = [nouns[key](count) % {"count": _number(count)} for key, count in counts.items() if key in nouns]
    if len(texts) <= 1:
        return "".join(texts)
    return _("%(first)s and %(last)s") % {"first": ", ".join(texts[:-1]), "last": texts[-1]}


def _is_on_chain_or_below(path: str, pivot_paths: list[str]) -> bool:
    """Whether the unit at `path` is a pivot, above one, or below one."""
    return any(pivot.startswith(path) or path.startswith(pivot) for pivot in pivot_paths)


def _signatures(user_ids) -> dict[int, Signature]:
    """Each user's coverages as the scope policy builds them, for many users in two queries."""
    memberships = list(
        Membership.objects.filter(user_id__in=user_ids)
        .select_related("unit")
        .only("user_id", "role", "unit__id", "unit__path", "unit__parent_id", "unit__kind", "unit__depth")
    )
    ancestor_ids = {pk for m in memberships if m.role == Role.OFFICE for pk in m.unit.ancestor_ids}
    ancestors = {
        unit.pk: unit for unit in OrgUnit.objects.filter(pk__in=ancestor_ids).only("path", "kind", "depth")
    }
    coverages: dict[int, set[Coverage]] = defaultdict(set)
    for membership in memberships:
        unit = membership.unit
        nearest_first = [ancestors[pk] for pk in reversed(unit.ancestor_ids) if pk in ancestors]
        root = coverage_root_among(unit, membership.role, nearest_first)
        coverages[membership.user_id].add((root.pk, root.path, frozenset(ROLE_POWERS[membership.role])))
    return {
        user_id: tuple(sorted(found, key=lambda c: (c[1], sorted(c[2]))))
        for user_id, found in coverages.items()
    }


def _visible(user) -> dict[str, frozenset]:
    forget_scope(user)
    seen = {records.key: frozenset(records.visible_ids(user)) for records in contributed(AccessRecords)}
    forget_scope(user)
    return seen


class AccessWatch:
    """Reads, before a change, the access of every user the change could touch; `change()` after it
    says what changed. `pivots` are the units whose surroundings change: a moved unit's old and new
    parent, or the parent of a unit whose kind changes (its documents are read beside the chain)."""

    def __init__(self, pivots: list[OrgUnit]):
        pivot_paths = sorted({pivot.path for pivot in pivots if pivot is not None})
        self.active = bool(pivot_paths)
        if not self.active:
            return
        tops = sorted({path[:PATH_SEGMENT_WIDTH] for path in pivot_paths})
        condition = None
        for top in tops:
            condition = subtree_q(top) if condition is None else condition | subtree_q(top)
        in_trees = OrgUnit.objects.filter(condition).values("pk")
        user_ids = set(
            Membership.objects.filter(
                unit__in=in_trees, user__is_active=True, user__is_superuser=False
            ).values_list("user_id", flat=True)
        )
        before = _signatures(user_ids)
        # A user is watched when one of their coverages could change: a root on the chain above a
        # pivot or under one (an office's root can move when a kind or a parent changes, and it always
        # lies on its office's chain, so it is caught here too).
        self.signatures_before = {
            user_id: signature
            for user_id, signature in before.items()
            if any(_is_on_chain_or_below(path, pivot_paths) for _pk, path, _powers in signature)
        }
        self.seen_before = self._read(self.signatures_before)

    @staticmethod
    def _read(signatures: dict[int, Signature]) -> dict[Signature, dict[str, frozenset]]:
        """What each distinct coverage sees, read through one of the users who hold it."""
        holder = {}
        for user_id, signature in signatures.items():
            holder.setdefault(signature, user_id)
        users = get_user_model().objects.in_bulk(list(holder.values()))
        return {signature: _visible(users[user_id]) for signature, user_id in holder.items()}

    def change(self) -> AccessChange:
        """Compare with the access the same users have now (call after the write)."""
        if not self.active or not self.signatures_before:
            return AccessChange()
        signatures_after = _signatures(list(self.signatures_before))
        seen_after = self._read(signatures_after)
        users = get_user_model().objects.in_bulk(list(self.signatures_before))
        keys = [records.key for records in contributed(AccessRecords)]
        lost_ids: dict[str, set] = defaultdict(set)
        gained_ids: dict[str, set] = defaultdict(set)
        changes = []
        for user_id, signature in self.signatures_before.items():
            before = self.seen_before[signature]
            after = seen_after.get(signatures_after.get(user_id), dict.fromkeys(keys, frozenset()))
            lost = {key: before[key] - after[key] for key in keys if before[key] - after[key]}
            gained = {key: after[key] - before[key] for key in keys if after[key] - before[key]}
            if not lost and not gained:
                continue
            for key, ids in lost.items():
                lost_ids[key] |= ids
            for key, ids in gained.items():
                gained_ids[key] |= ids
            user = users[user_id]
            changes.append(
                UserAccessChange(
                    user_id=user_id,
                    username=user.get_username(),
                    full_name=user.get_full_name(),
                    lost={key: len(ids) for key, ids in lost.items()},
                    gained={key: len(ids) for key, ids in gained.items()},
                )
            )
        changes.sort(key=lambda change: (-sum(change.lost.values()), change.username))
        return AccessChange(
            users=changes,
            lost={key: len(lost_ids[key]) for key in keys if lost_ids.get(key)},
            gained={key: len(gained_ids[key]) for key in keys if gained_ids.get(key)},
        )


def kind_change_pivots(unit: OrgUnit, new_kind: str) -> list[OrgUnit]:
    """A kind matters to access only across the administrative line (offices' jurisdictions, the
    documents read beside the chain): within it, nothing to watch."""
    if (unit.kind in ADMINISTRATIVE_LEVELS) == (new_kind in ADMINISTRATIVE_LEVELS):
        return []
    return [unit.parent or unit]


def settle(watch: AccessWatch | None, *, confirmed: bool | str) -> AccessChange | None:
    """After the write: None when nobody's access changed; the change when it is confirmed — by
    True, or by the fingerprint of the preview the user saw, which must be this change's; else
    `AccessChangeNeedsConfirmation`, which rolls the action's transaction back."""
    if watch is None:
        return None
    access_change = watch.change()
    if access_change.is_empty:
        return None
    if isinstance(confirmed, str) and confirmed != access_change.fingerprint:
        raise AccessChangeNeedsConfirmation(access_change, moved_since_preview=bool(confirmed))
    if not confirmed:
        raise AccessChangeNeedsConfirmation(access_change)
    return access_change
