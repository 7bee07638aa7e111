"""Near-duplicate articles (syndicated press releases) are linked, whatever order they arrive in."""

from __future__ import annotations

import itertools

from pipeline.storage import dedup, schema, store
from pipeline.records import Article, Extraction
from tests.sites.server import HERE

RELEASE = (HERE / "sampit" / "articles" / "rilis-polda-kalteng-netralitas.txt").read_text(
    encoding="utf-8").split("\n\n", 2)[2]
OTHER = (HERE / "banyuasin" / "articles" / "ketua-ppk-betung-bimtek-kpps.txt").read_text(
    encoding="utf-8").split("\n\n", 2)[2]


def article(name: str, published: str, body: str) -> Article:
    return Article(source=f"https://{name}.example.id/rilis", title=f"Rilis di {name}",
                   body=body, published=published, format="html")


SAMPIT = article("sampit", "2024-11-05", RELEASE)
# the same release with its own opening line and without the closing paragraph
BANYUASIN = article("banyuasin", "2024-11-06", "BANYUASINPOS.ID - Rilis dari Humas Polda.\n\n"
                    + RELEASE.rsplit("\n\n", 1)[0])
EARLIEST = article("kalteng", "2024-11-04", RELEASE + "\n\nEditor: Humas Polda Kalteng")
UNRELATED = article("betung", "2024-11-05", OTHER)


def links(db) -> dict[str, str | None]:
    names = {r["id"]: r["source"].split("//")[1].split(".")[0] for r in db["articles"].rows}
    return {names[r["id"]]: names.get(r["duplicate_of"]) for r in db["articles"].rows}


def test_similarity_of_the_fixtures():
    release = dedup.shingles(SAMPIT.body)
    assert 0.5 < dedup.jaccard(release, dedup.shingles(BANYUASIN.body)) < 0.9
    assert dedup.jaccard(release, dedup.shingles(UNRELATED.body)) < 0.05
    assert dedup.shingles("Kapolsek datang ke PPK.") == set()  # too short to judge
    assert dedup.band_keys(release) == dedup.band_keys(set(release))  # deterministic
    assert len(dedup.band_keys(release)) == dedup.BANDS


def test_links_do_not_depend_on_arrival_order(tmp_path):
    expected = {"kalteng": None, "sampit": "kalteng", "banyuasin": "kalteng", "betung": None}
    orders = list(itertools.permutations([SAMPIT, BANYUASIN, EARLIEST, UNRELATED]))
    for i, order in enumerate(orders[::4]):  # every article comes first, earliest one last too
        db = store.open_db(tmp_path / f"{i}.db")
        for a in order:
            store.save_extraction(db, Extraction(article=a), None)
        assert links(db) == expected, order
        assert db["article_bands"].count == 4 * dedup.BANDS


def test_links_follow_changed_articles(tmp_path):
    db = store.open_db(tmp_path / "p.db")
    for a in (SAMPIT, BANYUASIN, EARLIEST, UNRELATED):
        store.save_extraction(db, Extraction(article=a), None)
    # the earliest copy is rewritten into a near-copy of another (later) story: the release
    # copies fall back to sampit, and that story now points to the earlier kalteng
    rewritten = article("kalteng", "2024-11-04", OTHER.replace("Betung", "Rambutan"))
    store.save_extraction(db, Extraction(article=rewritten), None)
    assert links(db) == {"kalteng": None, "sampit": None, "banyuasin": "sampit",
                         "betung": "kalteng"}
    similarity = db.execute("select similarity from articles where duplicate_of is not null "
                            "and source like '%banyuasin%'").fetchone()[0]
    assert 0.5 <= similarity < 1


def test_the_migration_links_articles_stored_before_it(tmp_path):
    path = tmp_path / "old.db"
    db = store.open_db(path)
    for a in (SAMPIT, BANYUASIN, UNRELATED):
        store.save_extraction(db, Extraction(article=a), None)
    # back to the shape before the migration: no bands, no links, no crawl counts
    version = schema.MIGRATIONS.index(schema._m003_near_duplicates_and_crawl_counts) + 1
    with db.conn:
        db.conn.execute("drop table article_bands")
        for table, column in (("articles", "duplicate_of"), ("articles", "similarity"),
                              ("runs", "discovered"), ("runs", "fetched")):
            db.conn.execute(f"alter table {table} drop column {column}")
        db.conn.execute("delete from _migrations where version = ?", [version])
    db.close()
    db = store.open_db(path)
    assert links(db) == {"sampit": None, "banyuasin": "sampit", "betung": None}
    assert db["article_bands"].count == 3 * dedup.BANDS
