"""Receiving petitions: registering one with its petitioner, its kind and its files; linking a
duplicate (same person, same matter) to the petition it repeats; reclassifying one; the lookup secret
printed on the petitioner's receipt."""

import hmac
import secrets
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Length
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from resolute.core import clock
from resolute.core.calendar import WorkingCalendar
from resolute.core.changelog import record_change
from resolute.core.models import ChangeLogEntry

from .. import permissions
from ..choices import BEFORE_ACCEPTANCE, Channel, Complexity, PetitionKind, Stage, StepKind
from ..models import Petition, Petitioner, PetitionStep
from ..querysets import identity_q
from .common import (
    LOGGED_FIELDS,
    Errors,
    add_handler,
    announce_routed,
    before_change,
    check_day,
    check_instance,
    check_open,
    checked_files,
    ensure_may_route,
    ensure_may_route_or_handle,
    locked,
    person,
    refresh_clock,
    save_and_log,
    store_files,
)

PETITIONER_FIELDS = ["full_name", "id_number", "address", "phone", "email"]

# The secret on the receipt: 12 characters a person can read back over the phone (no 0/O, 1/I/L),
# about 60 bits, so it cannot be guessed even knowing the code.
SECRET_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
SECRET_LENGTH = 12
_HASH_SALT = "resolute.petitions.lookup"


def _normalised_secret(secret: str) -> str:
    return "".join(character for character in (secret or "").upper() if character.isalnum())


def new_lookup_secret() -> str:
    """A fresh secret, grouped by four for reading ("ABCD-EFGH-JKMN")."""
    raw = "".join(secrets.choice(SECRET_ALPHABET) for _position in range(SECRET_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, SECRET_LENGTH, 4))


def lookup_secret_hash(code: str, secret: str, *, key: str | None = None) -> str:
    """The stored form of a petition's lookup secret: a keyed hash of its code and the secret (spaces,
    dashes and case ignored), so the database alone does not let anyone try secrets offline."""
    value = f"{(code or '').strip().upper()}:{_normalised_secret(secret)}"
    return salted_hmac(_HASH_SALT, value, secret=key, algorithm="sha256").hexdigest()


