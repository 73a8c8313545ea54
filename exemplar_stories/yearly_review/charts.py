"""Server-rendered SVG bar charts: no JavaScript, readable on screen and on paper.

Bars are told apart by colour *and* by a hatch pattern, every bar carries its number, and the
text is black on white, so a grey-scale printout still reads.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

# (fill, pattern) per series: distinct in colour and in black-and-white print.
STYLES = [
    ("#1d4f91", None),
    ("#c1782f", "hatch"),
    ("#3d8c40", "dots"),
    ("#7a3b8f", "cross"),
]


LETTER_WIDTH = 7.5


def _patterns(uid):
    return (
        "<defs>"
        f'<pattern id="{uid}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#c1782f"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/></pattern>'
        f'<pattern id="{uid}-dots" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="#3d8c40"/><circle cx="3" cy="3" r="1.4" fill="#fff"/>'
        "</pattern>"
        f'<pattern id="{uid}-cross" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="#7a3b8f"/>'
        '<path d="M0 3H6M3 0V6" stroke="#fff" stroke-width="1"/></pattern>'
        "</defs>"
    )


def _fill(uid, index):
    colour, pattern = STYLES[index % len(STYLES)]
    return f"url(#{uid}-{pattern})" if pattern else colour


def grouped_bar_chart(*, title, categories, series, uid="chart", height=260):
    """An SVG of grouped bars: one group per category, one bar per series.

    `series` is a list of (label, [value per category]). Returns safe HTML.
    """
    categories = [str(c) for c in categories]
    bars = max(1, len(series))
    bar_width, gap = 22, 26
    group_width = bars * bar_width + gap
    left, top, bottom = 40, 48, 40
    # The legend sits on one line above the plot: the chart is as wide as it, so that no label is
    # cut ("Nhân tố mới", not "Nhân tố"). Vietnamese letters at 12px average about 7.5px.
    legend_width = sum(18 + LETTER_WIDTH * len(str(label)) + 18 for label, _v in series)
    width = max(320, left + len(categories) * group_width + 20, round(left + legend_width + 10))
    plot = height - top - bottom
    peak = max([v for _label, values in series for v in values] + [1])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px" '
        f'aria-labelledby="{uid}-title" font-family="sans-serif" font-size="12">',
        f'<title id="{uid}-title">{escape(title)}</title>',
        _patterns(uid),
        f'<rect width="{width}" height="{height}" fill="#fff"/>',
        f'<line x1="{left}" y1="{top + plot}" x2="{width - 10}" y2="{top + plot}" stroke="#000"/>',
    ]
    # Legend, above the plot.
    x = left
    for index, (label, _values) in enumerate(series):
        parts.append(
            f'<rect x="{x}" y="12" width="14" height="14" fill="{_fill(uid, index)}" '
            'stroke="#000" stroke-width="0.5"/>'
            f'<text x="{x + 18}" y="24" fill="#000">{escape(label)}</text>'
        )
        x += 18 + LETTER_WIDTH * len(str(label)) + 18
    for position, category in enumerate(categories):
        group_x = left + position * group_width + gap / 2
        for index, (label, values) in enumerate(series):
            value = values[position]
            bar_height = round(plot * value / peak)
            bx, by = group_x + index * bar_width, top + plot - bar_height
            parts.append(
                f'<rect x="{bx}" y="{by}" width="{bar_width - 3}" height="{bar_height}" '
                f'fill="{_fill(uid, index)}" stroke="#000" stroke-width="0.5">'
                f"<title>{escape(label)}, {escape(category)}: {value}</title></rect>"
                f'<text x="{bx + (bar_width - 3) / 2}" y="{by - 4}" text-anchor="middle" '
                f'fill="#000">{value}</text>'
            )
        parts.append(
            f'<text x="{group_x + bars * bar_width / 2}" y="{top + plot + 18}" '
            f'text-anchor="middle" fill="#000">{escape(category)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above is escaped
