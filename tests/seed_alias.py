"""The seed articles' real names, seen only through their digests.

House rule: no real article's names are copied into the repository. Tests that run the
rules on the seeds in ../shared/seeds (they skip when it is absent) still check each
person exactly: `alias` turns a name found there, known here only by the first 16 hex
digits of its SHA-256, into the invented name that the rule examples and tests use
(the one mapping of NOTES-seedA.md). Any other string comes back unchanged.
"""
from __future__ import annotations

import hashlib
import re

_ALIASES = {
    "f81cc4bde06309ed": "Wagiyono",
    "10d501e23e296aeb": "WAGIYONO",
    "e9bd45f0f61bde30": "Rusdianoor",
    "a2c9087500c5628b": "RUSDIANOOR",
    "914028312d24f062": "Galih Pramudito",
    "85791424b7c072ef": "GALIH PRAMUDITO",
    "0e146fb5028f19fa": "Yanto Mursalin",
    "6a3a4438793eabcd": "YANTO MURSALIN",
    "76173126c7bd49e6": "Yanto Mursalim",
    "c4f1a7d685fb0e42": "YANTO MURSALIM",
    "293c60fa071a8f8c": "Hendri Kurniadi",
    "e2a2ca4a10103d6f": "HENDRI KURNIADI",
    "cec1b2422186ac28": "Sopian",
    "38db3f7b0d6b901b": "SOPIAN",
    "324da47506ae86a7": "Rian Saputro",
    "c89a17a1afb48e5a": "RIAN SAPUTRO",
    "da33ce95be47fadd": "Dimas Arwendo",
    "04636aa8108e1bce": "DIMAS ARWENDO",
    "479b83707d666684": "Zulkarnaensyah",
    "e956cc97aa969560": "ZULKARNAENSYAH",
    "d21837bef7fb6a42": "Doni Sarwit",
    "9e53e9620ce629c9": "DONI SARWIT",
    "3085ea6efe062a03": "Fadli Harsono",
    "d74215b69a4d3433": "FADLI HARSONO",
    "6f6ca1454225c5fd": "Fadli",
    "415989fec86d0157": "FADLI",
    "fc7bfda45c3be471": "Agus Trimulyo",
    "973406e87b69f20f": "AGUS TRIMULYO",
    "bbf8841cd7025708": "Gilang Satria Wibawa",
    "746a0cf2c5327474": "GILANG SATRIA WIBAWA",
    "0f0e45a1b11f47db": "Gilang",
    "884cb8a241f454dc": "GILANG",
    "4ebcb2661fc9d687": "Rendra Maulana",
    "9085ac343ffb75ab": "RENDRA MAULANA",
    "fbf2144018584dc9": "Rendra",
    "7a2680901a4032f8": "RENDRA",
    "53320126d25728f7": "Hanafi Darsun Rustam",
    "cd162645f08bc635": "HANAFI DARSUN RUSTAM",
    "7c33f56225fb603f": "Yusra Maidani",
    "8da0964ba1bd3285": "YUSRA MAIDANI",
    "918eac3c32f45ca9": "Syamsul Hadiwijaya",
    "461eba6fc8058064": "SYAMSUL HADIWIJAYA",
}


def digest(text: str) -> str:
    """The first 16 hex digits of the SHA-256 of ``text`` (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def alias(name: str) -> str:
    """The invented name standing for a seed person's real ``name``; other names as given."""
    return _ALIASES.get(digest(name), name)


def aliased_names(text: str) -> set[str]:
    """The invented names of the seed persons written in ``text`` (runs of one to three words)."""
    words = re.findall(r"\w+", text)
    found = set()
    for n in (1, 2, 3):
        for i in range(len(words) - n + 1):
            run = " ".join(words[i : i + n])
            if (named := alias(run)) != run:
                found.add(named)
    return found
