"""Panels that higher apps add to pages of lower apps, so the layers stay one-way.

The org unit page belongs to `orgunits`, but the task rates shown on it belong to `tasks`, which
sits above: `tasks` registers a panel at start-up and the unit page renders whatever is registered.
"""

from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

# A panel takes (request, unit) and returns (template name, context), or None to show nothing.
UnitPanel = Callable[..., tuple[str, dict] | None]
_unit_panels: list[UnitPanel] = []


def register_unit_panel(panel: UnitPanel) -> UnitPanel:
    if panel not in _unit_panels:
        _unit_panels.append(panel)
    return panel


def render_unit_panels(request, unit) -> list[SafeString]:
    rendered = []
    for panel in _unit_panels:
        result = panel(request, unit)
        if result is not None:
            template_name, context = result
            rendered.append(render_to_string(template_name, context, request=request))
    return rendered
