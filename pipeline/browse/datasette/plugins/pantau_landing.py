"""Datasette plugin: the landing page says in a few numbers and one chart what the
database holds — articles, incidents (real-world events, however many outlets told them),
reports per incident, kabupaten covered — and incidents per month by kind.

The chart is SVG drawn here, on the server: nothing is fetched by the browser, so it
works offline. ``templates/index.html`` shows ``pantau_overview`` above the databases.
"""

from __future__ import annotations

from html import escape

from datasette import hookimpl
from markupsafe import Markup

COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#7f7f7f"]
MONTHS = 24  # the chart shows the latest months that have incidents


def incidents_chart(rows: list[tuple[str, str, int]]) -> str:
    """Stacked bars of incidents per month by kind (the six commonest, the rest 'other')."""
    if not rows:
        return ""
    totals: dict[str, int] = {}
    for _, kind, n in rows:
        totals[kind] = totals.get(kind, 0) + n
    top = [k for k, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:6]]
    months = sorted({m for m, _, _ in rows})[-MONTHS:]
    stacks: dict[str, dict[str, int]] = {m: {} for m in months}
    for month, kind, n in rows:
        if month in stacks:
            key = kind if kind in top else "other"
            stacks[month][key] = stacks[month].get(key, 0) + n
    kinds = top + (["other"] if any("other" in s for s in stacks.values()) else [])
    peak = max(sum(s.values()) for s in stacks.values()) or 1
    width, height, left, bottom = 760, 260, 40, 60
    bar = (width - left) / len(months)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="pantau-chart" width="{width}" '
             f'height="{height + 30}" role="img" aria-label="Incidents per month by kind">']
    parts.append(f'<text x="0" y="12" font-size="12">{peak}</text>'
                 f'<line x1="{left}" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" stroke="#999"/>')
    for i, month in enumerate(months):
        x = left + i * bar
        y = height - bottom
        for j, kind in enumerate(kinds):
            n = stacks[month].get(kind, 0)
            if not n:
                continue
            h = n / peak * (height - bottom - 20)
            y -= h
            parts.append(f'<rect x="{x + 2:.1f}" y="{y:.1f}" width="{bar - 4:.1f}" height="{h:.1f}" '
                         f'fill="{COLOURS[j % len(COLOURS)]}"><title>{escape(month)} {escape(kind)}: '
                         f'{n}</title></rect>')
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{y - 3:.1f}" font-size="10" '
                     f'text-anchor="middle">{sum(stacks[month].values())}</text>')
        parts.append(f'<text transform="translate({x + bar / 2:.1f},{height - bottom + 12}) rotate(45)" '
                     f'font-size="10">{escape(month)}</text>')
    for j, kind in enumerate(kinds):
        x = left + j * 110
        parts.append(f'<rect x="{x}" y="{height + 12}" width="10" height="10" '
                     f'fill="{COLOURS[j % len(COLOURS)]}"/><text x="{x + 14}" y="{height + 21}" '
                     f'font-size="11">{escape(kind)}</text>')
    parts.append("</svg>")
    return "".join(parts)


@hookimpl
def extra_template_vars(template, datasette):
    if template != "index.html":
        return {}

    async def overview():
        databases = [d for name, d in datasette.databases.items() if name != "_internal"]
        if not databases or not await databases[0].table_exists("incidents"):
            return {"pantau_overview": None}
        db = databases[0]
        row = (await db.execute(
            "select (select count(*) from articles), (select count(*) from incidents), "
            "(select count(*) from incidents where reports > 1), "
            "(select count(*) from incident_reports), "
            "(select count(distinct substr(region_code, 1, 5)) from incidents "
            " where length(region_code) >= 5), "
            "(select min(date) from incidents), (select max(date) from incidents)")).rows[0]
        rows = [(r[0], r[1], r[2]) for r in (await db.execute(
            "select substr(date, 1, 7), kind, count(*) from incidents where date is not null "
            "group by 1, 2 order by 1")).rows]
        return {"pantau_overview": {
            "database": db.name, "articles": row[0], "incidents": row[1],
            "multi_report": row[2], "reports": row[3], "kabupaten": row[4],
            "first": row[5], "last": row[6], "chart": Markup(incidents_chart(rows)),
        }}

    return overview
