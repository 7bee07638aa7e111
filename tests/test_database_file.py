"""A database file pantau cannot use: one line, exit 1, the file left exactly as it was."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.storage import schema

ARTICLE = "Judul\n\nKetua KPU Kabupaten Banyuasin membahas Pilkada 2024 bersama Kapolsek Betung.\n"


def run(tmp_path: Path, db: Path):
    articles = tmp_path / "in"
    articles.mkdir(exist_ok=True)
    (articles / "a.txt").write_text(ARTICLE, encoding="utf-8")
    return CliRunner().invoke(cli, ["run", str(articles), "--db", str(db), "--ner", "rules", "--workers", "1"])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def made_db(tmp_path: Path) -> Path:
    db = tmp_path / "pantau.db"
    assert run(tmp_path, db).exit_code == 0
    with sqlite3.connect(db) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db


def refused(tmp_path: Path, db: Path, expected: str) -> None:
    before = digest(db)
    result = run(tmp_path, db)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and expected in lines[0], result.output
    assert "Traceback" not in result.output
    assert digest(db) == before  # nothing overwritten


def test_a_file_that_is_no_database_is_refused(tmp_path):
    db = tmp_path / "pantau.db"
    db.write_bytes(b"this is a text file, not a database\n" * 100)
    refused(tmp_path, db, "is not an SQLite database")


@pytest.mark.parametrize("damage", ["truncated", "page_overwritten", "bad_header"])
def test_a_damaged_database_is_refused(tmp_path, damage):
    db = made_db(tmp_path)
    data = bytearray(db.read_bytes())
    if damage == "truncated":
        data = data[:len(data) // 3]
    elif damage == "page_overwritten":
        data[4096:8192] = b"\xff" * 4096
    else:
        data[16:18] = b"\x00\x03"  # an impossible page size
    db.write_bytes(bytes(data))
    refused(tmp_path, db, "is damaged")


def test_a_database_from_a_newer_pantau_is_refused(tmp_path):
    db = made_db(tmp_path)
    newer = len(schema.MIGRATIONS) + 1
    con = sqlite3.connect(db)
    with con:
        con.execute("INSERT INTO _migrations (version, name, applied) VALUES (?, '_m_future', 'later')", (newer,))
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    refused(tmp_path, db, f"was written by a newer pantau (schema version {newer}")


def test_a_good_database_is_used_again(tmp_path):
    db = made_db(tmp_path)
    result = run(tmp_path, db)
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM runs").fetchone()[0] == 2


FULL_DISK = """
import resource, signal, sys
from pipeline.cli import cli
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # over the limit: write() fails with EFBIG, like ENOSPC
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), int(sys.argv[1])))
cli.main(sys.argv[2:], prog_name="pantau")
"""


def test_a_disk_that_is_full_when_the_database_is_made_is_one_line(tmp_path):
    import subprocess
    import sys

    from tests.conftest import REPO

    articles = tmp_path / "in"
    articles.mkdir()
    (articles / "a.txt").write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "pantau.db"
    # 300 KB of file size allowed: the schema and its migrations do not fit.
    done = subprocess.run([sys.executable, "-c", FULL_DISK, "300000", "run", str(articles), "--db", str(db),
                           "--ner", "rules", "--workers", "1"], cwd=REPO, capture_output=True, text=True,
                          timeout=300, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    output = (done.stdout + done.stderr).strip().splitlines()
    assert done.returncode == 1
    assert len(output) == 1 and "could not write" in output[0] and "is the disk full?" in output[0], output
    with sqlite3.connect(db) as con:  # what is there is consistent
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