def lookup_secret_matches(code: str, secret: str, stored_hash: str) -> bool:
    """Whether `secret` is the one whose hash is stored, in constant time; a secret hashed under a
    key the site has since rotated away from (`SECRET_KEY_FALLBACKS`) still matches."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    matched = False
    for key in keys:
        matched |= hmac.compare_digest(lookup_secret_hash(code, secret, key=key), stored_hash or "")
    return matched


def new_code_number(year: int) -> int:
    """The number of the next petition received in `year` (after the highest given)."""
    prefix = f"{year}-"
    last = (
        Petition.objects.filter(code__startswith=prefix)
        .order_by(Length("code").desc(), "-code")
        .values_list("code", flat=True)
        .first()
    )
    return int(last[len(prefix) :]) + 1 if last else 1


def _next_code(year: int) -> str:
    """The next code of petitions received in `year`: "2025-00042" (the width grows past 99999)."""
    return f"{year}-{new_code_number(year):05d}"


# -- the petitioner ----------------------------------------------------------------------------------------


def _clean_petitioner(errors: Errors, petitioner: dict) -> dict:
    values = {name: str((petitioner or {}).get(name) or "").strip() for name in PETITIONER_FIELDS}
    values["is_organisation"] = bool((petitioner or {}).get("is_organisation"))
    if not values["full_name"]:
        errors.add("full_name", _("Enter the petitioner's name."))
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            errors.add("email", _("Enter a valid e-mail address."))
    for name in PETITIONER_FIELDS:
        limit = Petitioner._meta.get_field(name).max_length
        if len(values[name]) > limit:
            errors.add(name, _("At most %(count)s characters.") % {"count": limit})
    return values


def same_person(first, second) -> bool:
    """Whether two petitioners (records or dicts) are the same person: the same record, the same
    identity card number, or — where one of them has no number — the same name and address."""

    def value(who, name):
        return str((who.get(name) if isinstance(who, dict) else getattr(who, name, "")) or "").strip()

    if getattr(first, "pk", None) is not None and getattr(first, "pk", None) == getattr(second, "pk", None):
        return True
    first_id, second_id = value(first, "id_number"), value(second, "id_number")
    if first_id and second_id:
        return first_id == second_id
    return (
        value(first, "full_name").casefold() == value(second, "full_name").casefold()
        and value(first, "address").casefold() == value(second, "address").casefold()
        and bool(value(first, "full_name"))
    )


def _petitioner_for(acting_user, values: dict, *, is_sample: bool, reuse=None) -> Petitioner:
    """The petitioner: `reuse` (the original's, for a duplicate), the person with that identity card
    number, or a new record. Newly given details replace the kept ones; the log says only that the
    identity changed, never what it is."""
    existing = reuse
    if existing is None and values["id_number"]:
        existing = Petitioner.objects.filter(id_number=values["id_number"]).order_by("pk").first()
    if existing is None:
        petitioner = Petitioner.objects.create(**values, is_sample=is_sample)
        record_change(
            actor=acting_user,
            instance=petitioner,
            action=ChangeLogEntry.Action.CREATE,
            note=_("Identity recorded."),
        )
        return petitioner
    changed = False
    for name in PETITIONER_FIELDS:
        if values[name] and getattr(existing, name) != values[name]:
            setattr(existing, name, values[name])
            changed = True
    if changed:
        existing.save()
        record_change(
            actor=acting_user,
            instance=existing,
            action=ChangeLogEntry.Action.UPDATE,
            note=_("Identity changed."),
        )
    return existing


# -- registering --------------------------------------------------------------------------------------------


@transaction.atomic
def register_petition(
    *,
    acting_user,
    kind: str,
    channel: str,
    received_on: date,
    received_by_unit,
    petitioner: dict,
    subject: str,
    content: str,
    signatories: int = 1,
    concerned_unit=None,
    concerned_act: str = "",
    instance: str = "",
    complexity: str = Complexity.ORDINARY,
    is_remote_area: bool = False,
    files=(),
    duplicate_of: Petition | None = None,
    handling_unit=None,
    is_sample: bool = False,
) -> tuple[Petition, str]:
    """Register a petition received by `received_by_unit` on `received_on`, typed as one of the four
    kinds, with its petitioner (`petitioner`: full_name, id_number, address, phone, email,
    is_organisation; a person already known by their identity card number is reused). `handling_unit`,
    when given, says it was received at the competent unit itself (it must be the receiving unit), so
    it may be accepted without routing. `duplicate_of` links it to the petition of the same person on
    the same matter, which it then does not count beside. The registering clerk becomes one of the
    people handling it. Returns the petition and the secret for the receipt (only its hash is kept)."""
    if acting_user is not None and not permissions.can_register_petitions(acting_user, received_by_unit):
        raise PermissionDenied(_("You may not register petitions for this unit."))
    errors = Errors()
    if kind not in PetitionKind.values:
        errors.add("kind", _("Choose the kind: complaint, denunciation, recommendation or reflection."))
    if channel not in Channel.values:
        errors.add("channel", _("Choose how the petition arrived."))
    if complexity not in Complexity.values:
        errors.add("complexity", _("Choose the complexity."))
    instance = check_instance(errors, kind, instance)
    check_day(errors, "received_on", received_on)
    if received_by_unit is None:
        errors.add("received_by_unit", _("Choose the unit that received the petition."))
    elif received_on is not None and not received_by_unit.is_open_on(received_on):
        errors.add(
            "received_by_unit",
            _("%(unit)s was not open on the day the petition was received.") % {"unit": received_by_unit},
        )
    if handling_unit is not None and received_by_unit is not None and handling_unit.pk != received_by_unit.pk:
        errors.add(
            "handling_unit",
            _(
                "A petition received at the competent unit is handled by the unit that received it; "
                "send it to another unit by routing it."
            ),
        )
    subject = (subject or "").strip()
    content = (content or "").strip()
    if not subject:
        errors.add("subject", _("Enter what the petition is about."))
    elif len(subject) > Petition._meta.get_field("subject").max_length:
        errors.add("subject", _("At most %(count)s characters.") % {"count": 500})
    if not content:
        errors.add("content", _("Enter the content of the petition."))
    try:
        signatories = int(signatories)
    except (TypeError, ValueError):
        signatories = 0
    if signatories < 1:
        errors.add("signatories", _("At least one person signs a petition."))
    values = _clean_petitioner(errors, petitioner)
    if duplicate_of is not None:
        if (
            acting_user is not None
            and not Petition.objects.visible_to(acting_user).filter(pk=duplicate_of.pk).exists()
        ):
            errors.add("duplicate_of", _("Choose a petition you may read."))
        elif not same_person(duplicate_of.petitioner, values):
            errors.add(
                "duplicate_of", _("A duplicate comes from the same person as the petition it repeats.")
            )
        duplicate_of = duplicate_of.duplicate_of or duplicate_of
    files = checked_files(errors, files)
    errors.raise_if_any()

    person_record = _petitioner_for(
        acting_user, values, is_sample=is_sample, reuse=duplicate_of.petitioner if duplicate_of else None
    )
    secret = new_lookup_secret()
    petition = Petition(
        kind=kind,
        channel=channel,
        received_on=received_on,
        received_by_unit=received_by_unit,
        registered_by=person(acting_user),
        petitioner=person_record,
        signatories=signatories,
        subject=subject,
        content=content,
        concerned_unit=concerned_unit,
        concerned_act=(concerned_act or "").strip(),
        instance=instance,
        complexity=complexity,
        is_remote_area=bool(is_remote_area),
        handling_unit=handling_unit,
        routed_on=received_on if handling_unit is not None else None,
        stage=Stage.CLASSIFIED,
        duplicate_of=duplicate_of,
        is_sample=is_sample,
    )
    refresh_clock(petition, WorkingCalendar())
    _save_with_new_code(petition, secret)
    steps = [
        PetitionStep(
            petition=petition, kind=StepKind.RECEIVED, day=received_on, recorded_by=person(acting_user)
        ),
        PetitionStep(
            petition=petition,
            kind=StepKind.CLASSIFIED,
            day=received_on,
            note=str(PetitionKind(kind).label),
            recorded_by=person(acting_user),
        ),
    ]
    if duplicate_of is not None:
        steps.append(
            PetitionStep(
                petition=petition,
                kind=StepKind.LINKED,
                day=received_on,
                note=duplicate_of.code,
                recorded_by=person(acting_user),
            )
        )
    PetitionStep.objects.bulk_create(steps)
    store_files(acting_user, petition, files, step=steps[0])
    add_handler(acting_user, petition, person(acting_user), received_on)
    record_change(
        actor=acting_user, instance=petition, action=ChangeLogEntry.Action.CREATE, fields=LOGGED_FIELDS
    )
    if handling_unit is not None and duplicate_of is None:
        announce_routed(petition)
    return petition, secret


def _save_with_new_code(petition: Petition, secret: str) -> None:
    """Save with the next code of the receiving year; two clerks registering at once both get one
    (the loser of the unique code tries the next)."""
    for _attempt in range(5):
        petition.code = _next_code(petition.received_on.year)
        petition.lookup_secret_hash = lookup_secret_hash(petition.code, secret)
        try:
            with transaction.atomic():
                petition.save(force_insert=True)
            return
        except IntegrityError:
            petition.pk = None
            continue
    raise IntegrityError("could not allocate a petition code")


# -- duplicates ---------------------------------------------------------------------------------------------


def duplicate_candidates(*, user, petitioner: dict, received_by_unit=None, limit: int = 20) -> list[Petition]:
    """The petitions of the same person (same identity card number, or same name and address) that
    `user` may read with their petitioner — so a clerk never learns that someone denounced unless
    they handle that denunciation — newest first; originals only (a duplicate's original stands for
    it). With `received_by_unit`, only those received or handled there."""
    id_number = str((petitioner or {}).get("id_number") or "").strip()
    full_name = str((petitioner or {}).get("full_name") or "").strip()
    address = str((petitioner or {}).get("address") or "").strip()
    matching = Q(pk__in=[])
    if id_number:
        matching |= Q(petitioner__id_number=id_number)
    if full_name and address:
        matching |= Q(petitioner__full_name__iexact=full_name, petitioner__address__iexact=address)
    if not id_number and not (full_name and address):
        return []
    petitions = (
        Petition.objects.visible_to(user)
        .filter(identity_q(user))
        .filter(matching, duplicate_of__isnull=True)
        .select_related("received_by_unit", "handling_unit")
    )
    if received_by_unit is not None:
        petitions = petitions.filter(Q(received_by_unit=received_by_unit) | Q(handling_unit=received_by_unit))
    return list(petitions.order_by("-received_on", "-pk")[:limit])


@transaction.atomic
def link_duplicate(
    *, acting_user, petition: Petition, original: Petition, version: int | None = None
) -> Petition:
    """Link `petition` to `original` as a duplicate (same person, same matter): it owes nothing of
    its own any more and is not counted beside it (`Petition.objects.counted()`)."""
    ensure_may_route(acting_user, petition)
    petition = locked(petition, version)
    original = Petition.objects.select_related("petitioner").get(pk=original.pk)
    original = original.duplicate_of or original
    errors = Errors()
    check_open(errors, petition)
    if petition.stage not in BEFORE_ACCEPTANCE:
        errors.add("stage", _("Only a petition not yet accepted or refused may be linked as a duplicate."))
    if original.pk == petition.pk:
        errors.add("duplicate_of", _("A petition cannot duplicate itself."))
    elif petition.duplicate_of_id == original.pk:
        errors.add(
            "duplicate_of", _("This petition is already linked to %(code)s.") % {"code": original.code}
        )
    if petition.duplicates.exists():
        errors.add("duplicate_of", _("Other petitions duplicate this one: link them to the original first."))
    if (
        acting_user is not None
        and not Petition.objects.visible_to(acting_user).filter(pk=original.pk).exists()
    ):
        errors.add("duplicate_of", _("Choose a petition you may read."))
    elif not same_person(petition.petitioner, original.petitioner):
        errors.add("duplicate_of", _("A duplicate comes from the same person as the petition it repeats."))
    errors.raise_if_any()
    before = before_change(petition)
    petition.duplicate_of = original
    refresh_clock(petition, WorkingCalendar())
    PetitionStep.objects.create(
        petition=petition,
        kind=StepKind.LINKED,
        day=clock.today(),
        note=original.code,
        recorded_by=person(acting_user),
    )
    return save_and_log(
        acting_user, petition, before, _("Linked as a duplicate of %(code)s.") % {"code": original.code}
    )


@transaction.atomic
def reclassify_petition(
    *, acting_user, petition: Petition, kind: str, reason: str, version: int | None = None
) -> Petition:
    """Type the petition as another kind (a "complaint" that reports a violation is a denunciation):
    its clocks are recomputed for the new kind, and the log keeps the reason."""
    ensure_may_route_or_handle(acting_user, petition)
    petition = locked(petition, version)
    errors = Errors()
    check_open(errors, petition)
    if kind not in PetitionKind.values:
        errors.add("kind", _("Choose the kind: complaint, denunciation, recommendation or reflection."))
    elif kind == petition.kind:
        errors.add("kind", _("The petition is already of this kind."))
    reason = (reason or "").strip()
    if not reason:
        errors.add("reason", _("Say why the petition is of another kind."))
    if petition.extensions.exists():
        errors.add("kind", _("Its time limit was extended as a denunciation's; it stays a denunciation."))
    errors.raise_if_any()
    before = before_change(petition)
    old_label = petition.get_kind_display()
    petition.kind = kind
    petition.instance = check_instance(Errors(), kind, "")
    refresh_clock(petition, WorkingCalendar())
    PetitionStep.objects.create(
        petition=petition,
        kind=StepKind.RECLASSIFIED,
        day=clock.today(),
        note=reason,
        recorded_by=person(acting_user),
    )
    note = _("Reclassified from %(old)s to %(new)s: %(reason)s") % {
        "old": old_label,
        "new": PetitionKind(kind).label,
        "reason": reason,
    }
    return save_and_log(acting_user, petition, before, note)


__all__ = [
    "duplicate_candidates",
    "link_duplicate",
    "lookup_secret_hash",
    "lookup_secret_matches",
    "new_lookup_secret",
    "reclassify_petition",
    "register_petition",
    "same_person",
]
