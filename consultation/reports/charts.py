"""Server-rendered SVG charts (pygal), made accessible and inlined in the page.

Each chart is an image with a title and a one-sentence description (role
"img", aria-labelledby); the page puts the same figures in a table next to
it, so nobody needs to read the picture. No JavaScript: pygal's tooltip
script is left out.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

import pygal
from markupsafe import Markup, escape
from pygal.style import Style

#: GOV.UK colours that keep 3:1 contrast against white (WCAG 1.4.11).
_STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#0b0c0c",
    foreground_strong="#0b0c0c",
    foreground_subtle="#505a5f",
    colors=("#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#b58840", "#f499be", "#003078"),
    font_family="arial, sans-serif",
    label_font_size=14,
    major_label_font_size=14,
    value_font_size=14,
    legend_font_size=14,
    title_font_size=18,
)

_ids = itertools.count(1)
#: pygal always writes its settings for its tooltip script; with no script they are dead weight.
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL)


def _accessible(svg: str, title: str, description: str) -> Markup:
    """Give pygal's SVG an image role, a <title> and a <desc>, and a stable id prefix."""
    n = next(_ids)
    title_id, desc_id = f"chart-{n}-title", f"chart-{n}-desc"
    head, rest = _SCRIPT.sub("", svg).split(">", 1)
    opening = (
        f'{head} role="img" aria-labelledby="{title_id} {desc_id}" focusable="false">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(description)}</desc>'
    )
    # pygal escapes the figures and labels it draws; our title and desc are escaped above.
    return Markup(opening + rest)  # noqa: S704


def _chart(kind: type, title: str, **options: object) -> pygal.Graph:
    settings: dict[str, object] = {
        "style": _STYLE,
        "js": [],
        "disable_xml_declaration": True,
        "show_legend": False,
        "print_values": True,
        "title": title,
        "width": 800,
        "height": 400,
    }
    return kind(**(settings | options))


def bars(title: str, description: str, labels: Sequence[str], values: Sequence[int]) -> Markup:
    """Horizontal bars, one per label (channels, wards, questions)."""
    chart = _chart(kind=pygal.HorizontalBar, title=title, height=max(200, 60 + 40 * len(labels)))
    chart.x_labels = list(labels)
    chart.add(title, list(values))
    return _accessible(chart.render(is_unicode=True), title, description)


def timeline(title: str, description: str, labels: Sequence[str], values: Sequence[int]) -> Markup:
    """Columns over time (days or weeks)."""
    chart = _chart(kind=pygal.Bar, title=title, x_label_rotation=45, print_values=False)
    chart.x_labels = list(labels)
    chart.add(title, list(values))
    return _accessible(chart.render(is_unicode=True), title, description)


def stacked(
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
) -> Markup:
    """Stacked horizontal bars with a legend: one bar per label, one colour per series."""
    chart = _chart(
        kind=pygal.HorizontalStackedBar,
        title=title,
        height=max(240, 100 + 40 * len(labels)),
    )
    chart.show_legend = True
    chart.legend_at_bottom = True
    chart.print_values = False
    chart.x_labels = list(labels)
    for name, values in series:
        chart.add(name, list(values))
    return _accessible(chart.render(is_unicode=True), title, description)
