"""What each domain app adds to the surfaces every user shares, so a new domain is one folder.

The dashboard, the implementation report, the follow-up board, the urging ladder, the kinds of
reporting regimes, a task's timeline, the unit page, search, the API, the navigation and the demo are
owned by apps high in the layers (`reports`, `reporting`, `web`, `api`, `demo`) or low in them
(`orgunits`, `tasks`), yet what they show comes from every domain. The apps that own a surface
never import a domain's models for it: each domain app declares, in its `contributions` module,
what it adds, and the surface iterates over what is contributed.

    # investment/contributions.py
    from resolute.core.contributions import DashboardPanel, contribute

    contribute(DashboardPanel(key="investment.disbursement", order=40, render=disbursement_panel))

    # reports/views/dashboard.py
    for panel in contributed(DashboardPanel): ...

`ResoluteAppConfig.ready()` imports the app's `contributions` module, once. An item belongs to the app
whose module contributed it, and `contributed()` returns only the items of installed apps, in
`order`, then by key: a test that installs an app for a while sees its contributions and no others.

Each surface is a small frozen dataclass below; the callables it holds are the contributing app's
own functions (its selectors and templates), called with the arguments named in the docstring.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from django.apps import apps

Item = TypeVar("Item")

# type of item -> {key: (app label, item)}
_registry: dict[type, dict[str, tuple[str, Any]]] = {}


def _app_label_of(module_name: str) -> str:
    config = apps.get_containing_app_config(module_name)
    if config is None:
        raise LookupError(f"{module_name} is not inside an installed app, so it cannot contribute.")
    return config.label


def contribute(item: Item, *, app_label: str | None = None) -> Item:
    """Add `item` to the surface of its type. Contributing the same key again replaces the item, so
    reloading a module never shows a panel twice. Returns the item."""
    if app_label is None:
        caller = inspect.stack()[1].frame.f_globals.get("__name__", "")
        app_label = _app_label_of(caller)
    _registry.setdefault(type(item), {})[item.key] = (app_label, item)
    return item


def contributed(kind: type[Item]) -> list[Item]:
    """The items contributed to one surface by the installed apps, in order."""
    installed = {config.label for config in apps.get_app_configs()}
    items = [item for app_label, item in _registry.get(kind, {}).values() if app_label in installed]
    return sorted(items, key=lambda item: (item.order, item.key))


# -- the surfaces ---------------------------------------------------------------------------------------

Renderer = Callable[..., tuple[str, dict] | None]


@dataclass(frozen=True)
class UnitPanel:
    """A panel on an org unit's page. `render(request, unit)` returns (template, context), or None to
    show nothing; the page has already checked that the user may see `unit`."""

    key: str
    render: Renderer
    order: int = 100


@dataclass(frozen=True)
class LinkedCount:
    """A labelled number on a panel and the list behind it; `css` is its badge's colour."""

    key: str
    label: str
    count: int
    url: str
    css: str = ""


@dataclass
class DashboardView:
    """What a panel of the dashboard or of a scorecard is drawn for, built by the page (`reports`).

    `unit` (with its subtree when `include_subtree`) and `document` (when given) scope the figures;
    `user` may see what they count; everything is judged on `as_of`. `xlsx_url` is the page's
    workbook, which a panel's "Excel" link narrows with `&table=<name of its sheet>`;
    `scorecard_url(unit, as_of)` is the address of a unit's scorecard, for panels that list units.
    `request` is there for absolute links in the workbook (None outside a request).

    Panels share figures through `once(key, compute)`, so what two panels (or a panel and its sheet)
    both read is read once per page."""

    user: Any
    unit: Any
    as_of: date
    document: Any = None
    include_subtree: bool = True
    request: Any = None
    xlsx_url: str = ""
    scorecard_url: Callable[..., str] | None = None
    _figures: dict = field(default_factory=dict, repr=False)

    def once(self, key: str, compute: Callable[[], Any]) -> Any:
        """`compute()`, called the first time `key` is asked for on this page only."""
        if key not in self._figures:
            self._figures[key] = compute()
        return self._figures[key]

    def absolute(self, url: str) -> str:
        """`url` as a full address (for the workbook), empty for no address."""
        if not url:
            return ""
        return self.request.build_absolute_uri(url) if self.request is not None else url

    def rendered(self, page: str) -> list[tuple[DashboardPanel, str]]:
        """The panels contributed to `page`, each with its HTML, leaving out those showing nothing.
        A panel may draw the panels of a part of the page it owns (`"scorecard.rates"`) with this."""
        from django.template.loader import render_to_string

        drawn = []
        for panel in contributed(DashboardPanel):
            if panel.page != page:
                continue
            found = panel.render(self)
            if found is not None:
                template, context = found
                drawn.append((panel, render_to_string(template, {"view": self, **context}, self.request)))
        return drawn


