"""Incidents: reports of one event grouped, decoys kept apart, whatever the arrival order,
and a save that dies half-way leaves no half-made incident."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline import extract
from pipeline.analysis.analyse import analyse
from pipeline.storage import incidents, store

MULTI = Path(__file__).resolve().parents[1] / "corpus" / "multi"
# inc01 + its decoy inc02, inc07 + decoy inc08, inc29 + decoy inc30, inc15 (a near-copy)
FILES = ["mo_01", "mo_02", "mo_04", "mo_12", "mo_13", "mo_14", "mo_54", "mo_55", "mo_56",
         "mo_27", "mo_28", "mo_29"]


@pytest.fixture(scope="module")
def extractions():
    paths = [next(MULTI.glob(f"{name}_*")) for name in FILES]
    found = analyse([extract.read_article(p) for p in paths], ner="rules")
    return {name: ex for name, ex in zip(FILES, found)}


def save_all(db, extractions, order):
    for name in order:
        assert store.save_extraction(db, extractions[name], None) is not None


def groups(db) -> set[frozenset[str]]:
    """Incidents as sets of report names (mo_01 ...)."""
    out: dict[str, set[str]] = {}
    for r in db.query("select r.incident_id, a.source from incident_reports r "
                      "join articles a on a.id = r.article_id"):
        out.setdefault(r["incident_id"], set()).add(Path(r["source"]).name[:5])
    return {frozenset(v) for v in out.values()}


def rows(db) -> tuple[list, list]:
    return (list(db.query("select * from incidents order by id")),
            list(db.query("select * from incident_reports order by incident_id, event_id")))


def test_reports_of_one_event_join_and_decoys_stay_apart(tmp_path, extractions):
    db = store.open_db(tmp_path / "p.db")
    save_all(db, extractions, FILES)
    got = groups(db)
    # mo_27 is a syndicated copy of mo_28 in which no event was found: it joins as a report
    for together in ({"mo_01", "mo_02"}, {"mo_12", "mo_13"}, {"mo_54", "mo_55"},
                     {"mo_27", "mo_28", "mo_29"}):
        assert frozenset(together) in got, got
    for alone in ("mo_04", "mo_14", "mo_56"):
        assert frozenset({alone}) in got, got
    # every event is in exactly one incident, and every incident has a report
    assert db.execute("select count(*) from events").fetchone()[0] == db.execute(
        "select count(distinct event_id) from incident_reports").fetchone()[0]
    assert not db.execute("select id from incidents where id not in "
                          "(select incident_id from incident_reports)").fetchall()


def test_conflicts_are_flags_not_resolved(tmp_path, extractions):
    db = store.open_db(tmp_path / "p.db")
    save_all(db, extractions, ["mo_01", "mo_02"])
    [row] = db.query("select * from incidents")
    assert row["reports"] == 2 and row["outlets"] == 2
    assert "tps_figures_differ" in row["flags"]  # 1.098 vs 1.102 TPS
    assert row["region_code"] == "53.01" and row["date"] == "2024-11-12"
    assert "Polres Kupang" in row["police_units"]


def test_arrival_order_does_not_change_incidents(tmp_path, extractions):
    first = store.open_db(tmp_path / "a.db")
    save_all(first, extractions, FILES)
    expected = rows(first)
    for n, order in enumerate([list(reversed(FILES)), random.Random(7).sample(FILES, len(FILES))]):
        db = store.open_db(tmp_path / f"o{n}.db")
        save_all(db, extractions, order)
        assert rows(db)[1] == expected[1]
        assert [{**r, "id": None} for r in rows(db)[0]] == [{**r, "id": None} for r in expected[0]]
        assert rows(db)[0] == expected[0]
    with first.conn:
        incidents.relink_all(first)
    assert rows(first) == expected


def test_reprocessing_keeps_incident_ids(tmp_path, extractions):
    db = store.open_db(tmp_path / "p.db")
    save_all(db, extractions, FILES)
    before = rows(db)
    for name in ["mo_02", "mo_13", "mo_28"]:  # new rule versions: stored articles redone
        assert store.save_extraction(db, replace(extractions[name], analysis="newer"), None)
    assert rows(db) == before


def test_a_save_killed_half_way_leaves_no_half_made_incident(tmp_path, extractions, monkeypatch):
    db = store.open_db(tmp_path / "p.db")
    save_all(db, extractions, ["mo_12", "mo_14"])  # same day, Jember and Bondowoso
    before = rows(db)
    calls = []
    real = incidents.incident_rows

    def dies_on_second(*args):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt("killed")
        return real(*args)

    monkeypatch.setattr(incidents, "incident_rows", dies_on_second)
    with pytest.raises(KeyboardInterrupt):
        store.save_extraction(db, extractions["mo_13"], None)
    assert len(calls) == 2  # it died after writing an incident, inside the transaction
    assert rows(db) == before
    assert db.execute("select count(*) from articles").fetchone()[0] == 2
    monkeypatch.setattr(incidents, "incident_rows", real)
    store.save_extraction(db, extractions["mo_13"], None)
    assert groups(db) == {frozenset({"mo_12", "mo_13"}), frozenset({"mo_14"})}


def test_incidents_export_as_jsonl_with_reports_and_as_csv(tmp_path, extractions):
    import csv
    import json

    from click.testing import CliRunner

    from pipeline.cli import cli

    db_path = tmp_path / "p.db"
    db = store.open_db(db_path)
    save_all(db, extractions, ["mo_01", "mo_02", "mo_04"])
    db.close()
    out = tmp_path / "incidents.jsonl"
    result = CliRunner().invoke(cli, ["export", "--db", str(db_path), "--format", "jsonl",
                                      "--what", "incidents", "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["date"], r["reports"], len(r["report_list"])) for r in records] == [
        ("2024-11-12", 2, 2), ("2024-11-25", 1, 1)]
    assert "tps_figures_differ" in records[0]["flags"]
    assert {Path(r["source"]).name[:5] for r in records[0]["report_list"]} == {"mo_01", "mo_02"}
    result = CliRunner().invoke(cli, ["export", "--db", str(db_path), "--format", "csv",
                                      "-o", str(tmp_path / "csv")])
    assert result.exit_code == 0, result.output
    with open(tmp_path / "csv" / "incident_reports.csv", encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == 3
