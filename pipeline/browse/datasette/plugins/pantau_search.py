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
- The search box of the ``articles`` table (``?_search=``, page, JSON and CSV alike) is
  that stemmed search: typing "kunjungi" finds "mengunjungi" and "kunjungan". Datasette's
  own search would match the exact words of ``articles_fts``; the request is rewritten to
  ``_stem`` before Datasette sees it, and the box is given back what was typed.
- Every column is described, so Datasette's list of descriptions would fill the first
  screen of each table; it is folded into a "What each column means" disclosure.
"""

import re
from urllib.parse import parse_qsl, urlencode

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
def extra_body_script(view_name, table):
    if view_name != "table":
        return ""
    return FOLD_COLUMN_DESCRIPTIONS + (REFILL_SEARCH_BOX if table == "articles" else "")


# /<database>/articles, its .json and .csv: the table whose search box is stemmed.
ARTICLES_PATH = re.compile(r"^/[^/]+/articles(?:\.json|\.csv)?$")


def stemmed_search(query_string: bytes) -> bytes:
    """``_search=q`` becomes ``_stem=q`` (other parameters kept, in order)."""
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    if not any(k == "_search" for k, _ in pairs):
        return query_string
    out = [("_stem", v) if k == "_search" else (k, v) for k, v in pairs
           if not (k == "_search" and not v.strip())]
    return urlencode(out).encode("latin-1")


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def stemmed(scope, receive, send):
            if scope.get("type") == "http" and ARTICLES_PATH.match(scope.get("path", "")):
                scope = dict(scope, query_string=stemmed_search(scope.get("query_string", b"")))
            await app(scope, receive, send)

        return stemmed

    return wrap


# The box shows what the person typed (the browser's URL still says _search=...).
REFILL_SEARCH_BOX = """
(function () {
  var typed = new URLSearchParams(window.location.search).get("_search");
  var box = document.querySelector('form input[name="_search"]');
  if (typed && box && !box.value) { box.value = typed; }
})();
"""
