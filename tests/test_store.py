"""The store: idempotent saves, whole-article replacement, failures, runs."""

from pipeline.storage import store
from pipeline.records import Article, Extraction, Failure, Official


def _extraction(body: str) -> Extraction:
    article = Article(source="a.txt", title="Judul", body=body)
    official = Official(
        name="Wagiyono", rank="AKP", position="Kapolsek", org="Polsek Seruyan Hilir",
        start=article.text.index("Wagiyono"), end=article.text.index("Wagiyono") + 8,
        rule="officials@1",
    )
    return Extraction(article=article, officials=(official,))


def test_same_article_twice_changes_nothing(tmp_path):
    db = store.open_db(tmp_path / "p.db")
    ex = _extraction("Kapolsek AKP Wagiyono datang.")
    assert store.save_extraction(db, ex, None) is True
    assert store.save_extraction(db, ex, None) is False
    assert db["articles"].count == 1
    assert [r["evidence"] for r in db["officials"].rows] == ["Wagiyono"]
    assert db["people"].get(store.person_key("Wagiyono", "Polsek Seruyan Hilir"))["articles"] == 1


def test_changed_article_replaces_its_rows(tmp_path):
    db = store.open_db(tmp_path / "p.db")
    store.save_extraction(db, _extraction("Kapolsek AKP Wagiyono datang."), None)
    store.save_extraction(db, _extraction("Pagi ini Kapolsek AKP Wagiyono datang."), None)
    assert db["articles"].count == 1
    rows = list(db["officials"].rows)
    assert len(rows) == 1 and rows[0]["evidence"] == "Wagiyono"


def test_shape_is_idempotent_and_fts_works(tmp_path):
    path = tmp_path / "p.db"
    store.open_db(path)
    db = store.open_db(path)
    store.save_extraction(db, _extraction("Kapolsek AKP Wagiyono berkoordinasi."), None)
    assert [r["title"] for r in db["articles"].search("berkoordinasi")] == ["Judul"]
    assert db["_migrations"].count == len(store.MIGRATIONS)


def test_failures_count_attempts_and_resolve(tmp_path):
    db = store.open_db(tmp_path / "p.db")
    store.record_failure(db, Failure("a.txt", "extract", "empty file"), None)
    store.record_failure(db, Failure("a.txt", "extract", "empty file"), None)
    assert [(r["attempts"], r["resolved"]) for r in db["failures"].rows] == [(2, 0)]
    store.save_extraction(db, _extraction("Kapolsek AKP Wagiyono datang."), None)
    assert [r["resolved"] for r in db["failures"].rows] == [1]


def test_new_rules_or_model_make_a_stored_article_stale(tmp_path):
    from dataclasses import replace

    db = store.open_db(tmp_path / "p.db")
    ex = replace(_extraction("Kapolsek AKP Wagiyono datang."), analysis="rules:names@1|officials@1")
    assert store.save_extraction(db, ex, None) is True
    assert store.save_extraction(db, ex, None) is False
    newer = replace(ex, analysis="rules:names@1|officials@2")
    assert store.save_extraction(db, newer, None) is True
    assert [r["analysis"] for r in db["articles"].rows] == ["rules:names@1|officials@2"]


def test_position_as_written_is_stored_beside_the_canonical_form(tmp_path):
    from dataclasses import replace

    from pipeline.browse import export

    db = store.open_db(tmp_path / "p.db")
    ex = _extraction("Kepala Kepolisian Sektor Seruyan Hilir AKP Wagiyono datang.")
    ex = replace(ex, officials=(replace(ex.officials[0], position_written="Kepala Kepolisian Sektor"),))
    store.save_extraction(db, ex, None)
    assert [(r["position"], r["position_written"]) for r in db["officials"].rows] == \
        [("Kapolsek", "Kepala Kepolisian Sektor")]
    [record] = export.article_records(db)
    assert record["officials"][0]["position"] == "Kapolsek"
    assert record["officials"][0]["position_written"] == "Kepala Kepolisian Sektor"


def test_a_database_from_before_position_written_gains_the_column(tmp_path):
    import sqlite3

    path = tmp_path / "old.db"
    store.open_db(path).conn.close()
    con = sqlite3.connect(path)  # as a pantau before migration 8 left it
    with con:
        for (view,) in con.execute("select name from sqlite_master where type = 'view'").fetchall():
            con.execute(f"drop view [{view}]")
        con.execute("alter table officials drop column position_written")
        con.execute("delete from _migrations where name = '_m008_position_written'")
    con.close()
    db = store.open_db(path)
    assert "position_written" in db["officials"].columns_dict
    assert db["_migrations"].count == len(store.MIGRATIONS)


def test_two_events_of_one_type_from_one_sentence_are_both_kept(tmp_path):
    # "Patroli digelar Sabtu dan Minggu (27-28/1)" may give one patrol per day from one
    # sentence: same type, same evidence start. Both rows stay; ids of lone events do not change.
    from pipeline.records import Event

    body = "Polsek Betung menggelar patroli Sabtu dan Minggu (27-28/1/2024)."
    article = Article(source="a.txt", title="Judul", body=body)
    at = article.text.index("patroli")
    days = [Event(type="patrol", start=at, end=at + 7, rule="events@test", date=d)
            for d in ("2024-01-27", "2024-01-28")]
    db = store.open_db(tmp_path / "p.db")
    store.save_extraction(db, Extraction(article=article, events=tuple(days)), None)
    assert sorted(r["date"] for r in db["events"].rows) == ["2024-01-27", "2024-01-28"]
    lone = tmp_path / "q.db"
    db2 = store.open_db(lone)
    store.save_extraction(db2, Extraction(article=article, events=days[:1]), None)
    assert [r["id"] for r in db2["events"].rows] == [
        store.row_id(next(iter(db2["articles"].rows))["id"], "event", "patrol", at)]
