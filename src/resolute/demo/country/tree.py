"""The country's units: a national root, the Government and its ministries, and the 34 provinces with
their bodies, departments and communes, written with the paths, depths, search texts and places in
the tree that `orgunits.actions.create_unit` gives a unit."""

from dataclasses import dataclass, field

from resolute.orgunits.models import OrgUnit, OrgUnitKind, UnitPlacement
from resolute.orgunits.querysets import path_segment
from resolute.orgunits.search import search_text_for

from .places import (
    DEPARTMENTS,
    GOVERNMENT,
    GOVERNMENT_OFFICE,
    MINISTRIES,
    PARTY_BODIES,
    PROVINCES,
    CommuneShape,
    ProvinceShape,
    communes_of,
)
from .tables import Table

K = OrgUnitKind


def country_name(seed: int) -> str:
    return f"Cả nước mô phỏng (seed {seed})"


def country_code(seed: int, code: str) -> str:
    """A unit's official code in the synthetic country: the real code behind the seed's mark, so that
    a synthetic country never takes the code of a real unit the database holds (the demo's Đà Nẵng is
    48, its wards 20xxx) and two countries of different seeds sit side by side."""
    return f"M{seed}-{code}"


@dataclass
class Unit:
    """What the generator keeps of a unit it wrote."""

    id: int
    name: str
    kind: str
    path: str
    depth: int


@dataclass
class Province:
    """A province's units, by role."""

    shape: ProvinceShape
    unit: Unit
    party: Unit
    party_bodies: dict[str, Unit]
    council: Unit
    committee: Unit
    committee_office: Unit
    reception: Unit
    departments: dict[str, Unit]
    front: Unit
    youth_union: Unit
    communes: list[Unit]
    commune_shapes: list[CommuneShape]
    # Communes in remote, disadvantaged areas (a complaint there has longer time limits).
    remote_communes: set[int] = field(default_factory=set)

    @property
    def party_office(self) -> Unit:
        return self.party_bodies["party_office"]

    @property
    def size(self) -> int:
        """How much work the province carries, relative to the others: its communes and departments."""
        return len(self.communes) + len(self.departments)


@dataclass
class Country:
    root: Unit
    government: Unit
    government_office: Unit
    ministries: dict[str, Unit]
    provinces: list[Province]

    def units(self):
        """Every unit written, the root first."""
        yield self.root
        yield self.government
        yield self.government_office
        yield from self.ministries.values()
        for province in self.provinces:
            yield province.unit
            yield province.party
            yield from province.party_bodies.values()
            yield from (province.council, province.committee, province.committee_office, province.reception)
            yield from province.departments.values()
            yield from (province.front, province.youth_union)
            yield from province.communes


def unit_tables(stamp) -> tuple[Table, Table]:
    units = Table(
        OrgUnit,
        ("id", "name", "name_en", "code", "kind", "parent", "path", "depth", "search_text"),
        {"is_sample": True, "created_at": stamp, "updated_at": stamp},
    )
    placements = Table(UnitPlacement, ("id", "unit", "parent", "path", "depth"))
    return units, placements


