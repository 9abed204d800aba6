"""The compliance chart, drawn on the server as an inline SVG: for each period, two bars — the share
of expected reports received (completeness) and the share received by the deadline (timeliness).

No script and no style attribute (the content security policy forbids both): the drawing is styled
with SVG presentation attributes, and every bar carries a <title> that a screen reader or a hover
shows. A period not yet due is drawn in grey and says so.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 64
COLOURS = {
    "grid": "#d9dee5",
    "axis": "#4b5563",
    "completeness": "#1d4ed8",
    "timeliness": "#15803d",
    "pending": "#cbd5e1",
}


@dataclass(frozen=True)
class PeriodBar:
    """One period of the chart: its label, the two rates (None when nothing was expected), and whether
    its deadline has passed."""

    label: str
    completeness: Decimal | None
    timeliness: Decimal | None
    fallen_due: bool
    expected: int = 0


def _number(value: float) -> str:
    return f"{value:.1f}"


def _percent_text(value: Decimal | None) -> str:
    if value is None:
        return _("nothing expected")
    return f"{number_format(value, 1)} %"


def _y(value: Decimal) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - float(value) / 100)


def _axes() -> list[str]:
    parts = []
    for value in (0, 25, 50, 75, 100):
        y = _number(_y(Decimal(value)))
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}" stroke="{COLOURS["grid"]}" '
            'stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y}" text-anchor="end" dominant-baseline="middle" font-size="11" '
            f'fill="{COLOURS["axis"]}">{value} %</text>'
        )
    return parts


def _legend() -> list[str]:
    parts = []
    x, y = LEFT, HEIGHT - 16
    for key, label in (("completeness", _("Completeness")), ("timeliness", _("Timeliness"))):
        parts.append(
            f'<rect x="{x}" y="{y - 6}" width="12" height="12" fill="{COLOURS[key]}"/>'
            f'<text x="{x + 18}" y="{y}" dominant-baseline="middle" font-size="12" '
            f'fill="{COLOURS["axis"]}">{escape(label)}</text>'
        )
        x += 40 + 7 * len(label)
    return parts


def draw(bars: list[PeriodBar], *, title: str, element_id: str = "compliance-chart") -> SafeString:
    """The chart as an <svg> element, ready to put in a page."""
    parts = [
        f'<svg class="compliance-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" aria-labelledby="{element_id}-title" '
        f'preserveAspectRatio="xMidYMid meet" font-family="system-ui, sans-serif">',
        f'<title id="{element_id}-title">{escape(title)}</title>',
        *_axes(),
    ]
    slot = (WIDTH - LEFT - RIGHT) / max(len(bars), 1)
    bar_width = min(slot * 0.35, 28)
    bottom = HEIGHT - BOTTOM
    for index, bar in enumerate(bars):
        centre = LEFT + slot * (index + 0.5)
        for offset, key, value in (
            (-bar_width, "completeness", bar.completeness),
            (0, "timeliness", bar.timeliness),
        ):
            label = _("Completeness") if key == "completeness" else _("Timeliness")
            description = _("%(measure)s in %(period)s: %(value)s") % {
                "measure": label,
                "period": bar.label,
                "value": _percent_text(value),
            }
            if not bar.fallen_due:
                description += " — " + _("not yet due")
            height = 0.0 if value is None else bottom - _y(value)
            colour = COLOURS[key] if bar.fallen_due else COLOURS["pending"]
            parts.append(
                f'<rect class="chart-{key}" x="{_number(centre + offset)}" y="{_number(bottom - height)}" '
                f'width="{_number(bar_width)}" height="{_number(height)}" fill="{colour}">'
                f"<title>{escape(description)}</title></rect>"
            )
        parts.append(
            f'<text x="{_number(centre)}" y="{bottom + 16}" text-anchor="middle" font-size="11" '
            f'fill="{COLOURS["axis"]}">{escape(bar.label)}</text>'
        )
    parts.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{bottom}" y2="{bottom}" stroke="{COLOURS["axis"]}"/>'
    )
    parts.extend(_legend())
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above is escaped