@dataclass(frozen=True)
class DashboardPanel:
    """A panel of the leadership dashboard or of a unit's scorecard.

    `page` is where it shows: "dashboard", "scorecard", or a part of a page that a panel owns (the
    tasks' panel at the head of the scorecard draws the "scorecard.rates" panels among its rates).
    `render(view)` gets the page's `DashboardView` and returns (template, context), or None to show
    nothing; the template also gets `view`. A `half` panel sits beside the next half panel.
    `sheets(view)` gives the panel's tables for the page's Excel workbook, in order, as
    [(name, title, write)]: `name` is what `?table=` asks for, `write(sheet)` fills a
    `core.xlsx.ExcelSheet`. (This replaces the earlier `on_scorecard` flag: a figure shown on both
    pages is drawn differently on each, so each page has its own panels.)"""

    key: str
    render: Renderer
    order: int = 100
    page: str = "dashboard"
    half: bool = False
    sheets: Callable[..., list] | None = None


@dataclass
class ReportScope:
    """What the implementation report on a document is read for, built by `reports`: the figures
    `user` may see of `document`, judged on `as_of`, for the period `period_start`–`period_end`,
    worded in `language` ("vi" or "en"). Sections share figures through `once(key, compute)`."""

    user: Any
    document: Any
    period_start: date
    period_end: date
    as_of: date
    language: str
    _figures: dict = field(default_factory=dict, repr=False)

    @property
    def english(self) -> bool:
        return self.language == "en"

    def once(self, key: str, compute: Callable[[], Any]) -> Any:
        """`compute()`, called the first time `key` is asked for in this report only."""
        if key not in self._figures:
            self._figures[key] = compute()
        return self._figures[key]


@dataclass
class ReportBlocks:
    """What a section adds to each part of the report, all drawn from its figures, in its language.

    `results` and `shortcomings` are the paragraphs it drafts for "II. Results" and "III. Shortcomings"
    (the office edits the drafted text); `tables` are the blocks printed under II after the text
    (a subheading `TextBlock` and a `TableBlock` of `core.documents`); `appendix` is the title and
    table of its appendix, numbered by the report. `preview` and `preview_appendix` are the
    (template, context) of what the report's page shows of the section, among the figures and in
    the appendix."""

    results: list[str] = field(default_factory=list)
    shortcomings: list[str] = field(default_factory=list)
    tables: list = field(default_factory=list)
    appendix: tuple[str, Any] | None = None
    preview: tuple[str, dict] | None = None
    preview_appendix: tuple[str, dict] | None = None


@dataclass(frozen=True)
class ReportSection:
    """A section of the implementation report on a document. `build(scope)` gets the report's
    `ReportScope` and returns the section's figures (read once for the page or the file);
    `blocks(figures, scope)` turns them into the section's `ReportBlocks`, drawn only from those
    figures. The report prints the sections' blocks part by part, in the sections' order."""

    key: str
    build: Callable[..., Any]
    blocks: Callable[..., ReportBlocks]
    order: int = 100


@dataclass
class OverdueItems:
    """What one unit owes one issuer past its deadline, as one domain counts it: a cell of the
    follow-up board's overdue table. `count` is how many items there are; `titles` names them for
    a board that lists them."""

    issuer: Any
    unit: Any
    oldest_deadline: date
    count: int = 0
    titles: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DueItem:
    """Something open whose deadline falls soon, as the follow-up board lists it."""

    title: str
    url: str
    unit: Any
    deadline: date


@dataclass(frozen=True)
class BoardRows:
    """What a domain adds to the office's follow-up board, for the units the user's office follows.

    `overdue(user, on, limit)` returns at most `limit` `OverdueItems`, the oldest first; the board
    merges them into one row per (issuer, unit), with a column per contribution headed `column`
    that shows the number of items when `counted`, else their titles. `due_soon(user, on, until,
    limit)`, when given, returns at most `limit` `DueItem`s whose deadline falls from `on` to
    `until`. (The board has both lists, and a domain reads each in its own fixed number of queries,
    so the surface asks for the two by name rather than for one list of rows it would sort out.)"""

    key: str
    column: Any
    overdue: Callable[..., Iterable[OverdueItems]]
    counted: bool = False
    due_soon: Callable[..., Iterable[DueItem]] | None = None
    order: int = 100


