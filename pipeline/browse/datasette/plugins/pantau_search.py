"""Datasette plugin: Indonesian stemming inside SQL, a ``_stem=`` filter on table pages,
and table pages that put the data (and the map) before the column descriptions.

Loaded by ``pantau serve`` through ``--plugins-dir``. The stems come from
``pipeline.storage.search``, the same code that filled ``article_stems`` when articles were
saved, so a query and the text it should find are always stemmed alike.

- ``pantau_stem(text)``: the stemmed text, e.g. ``select pantau_stem('mengunjungi')``.
- ``pantau_stem_query(q)``: an FTS5 query for ``article_stems_fts`` (used by the canned
  query ``search``).
- ``?_stem=kunjungi`` on ``articles`` or any table/view with an ``article_id`` column
  keeps the rows of articles whose stemmed title or text matches.
- Every column is described, so Datasette's list of descriptions would fill the first
  screen of each table; it is folded into a "What each column means" disclosure.
"""

from datasette import hookimpl
from datasette.filters import FilterArguments

from pipeline.storage import search

MATCHING_ARTICLES = (
    "select s.article_id from article_stems s where s.rowid in ("
    "select rowid from article_stems_fts where article_stems_fts match pantau_stem_query(:pantau_stem_q))"
)


@hookimpl
def prepare_connection(conn):
    conn.create_function("pantau_stem", 1, search.stem_text, deterministic=True)
    conn.create_function("pantau_stem_query", 1, search.stem_query, deterministic=True)


@hookimpl
def filters_from_request(request, database, table, datasette):
    query = request.args.get("_stem")
    if not query or not table:
        return None

    async def stem_filter():
        db = datasette.get_database(database)
        if table == "articles":
            column = "id"
        elif "article_id" in await db.table_columns(table):
            column = "article_id"
        else:
            return None
        return FilterArguments(
            [f"[{column}] in ({MATCHING_ARTICLES})"],
            params={"pantau_stem_q": query},
            human_descriptions=[f'article matches "{query}" (stemmed: {search.stem_query(query)})'],
        )

    return stem_filter


FOLD_COLUMN_DESCRIPTIONS = """
document.querySelectorAll("dl.column-descriptions").forEach(function (dl) {
  var details = document.createElement("details");
  var summary = document.createElement("summary");
  summary.textContent = "What each column means (" + dl.querySelectorAll("dt").length + ")";
  dl.parentNode.insertBefore(details, dl);
  details.appendChild(summary);
  details.appendChild(dl);
});
"""


@hookimpl
def extra_body_script(view_name):
    return FOLD_COLUMN_DESCRIPTIONS if view_name == "table" else ""
