"""The bar chart of /stats, drawn on the server as SVG: no script, no colour needed to read it.

Each category gets two horizontal bars, the same period last year (hatched) above this
period (solid), each with its number written beside it. The template draws what this module
measures.
"""

from dataclasses import dataclass

WIDTH = 640
LABEL_WIDTH = 180
VALUE_ROOM = 48
BAR_HEIGHT = 18
BAR_GAP = 4
GROUP_GAP = 18
TOP = 8


@dataclass(frozen=True)
class Bar:
    y: int
    width: int
    value: int
    text_x: int


@dataclass(frozen=True)
class Group:
    label: str
    label_y: int
    before: Bar
    now: Bar


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    bar_height: int
    groups: list[Group]


def _bar(y: int, value: int, largest: int) -> Bar:
    room = WIDTH - LABEL_WIDTH - VALUE_ROOM
    width = round(room * value / largest) if largest else 0
    if value and width < 2:
        width = 2  # a case must never look like none
    return Bar(y=y, width=width, value=value, text_x=LABEL_WIDTH + width + 6)


def bar_chart(rows: list[tuple[str, int, int]]) -> Chart:
    """Measure a chart of (label, before, now) rows."""
    largest = max((max(before, now) for _label, before, now in rows), default=0)
    groups = []
    y = TOP
    for label, before, now in rows:
        groups.append(
            Group(
                label=label,
                label_y=y + BAR_HEIGHT + BAR_GAP // 2 + 5,
                before=_bar(y, before, largest),
                now=_bar(y + BAR_HEIGHT + BAR_GAP, now, largest),
            )
        )
        y += 2 * BAR_HEIGHT + BAR_GAP + GROUP_GAP
    return Chart(
        width=WIDTH,
        height=y - GROUP_GAP + TOP,
        label_width=LABEL_WIDTH,
        bar_height=BAR_HEIGHT,
        groups=groups,
    )
