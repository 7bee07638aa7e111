"""Every gold set under corpus/ is listed once in pipeline/quality/goldsets.py.

`make scores`, README's tables and the tests that must not read unseen sets all read that
list: a set missing from it would be silently unscored; one listed but absent would fail
`make scores`.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.quality import goldsets

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_every_gold_folder_is_listed_once_and_every_listed_set_exists():
    on_disk = {f"corpus/{p.parent.name}/gold" for p in CORPUS.glob("*/gold") if p.is_dir()}
    on_disk.add("corpus/gold")  # samples + seeds
    listed = [s.gold_dir for s in goldsets.SETS]
    assert all((CORPUS.parent / d).is_dir() for d in listed)
    assert len(listed) == len(set(listed))
    assert on_disk == set(listed)
    names = [s.name for s in goldsets.SETS]
    assert len(names) == len(set(names))


def test_the_lists_the_makefile_reads(capsys):
    assert goldsets.main(["fields"]) == 0
    fields = capsys.readouterr().out.split()
    assert "dev:corpus/gold" in fields and "multi:corpus/multi/gold" in fields
    assert not any(p.startswith("stream") for p in fields)  # streams: topics only
    assert goldsets.main(["unseen"]) == 0
    unseen = capsys.readouterr().out.split()
    assert "heldout3" in unseen and "stream_heldout2" in unseen and "dev9" not in unseen
    assert goldsets.main(["nonsense"]) == 2