class TreeWriter:
    """Writes the units top down, each with the path and depth `create_unit` computes: its parent's
    path and its own zero-padded id. A unit's place in the tree (`UnitPlacement`) is written beside it,
    as `place_new_units` does for units inserted in bulk."""

    def __init__(self, generator):
        self.generator = generator
        self.seed = generator.options.seed
        self.ids = generator.ids
        self.units_table, self.placements_table = unit_tables(generator.stamp)
        self.rows: list[tuple] = []
        self.placements: list[tuple] = []

    def add(self, parent: Unit | None, name: str, name_en: str, kind: str, code: str = "") -> Unit:
        unit_id = self.ids.take(self.units_table)
        path = (parent.path if parent else "") + path_segment(unit_id)
        depth = parent.depth + 1 if parent else 0
        code = country_code(self.seed, code) if code else ""
        search_text = search_text_for(name=name, name_en=name_en, code=code)
        parent_id = parent.id if parent else None
        self.rows.append((unit_id, name, name_en, code, kind, parent_id, path, depth, search_text))
        self.placements.append((self.ids.take(self.placements_table), unit_id, parent_id, path, depth))
        return Unit(unit_id, name, kind, path, depth)

    def build(self) -> Country:
        options = self.generator.options
        root = self.add(None, country_name(self.seed), f"Viet Nam (synthetic, seed {self.seed})", K.OTHER)
        government = self.add(root, *GOVERNMENT)
        office = self.add(government, *GOVERNMENT_OFFICE)
        ministries = {
            key: self.add(government, name, name_en, kind) for key, name, name_en, kind in MINISTRIES
        }
        shapes = PROVINCES[: options.provinces] if options.provinces else PROVINCES
        provinces = [self.province(root, shape) for shape in shapes]
        self.generator.sink.write(self.units_table, self.rows)
        self.generator.sink.write(self.placements_table, self.placements)
        return Country(root, government, office, ministries, provinces)

    def province(self, root: Unit, shape: ProvinceShape) -> Province:
        level = shape.level_word
        party_word = "Thành ủy" if shape.is_city else "Tỉnh ủy"
        unit = self.add(root, shape.full_name, shape.full_name_en, K.PROVINCE, shape.code)
        party = self.add(
            unit, f"{party_word} {shape.name}", f"{shape.full_name_en} Party Committee", K.PARTY_COMMITTEE
        )
        party_bodies = {
            key: self.add(party, name.format(party=party_word), f"{name_en}, {shape.full_name_en}", kind)
            for key, name, name_en, kind in PARTY_BODIES
        }
        council = self.add(
            unit, f"Hội đồng nhân dân {level}", f"People's Council, {shape.full_name_en}", K.PEOPLES_COUNCIL
        )
        committee = self.add(
            unit, f"Ủy ban nhân dân {level}", f"People's Committee, {shape.full_name_en}", K.PEOPLES_COMMITTEE
        )
        committee_office = self.add(
            committee,
            f"Văn phòng UBND {level}",
            f"Office of the People's Committee, {shape.full_name_en}",
            K.AGENCY,
        )
        reception = self.add(
            committee_office,
            f"Ban Tiếp công dân {level}",
            f"Citizen Reception Office, {shape.full_name_en}",
            K.AGENCY,
        )
        departments = {
            key: self.add(committee, name.format(level=level), f"{name_en}, {shape.full_name_en}", kind)
            for key, name, name_en, kind, _ministry in DEPARTMENTS
        }
        front = self.add(
            unit,
            f"Ủy ban MTTQ Việt Nam {level}",
            f"Fatherland Front Committee, {shape.full_name_en}",
            K.FRONT,
        )
        youth_union = self.add(
            unit,
            f"{'Thành đoàn' if shape.is_city else 'Tỉnh đoàn'} {shape.name}",
            f"Youth Union, {shape.full_name_en}",
            K.FRONT,
        )
        commune_shapes = communes_of(shape)
        limit = self.generator.options.communes_per_province
        if limit:
            commune_shapes = _spread(commune_shapes, limit)
        communes = [
            self.add(unit, commune.full_name, commune.name_en, K.COMMUNE, commune.code)
            for commune in commune_shapes
        ]
        # A third of a mountainous province's communes are remote, one in twenty elsewhere.
        share = 3 if shape.mountainous else 20
        remote = {commune.id for index, commune in enumerate(communes) if index % share == share - 1}
        return Province(
            shape=shape,
            unit=unit,
            party=party,
            party_bodies=party_bodies,
            council=council,
            committee=committee,
            committee_office=committee_office,
            reception=reception,
            departments=departments,
            front=front,
            youth_union=youth_union,
            communes=communes,
            commune_shapes=commune_shapes,
            remote_communes=remote,
        )


def _spread(communes: list[CommuneShape], count: int) -> list[CommuneShape]:
    """`count` of the communes taken evenly along the list, so a small country still has wards, communes
    and (when the province has one) its last special zone."""
    if count >= len(communes):
        return communes
    step = len(communes) / count
    return [communes[min(len(communes) - 1, int(index * step + step - 1))] for index in range(count)]
