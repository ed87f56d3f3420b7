"""Charts as inline SVG: drawn on the server, nothing loaded from outside, readable without
colour (each bar carries its figure as text) and by screen readers (role="img" with a title
and a description that says every figure in words).

Pure functions from figures to markup; every text that enters the markup is escaped here.
The sentences are said in the page's Voice (domain/words.py), English without one.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from services.portal.domain.words import ENGLISH, Voice, plain_number

BAR_COLOUR = "#1d5c96"  # 7:1 against white
RULE_COLOUR = "#1b1b1b"
TRACK_COLOUR = "#e8ecf0"
MET_COLOUR = "#1e6b34"
SHORT_COLOUR = "#1d5c96"


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    value: int


def _attr(value) -> str:
    return escape(str(value), quote=True)


def _open(chart_id: str, width: int, height: int, title: str, desc: str, kind: str) -> str:
    return (f'<svg class="chart chart-{kind}" id="{_attr(chart_id)}" role="img" '
            f'viewBox="0 0 {width} {height}" width="100%" '
            f'aria-labelledby="{_attr(chart_id)}-title {_attr(chart_id)}-desc" '
            f'xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{_attr(chart_id)}-title">{escape(title)}</title>'
            f'<desc id="{_attr(chart_id)}-desc">{escape(desc)}</desc>')


def bar_length(value: int, largest: int, span: float) -> float:
    """The length of a bar for `value` when the largest bar spans `span`; a non-zero value
    always shows at least a sliver, so it is never mistaken for nothing."""
    if value <= 0 or largest <= 0:
        return 0.0
    return max(span * value / largest, 2.0)


def bar_chart(chart_id: str, title: str, bars: list[Bar], *, say: Voice = ENGLISH,
              width: int = 400, row: int = 44) -> str:
    """Horizontal bars of reviews, each under its label with its figure written at its
    end: the labels sit above the bars, so the picture stays narrow and readable on a
    phone."""
    desc = "; ".join(say.ngettext("%(label)s: %(num)d review", "%(label)s: %(num)d reviews",
                                  b.value, label=b.label)
                     for b in bars) or say.gettext("no reviews")
    height = max(row * len(bars), row) + 4
    span = width - 48
    largest = max((b.value for b in bars), default=0)
    parts = [_open(chart_id, width, height, title, desc, "bars")]
    for i, b in enumerate(bars):
        y = i * row
        length = bar_length(b.value, largest, span)
        parts.append(
            f'<g class="bar" data-key="{_attr(b.key)}" data-value="{b.value}">'
            f'<text x="0" y="{y + 15}" class="chart-label">{escape(b.label)}</text>'
            f'<rect x="0" y="{y + 21}" width="{length:.1f}" height="16" '
            f'fill="{BAR_COLOUR}" rx="2"/>'
            f'<text x="{length + 6:.1f}" y="{y + 34}" class="chart-value">{b.value}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


def completion_gauge(chart_id: str, completed: int, foreseen: int, percentage: float,
                     threshold: int, *, say: Voice = ENGLISH, width: int = 400) -> str:
    """A track from 0 to 100 per cent, filled to the completion, with the rule's threshold
    marked and named: whether the rule is met is said in words, not by colour alone."""
    pct = max(0.0, min(100.0, float(percentage)))
    met = pct >= threshold
    left, span, height = 10, width - 20, 78
    fill = span * pct / 100
    mark = left + span * threshold / 100
    figures = {"percent": say.number(pct), "threshold": say.number(threshold),
               "completed": completed, "foreseen": foreseen}
    verdict = say.gettext("rule met") if met else say.gettext("rule not met")
    title = say.gettext("Completion: %(percent)s per cent against the %(threshold)s per cent "
                        "rule", **figures)
    desc = say.ngettext("%(completed)s of %(foreseen)s review foreseen completed, %(percent)s "
                        "per cent; the phase may advance at %(threshold)s per cent: "
                        "%(verdict)s",
                        "%(completed)s of %(foreseen)s reviews foreseen completed, "
                        "%(percent)s per cent; the phase may advance at %(threshold)s per "
                        "cent: %(verdict)s", foreseen, verdict=verdict, **figures)
    rule = say.gettext("%(threshold)s %% rule", **figures)
    reached = say.gettext("%(percent)s %% completed (%(completed)s of %(foreseen)s): "
                          "%(verdict)s", verdict=verdict, **figures)
    return "".join([
        _open(chart_id, width, height, title, desc, "gauge"),
        f'<rect x="{left}" y="26" width="{span}" height="22" fill="{TRACK_COLOUR}" rx="3"/>',
        f'<rect class="gauge-fill" x="{left}" y="26" width="{fill:.1f}" height="22" '
        f'fill="{MET_COLOUR if met else SHORT_COLOUR}" rx="3" data-value="{plain_number(pct)}"/>',
        f'<line x1="{mark:.1f}" x2="{mark:.1f}" y1="18" y2="56" stroke="{RULE_COLOUR}" '
        f'stroke-width="3"/>',
        f'<text x="{mark:.1f}" y="12" text-anchor="{_anchor(mark, width)}" '
        f'class="chart-label">'
        f'{escape(rule)}</text>',
        f'<text x="{left}" y="72" class="chart-value">{escape(reached)}</text>',
        "</svg>",
    ])


def _anchor(x: float, width: int) -> str:
    """Keep a label near either edge inside the picture."""
    if x < 50:
        return "start"
    return "end" if x > width - 50 else "middle"

