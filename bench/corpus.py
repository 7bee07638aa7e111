"""A synthetic benchmark corpus: N regional-news HTML pages of about 400 words.

The pages look like the bundled samples (menus, BACA JUGA links, share buttons, a
comment form around the article), with officials, dates, counts and elections drawn
from small pools so every stage does real work. Seeded, so a size always gives the
same corpus.
"""

from __future__ import annotations

import random
from pathlib import Path

PLACES = [
    ("Seruyan Hilir", "Seruyan", "Kalteng"), ("Betung", "Banyuasin", "Sumsel"),
    ("Kelumpang Tengah", "Kotabaru", "Kalsel"), ("Pangarengan", "Sampang", "Jatim"),
    ("Koja", "Jakarta Utara", "DKI Jakarta"), ("Sindangbarang", "Cianjur", "Jabar"),
    ("Baamang", "Kotawaringin Timur", "Kalteng"), ("Talang Kelapa", "Banyuasin", "Sumsel"),
    ("Maros Baru", "Maros", "Sulsel"), ("Cempaka", "Banjarbaru", "Kalsel"),
]
POLICE = ["Budi Santoso", "Wagiyono", "Yanto Mursalin", "Fadli Harsono", "Rahmat Hidayat",
          "Agus Salim", "Dedi Kurniawan", "Hendra Gunawan", "Andi Pratama", "Wahyu Nugroho"]
CIVIL = ["Rusdianoor", "Hendri Kurniadi", "Siti Aminah", "Muhammad Rizki", "Nur Hasanah",
         "Ahmad Fauzi", "Rina Marlina", "Joko Susilo", "Dewi Lestari", "Fajar Ramadhan"]
RANKS = ["AKP", "Iptu", "Ipda", "Kompol"]
ELECTIONS = [("Pilkada", 2024, "27 November 2024"), ("Pilkada", 2020, "9 Desember 2020"),
             ("Pemilu", 2024, "14 Februari 2024"), ("Pilgub", 2020, "9 Desember 2020")]
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember"]
# Filler sentences are assembled from parts so that two pages share few word 3-shingles:
# a corpus of near-copies would measure the near-duplicate linker, not the pipeline.
SUBJECTS = ["Kapolsek", "Ketua PPK", "Camat setempat", "Kepala desa", "Anggota Bawaslu",
            "Perwakilan KPU", "Danramil", "Tokoh masyarakat", "Ketua PPS", "Kanit Intelkam"]
VERBS = ["menekankan pentingnya", "mengingatkan soal", "menyoroti", "meminta perhatian terhadap",
         "menjelaskan rencana", "membahas kesiapan", "memaparkan langkah", "mengapresiasi",
         "menyampaikan evaluasi", "mendorong peningkatan"]
OBJECTS = ["pengamanan gudang logistik", "netralitas aparatur desa", "patroli malam hari",
           "pemutakhiran data pemilih", "distribusi surat suara", "pengawasan kampanye",
           "pencegahan politik uang", "penanganan berita bohong", "kesiapan personel gabungan",
           "rekapitulasi suara di kecamatan", "sosialisasi tata cara pencoblosan",
           "koordinasi lintas sektoral"]
TAILS = ["di wilayah {kec}", "bagi warga {kab}", "sebelum hari pemungutan suara",
         "di setiap desa", "selama masa tenang", "bersama unsur Muspika", "hingga tingkat RT",
         "di daerah rawan banjir", "pada tahapan berikutnya", "secara berkala"]


def filler(rng: random.Random, kec: str, kab: str) -> str:
    """One plausible, rarely repeated body sentence."""
    tail = rng.choice(TAILS).format(kec=kec, kab=kab)
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {tail}."

PAGE = """<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>{title} - Warta Daerah</title>
<meta property="og:title" content="{title}"><meta property="og:type" content="article">
<meta property="article:published_time" content="{iso}T09:00:00+07:00">
<meta name="author" content="Redaksi"><link rel="canonical" href="https://warta-daerah.example/{slug}">
</head><body>
<nav><ul><li><a href="/">Beranda</a></li><li><a href="/daerah">Daerah</a></li><li><a href="/politik">Politik</a></li><li><a href="/hukum">Hukum</a></li></ul></nav>
<main><article><h1>{title}</h1><div class="meta">Redaksi | {day}, {date_text} | 312 views</div>
<div class="content">{body}</div>
<div class="tags">Tag: Pilkada, Polsek, PPK</div><div class="share">Bagikan: Facebook Twitter WhatsApp</div>
</article>
<section class="comments"><h3>Tinggalkan Balasan</h3><p>Alamat email Anda tidak akan dipublikasikan.</p><form><textarea></textarea></form></section>
</main><footer>&copy; 2024 Warta Daerah. Hak cipta dilindungi.</footer></body></html>
"""


def make_page(i: int, rng: random.Random) -> tuple[str, str]:
    """One page (file name, HTML)."""
    kec, kab, prov = rng.choice(PLACES)
    kind, year, voting = rng.choice(ELECTIONS)
    rank, police, civil = rng.choice(RANKS), rng.choice(POLICE), rng.choice(CIVIL)
    day_n, month = rng.randint(1, 28), rng.randint(1, 12)
    event_year = year if month < 11 else year - 1
    date_text = f"{day_n:02d} {MONTHS[month - 1]} {event_year}"
    day = rng.choice(DAYS)
    tps, dpt = rng.randint(20, 120), rng.randint(8000, 60000)
    title = f"Jelang {kind} {year}, Kapolsek {kec} Sambangi PPK"
    paras = [
        f"{kab.upper()} - Kapolsek {kec} {rank} {police} melakukan kunjungan ke kantor Panitia "
        f"Pemilihan Kecamatan (PPK) Kecamatan {kec}, Kabupaten {kab}, {day} ({day_n}/{month}/{event_year}).",
        f"Kedatangan {rank} {police} disambut langsung oleh Ketua PPK {civil} di ruang kerjanya. "
        f"Kunjungan tersebut dalam rangka koordinasi menjelang {kind} {year} yang akan digelar pada {voting}.",
        f"BACA JUGA: Harga Cabai di Pasar {kab} Kembali Naik",
        f"\u201cKecamatan {kec} terdiri dari {rng.randint(5, 20)} desa dengan {tps} TPS dan jumlah Daftar "
        f"Pemilih Tetap (DPT) sejumlah {dpt:,}\u201d, ujar {civil}.".replace(",", "."),
    ]
    paras += [filler(rng, kec, kab) for _ in range(14)]
    paras.insert(5, f"BACA JUGA: Turnamen Sepak Bola Antar Desa di {kec} Resmi Dibuka")
    paras += [f"Kapolsek {kec} juga mengingatkan agar seluruh anggota PPK bersikap netral selama {kind} {year}."]
    paras += [filler(rng, kec, kab) for _ in range(13)]
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    iso = f"{event_year}-{month:02d}-{day_n:02d}"
    slug = f"berita-{i:05d}"
    return f"{slug}.html", PAGE.format(title=title, iso=iso, slug=slug, day=day,
                                        date_text=date_text, body=body)


def build(directory: Path, n: int, seed: int = 7) -> list[Path]:
    """Write ``n`` pages into ``directory`` (reusing them when already there)."""
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        name, html = make_page(i, rng)
        path = directory / name
        if not path.exists():
            path.write_text(html, encoding="utf-8")
        paths.append(path)
    return paths