@dataclass
class LadderSubject:
    """Something with a deadline that a unit owes an issuer, as the urging ladder chases it.

    `key` names it for good (a step fires once per key; "task:12:2026-11-30", so a new deadline is a
    new subject); `kind` says what it is ("task", "report") for the letter's table; `task` (the task
    itself, when it is one) and `obligation_label` are kept on the ladder's events. A kind the letter
    does not know of ("project") names itself in `kind_label` ("slow project"; the letter, always in
    Vietnamese, reads it and `title` with Vietnamese active, so give lazy or translated text)."""

    key: str
    unit: Any
    issuer: Any
    deadline: date
    title: str
    source: str = ""
    url: str = ""
    task: Any = None
    obligation_label: str = ""
    kind: str = "task"
    kind_label: Any = ""


@dataclass(frozen=True)
class LadderSubjects:
    """What the urging ladder chases. `subjects(on, *, deadline_before, issuer=None, unit=None)`
    returns the `LadderSubject`s open on `on` whose deadline falls before `deadline_before` (the
    ladder asks for what is overdue, or for what falls within its look-ahead), optionally only those
    that `unit` owes `issuer`."""

    key: str
    subjects: Callable[..., Iterable[LadderSubject]]
    order: int = 100


@dataclass(frozen=True)
class ReportedWork:
    """A kind of reporting regime that a domain adds to the three `reporting` knows (task progress,
    indicator values, narrative reports): what a unit owes under it, item by item, and when each
    item arrived. A regime's "what is reported" offers it as `key` (stored on the regime, so it never
    changes) named `label`; the compliance table, the cell page, the follow-up board and the urging
    ladder then count and chase it like any other.

    `receipts(regime, unit_ids, windows, as_of)` returns {(unit id, period): Receipt} (a
    `reporting.selectors.obligations.Receipt`: how many items each unit owed for each period and the
    day each arrived, None when it has not by `as_of`) for the units and the periods' `Window`s asked
    for, in a fixed number of queries. `items(regime, unit, period, receipt)` lists that cell's
    items as `ReceivedItem`s (label, link, arrival day) for the page of what arrived; whether each
    was on time is judged by `reporting`, against the cell's deadline."""

    key: str
    label: Any
    receipts: Callable[..., dict]
    items: Callable[..., list]
    order: int = 100


@dataclass(frozen=True)
class TimelineSource:
    """Events added to a task's timeline by an app above `tasks`. `events(task)` returns the
    timeline's events; `kinds` names each kind of event it adds: {kind: (label, badge CSS class)}."""

    key: str
    events: Callable[..., list]
    kinds: dict[str, tuple[Any, str]] = field(default_factory=dict)
    order: int = 100


@dataclass(frozen=True)
class SearchSource:
    """Records found by the search box. `search(user, query, limit)` returns results the user may see."""

    key: str
    search: Callable[..., list]
    order: int = 100


@dataclass(frozen=True)
class ApiRouter:
    """A router mounted on the REST API at `/api<prefix>` (`prefix` starts with a slash).
    `router` is the router or, so the contributing module need not import its API at start-up,
    its dotted path (`"resolute.tasks.api.router"`), imported when the API is built."""

    key: str
    prefix: str
    router: Any
    order: int = 100
    # What a personal token limited to this router's area is allowed to reach, as its owner reads it.
    label: Any = None

    @property
    def area(self) -> str:
        """The area a token may be limited to: the prefix's first segment (`/documents` → `documents`)."""
        return self.prefix.strip("/").split("/")[0]


def api_areas() -> list[tuple[str, Any]]:
    """The areas of the API a personal token may be limited to, as (area, label), in the API's order."""
    areas: dict[str, Any] = {}
    for contribution in contributed(ApiRouter):
        areas.setdefault(contribution.area, contribution.label or contribution.area)
    return list(areas.items())


