"""Headless Chromium against `pantau serve`: the events table and the map page render.

Chromium (Debian's package, /usr/bin/chromium) is installed by `make test`. It is driven
as a plain subprocess: ``--dump-dom`` gives the page after its scripts ran (the map
loads its points from the JSON API), ``--screenshot`` saves what a person would see, under
outputs/screenshots/. Every host but 127.0.0.1 resolves to nothing, so map tiles are not
fetched: the map shows its markers on a blank background.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.test_serve import served  # noqa: F401  (the running server, shared)

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = REPO / "outputs" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="no /usr/bin/chromium: `make test` installs Debian's chromium"),
]

# Quiet, offline and root-safe, as this machine's notes require (python.md).
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    # Virtual time runs the page's scripts and fetches to completion before output.
    "--virtual-time-budget=15000",
]


def chromium(tmp_path: Path, url: str, *args: str) -> str:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    result = subprocess.run(
        [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args, url],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def screenshot(tmp_path: Path, url: str, name: str, height: int) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    path.unlink(missing_ok=True)
    chromium(tmp_path, url, f"--screenshot={path}", f"--window-size=1280,{height}")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.stat().st_size > 20_000  # a blank page compresses to a few KB
    return path


def test_events_table_renders(served, tmp_path):  # noqa: F811
    url = f"{served.base}/pantau/events"
    dom = chromium(tmp_path, url, "--dump-dom")
    assert "One row per reported activity" in dom
    cells = re.findall(r'<td class="col-type[^"]*"[^>]*>(.*?)</td>', dom, re.S)
    assert {"coordination", "visit"} <= {c.strip() for c in cells}
    # The folded column descriptions are still on the page, one click away.
    assert "What each column means" in dom
    screenshot(tmp_path, url, "events.png", 900)


def test_map_page_shows_event_markers(served, tmp_path):  # noqa: F811
    url = f"{served.base}/pantau/event_places"
    placed = [r for r in served.rows("/pantau/event_places.json") if r["latitude"] is not None]
    dom = chromium(tmp_path, url, "--dump-dom")
    assert "leaflet-container" in dom, "the cluster map did not load"
    markers = re.findall(r'class="[^"]*leaflet-marker-icon', dom)
    # Nearby points merge into cluster markers, so there are at most as many as points.
    assert 2 <= len(markers) <= len(placed)
    screenshot(tmp_path, url, "map.png", 1150)


def test_landing_page_and_incident_map(served, tmp_path):  # noqa: F811
    dom = chromium(tmp_path, f"{served.base}/", "--dump-dom")
    assert "What this database holds" in dom and "pantau-chart" in dom
    screenshot(tmp_path, f"{served.base}/", "landing.png", 900)
    url = f"{served.base}/pantau/incident_places"
    dom = chromium(tmp_path, url, "--dump-dom")
    assert "leaflet-container" in dom, "the cluster map did not load"
    assert re.findall(r'class="[^"]*leaflet-marker-icon', dom)
    screenshot(tmp_path, url, "incident_map.png", 1150)


def test_incident_dashboard_draws_charts_offline(served, tmp_path):  # noqa: F811
    # Vega-Lite draws in the browser from the copy inside the datasette-dashboards wheel;
    # every other host resolves to nothing, so a chart only appears if nothing is fetched
    # from a CDN.
    url = f"{served.base}/-/dashboards/incidents"
    dom = chromium(tmp_path, url, "--dump-dom")
    assert "Incidents per month, by kind" in dom
    drawn = re.findall(r'role="graphics-document"', dom)
    assert len(drawn) == 3, "the three Vega-Lite charts did not all render"
    screenshot(tmp_path, url, "incident_dashboard.png", 1400)
