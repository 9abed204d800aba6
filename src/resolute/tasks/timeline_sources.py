"""Events that higher apps add to a task's timeline, so the layers stay one-way.

The timeline belongs to `tasks`, but some of what happens to a task is recorded above it (the
reminders and urging letters of `reporting`). Such an app registers a source at start-up — a
function `source(task) -> list[TimelineEvent]`, given as the function or its dotted path so the
registering module need not import this app's views — and the kinds of event it adds with their
labels; `selectors.timeline()` merges what every source returns.
"""

from collections.abc import Callable

from django.utils.module_loading import import_string

_sources: list[Callable | str] = []
_kinds: dict[str, tuple[object, str]] = {}


def register_timeline_source(source: Callable | str) -> None:
    """Add `source` (a callable or its dotted path) once."""
    if source not in _sources:
        _sources.append(source)


def register_event_kind(kind: str, label, badge_class: str = "badge") -> None:
    """Name a kind of event that a source adds, with its label and badge style."""
    _kinds[kind] = (label, badge_class)


def events_from_sources(task) -> list:
    """Every registered source's events for `task`, in the order the sources were registered."""
    from .selectors import EventKind

    # The timeline's labels and badges are looked up by kind; the registered kinds join them here,
    # when the selectors module is surely loaded, rather than at registration time.
    for kind, (label, badge_class) in _kinds.items():
        EventKind.LABELS.setdefault(kind, label)
        EventKind.BADGES.setdefault(kind, badge_class)
    events = []
    for source in _sources:
        function = import_string(source) if isinstance(source, str) else source
        events.extend(function(task))
    return events