@dataclass(frozen=True)
class ActivitySource:
    """Records whose changes the dashboard's "recent activity" lists, read from the change log.
    `model` is the record's "app_label.model"; `records(user, unit)` returns the records in `unit`'s
    subtree (every unit when None) that `user` may see, as a queryset of that model; `urls(ids)`
    returns {record id: link} for the entries shown, in at most one query."""

    key: str
    model: str
    records: Callable[..., Any]
    urls: Callable[..., dict]
    order: int = 100


def shown_to_everyone(user, scope) -> bool:
    """The `shown_to` of a navigation entry every signed-in user sees."""
    return True


@dataclass(frozen=True)
class NavigationEntry:
    """An entry of the main navigation. `url_name` is reversed; `shown_to(user, scope)` (the user's
    `orgunits.scope.Scope`) says whether this user sees the entry. An entry is marked current on
    every page of its URL namespace, unless the namespace has several entries: then only on its own
    page."""

    key: str
    label: Any
    url_name: str
    shown_to: Callable[..., bool] = shown_to_everyone
    order: int = 100


@dataclass(frozen=True)
class TreeChange:
    """What an app does when the unit tree changes: a unit created, renamed, moved or closed, a
    reorganisation applied (`orgunits` calls `tree_changed`). `changed()` runs in the transaction of
    the change, so what it records commits with the change or not at all; it must stay quick (queue
    the long work for when the transaction commits)."""

    key: str
    changed: Callable[[], Any]
    order: int = 100


def tree_changed() -> None:
    """Tell every app that contributed a `TreeChange` that the unit tree has changed."""
    for item in contributed(TreeChange):
        item.changed()


@dataclass(frozen=True)
class DemoLoader:
    """A step of `demo.loader.load_demo`: `load(demo)` adds the app's part of the demo. `demo` holds
    `log(message)` and what the steps before it made, by the seed's keys (`units`, `users`,
    `documents`); a step adds what later steps use to it. Steps must add only what is missing, so
    loading again changes nothing."""

    key: str
    load: Callable[..., Any]
    order: int = 100


@dataclass(frozen=True)
class AccessRecords:
    """Records whose visibility follows the unit tree, counted when a change to a unit alters who sees
    what (`orgunits.access`). `model` ("app_label.ModelName") has a manager with `visible_to(user)`,
    which decides from the user's scope only (their memberships on the tree), so users who hold the
    same coverage share one answer; `noun(count)` names `count` of them in the active language."""

    key: str
    model: str
    noun: Callable[[int], str]
    order: int = 100

    def visible_ids(self, user) -> Iterable[int]:
        return apps.get_model(self.model).objects.visible_to(user).values_list("pk", flat=True)


@dataclass(frozen=True)
class HeldItem:
    """One open item a unit holds that a reorganisation can hand to a successor.

    `key` is stable and unique across apps ("tasks.lead:12"): a split's per-item choice is stored
    under it. `role` says in what capacity the unit holds it ("lead", "coordinating", "share of the
    target"), `url` where the preview links to."""

    key: str
    unit: Any
    title: str
    url: str = ""
    role: str = ""

    @property
    def record_id(self) -> int:
        """The id of the record the item is, read from its key ("tasks.lead:12" → 12)."""
        return int(self.key.rsplit(":", 1)[1])


@dataclass(frozen=True)
class Handover:
    """An item passing from its holder to a successor on the reorganisation's day."""

    item: HeldItem
    successor: Any


def successors_by_record(handovers: Iterable[Handover]) -> dict[int, Any]:
    """{id of each handed-over record: its successor}: what a `CarriedWork.carry` starts from."""
    return {handover.item.record_id: handover.successor for handover in handovers}


@dataclass(frozen=True)
class CarriedWork:
    """Open work that passes to a successor when its unit closes in a reorganisation
    (`orgunits.reorganisation`): the tasks a unit leads or helps with, its shares of targets, its
    reporting duties, its members' roles, its letters in draft...

    `held(units, day)` lists the items the units hold open on `day` (their last day);
    `carry(handovers, reorganisation, acting_user)` moves them — each item to its successor — logs
    the change and leaves a trace on the item ("taken over from X on 1/7/2025 under …"), in the
    caller's transaction; `kept(units, day)`, when given, counts what stays with the old units as
    history (finished tasks, submitted reports). `label` names the kind of item in lists."""

    key: str
    label: Any
    held: Callable[..., Iterable[HeldItem]]
    carry: Callable[..., Any]
    kept: Callable[..., int] | None = None
    kept_label: Any = ""
    order: int = 100
