"""The demo's reorganisation of 1 July 2025: Quảng Nam merges into Đà Nẵng City, its districts are
abolished and its communes merge into the city's new wards and communes (see `danang`).

It is prepared and applied as `admin` through the same actions as the reorganisation pages, so the
engine hands every open item of a closing unit (tasks, targets, reporting duties, people's roles…) to
its successor, whatever the apps contribute. The history before the day is written before this step
and the history from the day on after it. Loading again adds nothing: an applied reorganisation with
the same title is kept as it is; a demo loaded before 1 July 2025 has no reorganisation yet.
"""

from datetime import date

from resolute.directives.models import Document
from resolute.orgunits import actions as unit_actions
from resolute.orgunits.models import OrgUnit, OrgUnitKind, Reorganisation
from resolute.orgunits.models import ReorganisationStepKind as Step
from resolute.orgunits.reorganisation import plan_reorganisation

from . import danang, data


class ReorganisationConflicts(RuntimeError):
    """The demo's reorganisation cannot be applied: the demo's data and `danang` disagree."""


def bodies_merged(demo):
    """(Quảng Nam units, Đà Nẵng body) for each of the city's bodies that Quảng Nam's merge into; the
    province itself last, since it merges once everything under it is settled."""
    merges = [
        ([demo.units[key] for key in merged], demo.units[city_key])
        for city_key, _parent, _name, _en, _kind, _symbol, merged in danang.CITY_BODIES
        if merged and city_key != "danang"
    ]
    return merges


def plan_commune_level(reorganisation, admin, city) -> dict[str, object]:
    """Plan the city's new wards, communes and special zone with their codes, by name; a unit the
    resolution left as it was (Tân Hiệp) goes on, so it is not planned."""
    kept = set(danang.KEPT_COMMUNES.values())
    planned = {}
    for prefix, name, name_en, _level, code, _district, _formed_from in danang.COMMUNE_LEVEL:
        if name in kept:
            continue
        planned[name] = unit_actions.plan_unit(
            acting_user=admin,
            reorganisation=reorganisation,
            name=danang.full_name(prefix, name),
            name_en=name_en,
            kind=OrgUnitKind.COMMUNE,
            code=code,
            parent=city,
        )
    return planned


def prepare(demo, admin) -> Reorganisation:
    city = demo.units["danang"]
    reorganisation = unit_actions.create_reorganisation(
        acting_user=admin,
        area=demo.units["national"],
        title=danang.TITLE,
        legal_basis=danang.LEGAL_BASIS,
        effective_on=date.fromisoformat(danang.EFFECTIVE_ON),
        note=danang.NOTE,
        is_sample=True,
    )

    def step(kind, sources, successors=(), **changes):
        unit_actions.add_step(
            acting_user=admin,
            reorganisation=reorganisation,
            kind=kind,
            sources=sources,
            successors=successors,
            **changes,
        )

    for sources, body in bodies_merged(demo):
        step(Step.MERGE, sources, [body])
    for key in danang.MOVED_TO_CITY_COMMITTEE:
        step(Step.MOVE, [demo.units[key]], new_parent=demo.units["dn_committee"])

    planned = plan_commune_level(reorganisation, admin, city)
    groups: dict[str, list] = {}
    for key, successor in danang.DEMO_COMMUNES.items():
        groups.setdefault(successor, []).append(demo.units[key])
    for successor, communes in groups.items():
        step(Step.MERGE, communes, [planned[successor]])
    for key, name in danang.KEPT_COMMUNES.items():
        step(Step.MOVE, [demo.units[key]], new_parent=city)
        step(Step.RECODE, [demo.units[key]], new_code=danang.commune_named(name)[4])
    for key, successor in danang.DISTRICT_SUCCESSORS.items():
        step(Step.ABOLISH, [demo.units[key]], [planned[successor]])
    step(Step.MERGE, [demo.units["province"]], [city])
    return reorganisation


def give_symbols(demo, admin) -> None:
    """The city's bodies take up the document symbols Quảng Nam's held until the day before; the ward
    that carries Hội An's work takes up Hội An's."""
    for key, _parent, _name, _en, _kind, symbol, _merged in danang.CITY_BODIES:
        unit = OrgUnit.objects.get(pk=demo.units[key].pk)
        if symbol and unit.document_symbol != symbol:
            demo.units[key] = unit_actions.update_unit(acting_user=admin, unit=unit, document_symbol=symbol)
    ward = demo.units[danang.commune_key(danang.DISTRICT_SUCCESSORS["hoi_an"])]
    symbol = data.DOCUMENT_SYMBOLS["hoi_an"]
    if ward.document_symbol != symbol:
        demo.units[danang.commune_key(danang.DISTRICT_SUCCESSORS["hoi_an"])] = unit_actions.update_unit(
            acting_user=admin, unit=ward, document_symbol=symbol
        )


def remember_documents(demo) -> None:
    """Refresh the demo's documents: the reorganisation gave those Quảng Nam's Party Committee kept to
    the city's Party Committee, whose office goes on editing them and turning them into plans."""
    fresh = Document.objects.in_bulk([document.pk for document in demo.documents.values()])
    demo.documents = {key: fresh[document.pk] for key, document in demo.documents.items()}


def remember_units(demo) -> None:
    """Refresh the demo's units (closed ones now carry their last day) and add the city's new ones by
    `danang.commune_key`."""
    fresh = OrgUnit.objects.in_bulk([unit.pk for unit in demo.units.values()])
    demo.units = {key: fresh[unit.pk] for key, unit in demo.units.items()}
    names = {danang.full_name(prefix, name): name for prefix, name, *_rest in danang.COMMUNE_LEVEL}
    for unit in OrgUnit.objects.filter(parent=demo.units["danang"], name__in=list(names)):
        demo.units[danang.commune_key(names[unit.name])] = unit


def load_reorganisation(demo) -> None:
    if demo.history_split is None:
        demo.log("reorganisation: its day has not come")
        return
    applied = Reorganisation.objects.filter(title=danang.TITLE, status=Reorganisation.Status.APPLIED)
    if applied.exists():
        remember_units(demo)
        demo.log("reorganisation: already applied")
        return
    admin = demo.users["admin"]
    reorganisation = prepare(demo, admin)
    plan = plan_reorganisation(reorganisation)
    if plan.conflicts:
        raise ReorganisationConflicts("; ".join(conflict.message for conflict in plan.conflicts))
    plan = unit_actions.apply_reorganisation(acting_user=admin, reorganisation=reorganisation)
    remember_units(demo)
    give_symbols(demo, admin)
    remember_documents(demo)
    counts = ", ".join(f"{key}: {value}" for key, value in plan.counts().items())
    demo.log(f"reorganisation: applied ({counts})")
