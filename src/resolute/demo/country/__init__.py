"""A synthetic country at national scale, for measuring Resolute with a whole country's data.

`load_country(CountryOptions(seed=1))` (the `generate_country` command) writes, beside whatever the
database holds, Vietnam's tree as it stands since 1 July 2025 under a root named “Cả nước mô phỏng
(seed 1)” — the Government and its ministries, 34 provinces with their Party and People's Committee
bodies, twenty departments each and 3,321 communes, wards and special zones — and, spread over it:

- `tasks` tasks (a million by default) with their histories: about three progress reports each,
  obstacles, extension requests, completion proposals, cancellations, standing tasks reporting or
  silent, coordinating units (`tasks.py`);
- `values` approved indicator values (ten million by default), some revised, under copies of the
  demo's indicators and targets per province (`values.py`);
- public investment projects with their plans and disbursement reports (`investment.py`), petitions
  with their timelines (`petitions.py`) and oversight conclusions whose recommendations are tasks
  (`oversight.py`), in the demo's proportions to tasks divided by 50 (see `CountryOptions`);
- a viewer of each province and one of the whole country, to sign in with.

The same seed, day and sizes give the same rows. The generator is pure: it assigns every id itself and
hands its rows to a sink (`tables.py`), so the rows can be compared without a database; `load.py`
writes them with COPY on PostgreSQL, with INSERTs elsewhere. Nothing is written through the actions and
there is no change log (as for `demo.synthetic`), but every stored column the actions keep is written
as they would leave it, which the tests check against the actions' own rules.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time

from resolute.core import clock

from .common import spread
from .investment import ProvinceInvestment, investment_tables
from .oversight import ProvinceOversight, oversight_tables
from .petitions import ProvincePetitions, petition_tables
from .tables import Ids, ListSink, Sink
from .tasks import NationalTasks, ProvinceTasks, TaskWriter, task_tables
from .tree import TreeWriter, country_name, unit_tables
from .values import Periods, ProvinceValues, value_tables

# What the demo holds beside its tasks (counted in the demo loaded in December 2026): its 84 tasks sit
# beside 346 investment projects, 580 petitions and 4 oversight conclusions. A country keeps these
# proportions divided by 50, which brings them to a real country's orders of magnitude: at a million
# tasks, about 82,000 projects (2,400 a province), 138,000 petitions and 950 conclusions.
DEMO_TASKS, DEMO_PROJECTS, DEMO_PETITIONS, DEMO_OVERSIGHTS = 84, 346, 580, 4
DOMAIN_DIVISOR = 50
# The Government's own tasks, led by the ministries: one in a hundred.
NATIONAL_TASK_PERCENT = 1

__all__ = ["AlreadyGenerated", "CountryGenerator", "CountryOptions", "country_name", "generate_rows"]


class AlreadyGenerated(Exception):
    """A synthetic country of this seed is already in the database."""


def scaled(tasks: int, demo_count: int) -> int:
    return round(tasks * demo_count / DEMO_TASKS / DOMAIN_DIVISOR)


@dataclass
class CountryOptions:
    """What to generate. `provinces` and `communes_per_province` make a small country (the first
    provinces, some of their communes) for tests; the other domains' sizes default to the demo's
    proportions (see `DOMAIN_DIVISOR`)."""

    seed: int = 1
    today: date | None = None
    tasks: int = 1_000_000
    values: int = 10_000_000
    projects: int | None = None
    petitions: int | None = None
    oversights: int | None = None
    provinces: int | None = None
    communes_per_province: int | None = None
    password: str = "bench"
    # PostgreSQL: drop the tables' secondary indexes and foreign keys during the load and rebuild them
    # after it (None: when the country is large enough for it to pay, see `load.py`).
    rebuild_indexes: bool | None = None

    def __post_init__(self):
        self.today = self.today or clock.today()
        if self.projects is None:
            self.projects = scaled(self.tasks, DEMO_PROJECTS)
        if self.petitions is None:
            self.petitions = scaled(self.tasks, DEMO_PETITIONS)
        if self.oversights is None:
            self.oversights = scaled(self.tasks, DEMO_OVERSIGHTS)
        for name in ("tasks", "values", "projects", "petitions", "oversights"):
            if getattr(self, name) < 0:
                raise ValueError(f"--{name} is a count, 0 or more.")
        if not 0 <= self.seed <= 99_999:
            raise ValueError("--seed is a whole number from 0 to 99999 (it marks the codes of the country).")
        if self.provinces is not None and not 1 <= self.provinces <= 34:
            raise ValueError("--provinces is from 1 to 34.")
        if self.communes_per_province is not None and self.communes_per_province < 1:
            raise ValueError("--communes-per-province is 1 or more.")


@dataclass
class CountryGenerator:
    """Generates the whole country into `sink`, province by province (see the package's docstring).
    Every random choice of a province's domain comes from a generator seeded with the seed, the
    province and the domain, so a province's tasks do not change when the values do."""

    options: CountryOptions
    sink: Sink
    ids: Ids
    calendar: object
    log: object = print

    def __post_init__(self):
        today = self.options.today
        self.stamp = datetime.combine(today, time(8, 0), clock.local_zone())
        # Each domain's tables, by the names its writer gives them.
        self.tables = {
            "tasks": task_tables(self.stamp),
            "values": value_tables(self.stamp),
            "investment": investment_tables(self.stamp),
            "petitions": petition_tables(self.stamp),
            "oversight": oversight_tables(self.stamp),
        }
        self.periods = Periods(today)

    def rng(self, code: str, domain: str) -> random.Random:
        return random.Random(f"country:{self.options.seed}:{code}:{domain}")

    def run(self) -> None:
        options = self.options
        tree = TreeWriter(self)
        self.country = tree.build()
        provinces = self.country.provinces
        self.log(f"units: {len(tree.rows)} ({len(provinces)} provinces)")
        national = round(options.tasks * NATIONAL_TASK_PERCENT / 100)
        sizes = [province.size for province in provinces]
        tasks = spread(options.tasks - national, sizes)
        values = spread(options.values, sizes)
        projects = spread(options.projects, sizes)
        petitions = spread(options.petitions, sizes)
        oversights = spread(options.oversights, sizes)
        writer = TaskWriter(self, self.rng("00", "tasks"), "Chính phủ")
        NationalTasks(self, writer).write(national)
        for number, province in enumerate(provinces):
            code = province.shape.code
            writer = TaskWriter(self, self.rng(code, "tasks"), province.shape.name)
            used = ProvinceOversight(self, province, writer, self.rng(code, "oversight")).write(
                oversights[number], tasks[number]
            )
            ProvinceTasks(self, province, writer).write(tasks[number] - used)
            ProvinceValues(self, province, writer, self.rng(code, "values")).write(values[number])
            ProvinceInvestment(self, province, self.rng(code, "investment")).write(projects[number])
            ProvincePetitions(self, province, self.rng(code, "petitions")).write(petitions[number])
            self.log(f"{number + 1}/{len(provinces)} {province.shape.full_name} written")


def all_tables(stamp) -> list:
    """Every table the country writes to."""
    return [
        *unit_tables(stamp),
        *task_tables(stamp).values(),
        *value_tables(stamp).values(),
        *investment_tables(stamp).values(),
        *petition_tables(stamp).values(),
        *oversight_tables(stamp).values(),
    ]


def generate_rows(options: CountryOptions, calendar, first_ids: dict | None = None) -> ListSink:
    """Generate the country into memory (small countries): the rows of every table, for tests and for
    comparing two generations without a database."""
    sink = ListSink()
    CountryGenerator(options, sink, Ids(first_ids), calendar, log=lambda message: None).run()
    return sink
