"""The consistency check of a report: every problem a person must fix or look at
before the LKjIP is signed, with where it is.

``periksa`` reads only the report object (``DokumenLaporan``), so the report page, the command and
the tests all check exactly what is printed. The names of the other satker of the installation are
passed in by the caller (``nama_satker_lain``), because the check itself never queries.
"""

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django.urls import reverse

from anggaran.services import Peringatan
from kinerja.models import JenisTarget
from kinerja.perjanjian import Pihak, list_isian_kosong
from kinerja.services import CapaianIndikator, Kekurangan
from laporan.dokumen import PLACEHOLDER, DokumenLaporan, ProgramTabel, SasaranTabel, TeksNarasi
from lkjip.angka import (
    AngkaTidakSah,
    bulatkan,
    format_angka,
    format_jumlah,
    format_persen,
    format_rupiah,
    parse_angka,
    terbilang,
)
from satker.models import Satker

GALAT = "galat"
PERINGATAN = "peringatan"

# Capaian outside this range is possible but unlikely: a typo in a target or a realisation.
CAPAIAN_WAJAR_MAKS = Decimal(150)

# Narrative sections the report cannot do without (an empty one is a galat); an empty analysis of a
# programme of Tabel 3.2 is a galat too. Every other empty section is a peringatan.
NARASI_WAJIB = ("kata_pengantar", "ikhtisar", "latar_belakang", "tugas_fungsi", "penutup")

# What an unfinished text or the software talking looks like. The print templates never produce
# these (a missing value prints as a blank line to write on, and is a galat below); a text typed
# with one is a galat too. Lower case; "None" and braces are matched apart (see
# ``cari_teks_belum_selesai``).
FRASA_BELUM_SELESAI = (
    "belum diisi",
    "belum diukur",
    "di aplikasi",
    "[nama",
    "nama belum",
    "[tanggal",
    "tanggal belum",
    "[isi",
    "lorem ipsum",
)
_NONE = re.compile(r"\bNone\b")

# Where things are printed, front to back (templates/laporan/dokumen/*): findings are sorted by it.
_POSISI = {
    "sampul": -1,
    "kata_pengantar": 0,
    "tanda_tangan": 1,
    "ikhtisar": 2,
    "latar_belakang": 10,
    "kedudukan": 11,
    "tugas_fungsi": 12,
    "struktur": 13,
    "sistematika": 14,
    "renstra": 20,
    "renstra_data": 21,
    "rkt": 22,
    "tabel_2_1": 23,
    "penetapan": 24,
    "tabel_2_2": 25,
    "pengukuran": 30,
    "tabel_3_1": 31,
    "analisis_sasaran": 32,
    "tabel_3_2": 33,
    "analisis_program": 34,
    "capaian_organisasi": 40,
    "tabulasi": 41,
    "analisis_anggaran": 42,
    "akuntabilitas_keuangan": 50,
    "anggaran": 51,
    "analisis_indikator": 55,
    "penutup": 60,
    "lampiran": 70,
}
_URUTAN_KUNCI_RENSTRA = ("", "makna_visi", "misi", "tujuan", "sasaran")
_LABEL_KUNCI = {
    "makna_visi": "makna visi",
    "misi": "misi",
    "tujuan": "tujuan",
    "sasaran": "sasaran",
}


@dataclass(frozen=True)
class Temuan:
    tingkat: str  # "galat": must be fixed before signing; "peringatan": a person should look
    lokasi: str  # where, as a person reads the report: "BAB I.A Latar Belakang, paragraf 4"
    pesan: str  # Indonesian: what is wrong and what to do
    jenis: str  # machine key: "realisasi_kosong", "tahun_salah", "satker_lain", …
    tautan: str = ""  # where it is filled in or fixed (an admin or workspace page), or ""


@dataclass(frozen=True)
class _Calon:
    posisi: tuple[int, ...]
    temuan: Temuan


# --- Text helpers -----------------------------------------------------------------------------

_BARIS_KOSONG = re.compile(r"\n\s*\n")
_MARKUP = re.compile(r"\*+")
_PENANDA_DAFTAR = re.compile(r"^\s*(?:[-•]|\d{1,3}[.)]|[a-z][.)])\s+", re.MULTILINE)


def paragraf(teks: str) -> tuple[str, ...]:
    """The paragraphs of a narrative: blocks separated by a blank line (a list is one block)."""
    blok = _BARIS_KOSONG.split(teks.replace("\r\n", "\n"))
    return tuple(b.strip() for b in blok if b.strip())


def _polos(teks: str) -> str:
    """Text without the ``**``/``*`` markup and with single spaces."""
    return " ".join(_MARKUP.sub("", teks).split())


def _ringkas(teks: str, panjang: int = 60) -> str:
    teks = " ".join(teks.split())
    return teks if len(teks) <= panjang else teks[: panjang - 1].rstrip() + "…"


def cari_teks_belum_selesai(teks: str) -> tuple[str, ...]:
    """The marks of ``FRASA_BELUM_SELESAI`` in a text (also "None" and a "{…}" left unfilled)."""
    rendah = teks.lower()
    hasil = [f for f in FRASA_BELUM_SELESAI if f in rendah]
    if _NONE.search(teks):
        hasil.append("None")
    hasil.extend(re.findall(r"\{[^{}\n]{0,40}\}", teks))
    return tuple(dict.fromkeys(hasil))


def _daftar_kata(butir: Sequence[str]) -> str:
    if len(butir) <= 1:
        return "".join(butir)
    return f"{', '.join(butir[:-1])} dan {butir[-1]}"


# --- (a) A year named as the report year ------------------------------------------------------

_TAHUN_LAPORAN = re.compile(
    r"""
    \b(?:
        laporan\s+(?:akuntabilitas\s+)?kinerja(?:\s+instansi\s+pemerintah(?:an)?)?
      | lkjip | lkj | lakip
      | (?:perjanjian|penetapan|kesepakatan)\s+kinerja
      | rencana\s+kinerja(?:\s+tahunan)? | rencana\s+kerja\s+tahunan | rkt
      | kinerja(?=\s+(?:sekretariat\s+)?(?:kpu|komisi\s+pemilihan\s+umum)\b)
    )
    (?:\s*\([^()]{1,15}\))?                                  # "(LKjIP)", "(RKT)"
    (?:\s+(?:sekretariat\s+)?(?:kpu|komisi\s+pemilihan\s+umum)  # the satker's name …
        (?:\s+(?:kabupaten|kota|provinsi|ri))?
        (?:\s+(?-i:[A-Z])[\w'-]*){0,4})?                     # … "Gunung Mas" (capitalised words)
    ,?\s+(?:tahun\s+(?:anggaran\s+)?)?
    (?P<tahun>(?:19|20)\d{2})\b
    (?!\s*(?:[-–—/]|s\.?\s?d\.?|sampai)\s*\d)              # not a period like 2020-2024
    """,
    re.IGNORECASE | re.VERBOSE,
)


def cari_tahun_salah(teks: str, *, tahun: int) -> tuple[int, ...]:
    """The years that the text presents as the report year but that are not ``tahun``.

    A year is presented as the report year when it directly follows the name of this report or of
    the documents of this year's cycle: "Laporan Kinerja", "LKjIP", "Perjanjian/Penetapan/
    Kesepakatan Kinerja", "Rencana Kinerja (Tahunan)", "RKT", or "kinerja KPU …", optionally
    followed by the satker's name and by "Tahun" / "Tahun Anggaran" ("Laporan Kinerja KPU Kabupaten
    Gunung Mas Tahun 2023", "perjanjian kinerja 2024"). Years anywhere else are left alone: the
    Renstra period ("Renstra 2020-2024"), regulations ("Undang-Undang Nomor 7 Tahun 2017"), the
    next budget year ("Tahun Anggaran 2025"), and comparisons ("capaian kinerja tahun 2023").
    """
    salah: list[int] = []
    for cocok in _TAHUN_LAPORAN.finditer(_polos(teks)):
        disebut = int(cocok["tahun"])
        if disebut != tahun and disebut not in salah:
            salah.append(disebut)
    return tuple(salah)


# --- (b) Another satker -----------------------------------------------------------------------

# Capitalised words that follow "Kabupaten"/"Kota" without being part of a name.
_BUKAN_NAMA = frozenset(
    "Tahun Dan Yang Dalam Pada Di Ke Dari Untuk Dengan Serta Atau Sebagai Sesuai Berdasarkan "
    "Adalah Telah Akan Tentang Nomor Provinsi Kabupaten Kota Kecamatan Desa Se KPU DPRD".split()
)
_KATA = re.compile(r"\w+")
_WILAYAH = re.compile(
    r"(?<![\w/])(?P<kpu>(?:KPU|Komisi Pemilihan Umum)\s+)?(?P<jenis>Kabupaten|Kota)"
    r"\s+(?P<nama>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3})"
)


def _kata_nama(teks: str) -> list[str]:
    kata = []
    for k in teks.split():
        if k in _BUKAN_NAMA:
            break
        kata.append(k)
    return kata


@lru_cache(maxsize=4)
def _urutan_nama(nama_lain: tuple[str, ...]) -> dict[str, int]:
    return {nama: i for i, nama in reversed(list(enumerate(nama_lain)))}


@lru_cache(maxsize=4)
def _indeks_nama(nama_lain: tuple[str, ...]) -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    """The names by their last word (lowercase), and those without a word."""
    per_kata: dict[str, set[str]] = defaultdict(set)
    tanpa_kata = set()
    for nama in nama_lain:
        kata = _KATA.findall(nama.lower())
        if kata:
            per_kata[kata[-1]].add(nama)
        elif nama:
            tanpa_kata.add(nama)
    return {k: frozenset(v) for k, v in per_kata.items()}, frozenset(tanpa_kata)


def _kandidat_nama(teks: str, nama_lain: tuple[str, ...]) -> list[str]:
    """The names that may occur in the text, in their given order: those whose last word it
    contains. A national installation has 1,100 other names and a report some hundred texts; a
    regex per name and text (recompiled, beyond re's cache) took over a minute per report."""
    per_kata, tanpa_kata = _indeks_nama(nama_lain)
    kata_teks = set(_KATA.findall(teks.lower()))
    kandidat = tanpa_kata.union(*(per_kata[k] for k in kata_teks.intersection(per_kata)))
    if not kandidat:
        return []
    urutan = _urutan_nama(nama_lain)
    return sorted(kandidat, key=urutan.__getitem__)


def cari_satker_lain(
    teks: str, *, wilayah: str, kedudukan: str = "", nama_lain: Sequence[str] = ()
) -> tuple[str, ...]:
    """Names of other satker in the text: any of ``nama_lain`` (the installation's other satker),
    and any "Kabupaten <Nama>"/"Kota <Nama>" (so also "KPU Kabupaten <Nama>") whose name is not the
    report's own ``wilayah`` (e.g. "Kabupaten Gunung Mas") or its seat."""
    teks = _polos(teks)
    rendah = teks.lower()
    ditemukan: list[str] = []
    for nama in _kandidat_nama(teks, tuple(nama_lain)):
        if nama.lower() in rendah and re.search(
            rf"(?<!\w){re.escape(nama)}(?!\w)", teks, re.IGNORECASE
        ):
            ditemukan.append(nama)
    sendiri = wilayah.split()
    for cocok in _WILAYAH.finditer(teks):
        kata = _kata_nama(cocok["nama"])
        if not kata:
            continue
        calon = [cocok["jenis"], *kata]
        if [k.lower() for k in calon[: len(sendiri)]] == [k.lower() for k in sendiri]:
            continue
        if kedudukan and " ".join(kata).lower().startswith(kedudukan.lower()):
            continue
        ditemukan.append(f"{cocok['kpu'] or ''}{' '.join(calon)}")
    # "KPU Kabupaten X" found, "Kabupaten X" inside it is the same mention.
    unik = dict.fromkeys(ditemukan)
    return tuple(n for n in unik if not any(n != m and n.lower() in m.lower() for m in unik))


# --- (c) Counts and figures typed in narrative ------------------------------------------------

_JUMLAH = re.compile(
    r"(?<![\w.,])(?P<n>\d{1,3})(?![.,]?\d)\s*(?:\((?P<terbilang>[a-z ]+)\)\s*)?"
    r"(?P<benda>sasaran(?:\s+(?P<jenis_sasaran>strategis|program|kegiatan|kinerja|terukur))?"
    r"|indikator)\b",
    re.IGNORECASE,
)
_PERSEN = re.compile(
    r"(?<![\w.,-])(?P<angka>\d{1,3}(?:[.,]\d{1,4})?)\s*(?:%|persen\b)(?!\s*[-–—]\s*\d)"
)
# The label a percentage belongs to is the last one before it in the sentence.
_LABEL_PERSEN = re.compile(
    r"(?P<kinerja>capaian\s+kinerja)|(?P<serapan>(?:pe)?nyerapan|serapan|realisasi\s+anggaran)"
    r"|(?P<lain>realisasi|rentang|target|kategori|capaian|nilai|indikator|sasaran)",
    re.IGNORECASE,
)
_KODE_ANGGARAN = re.compile(r"(?<![\w.])(?:\d{3}\.\d{2}\.[A-Z]{2}(?:\.[\w]+)*|\d{4})(?![\w])")
_RUPIAH = re.compile(r"\bRp\.?\s*(?P<angka>\d[\d.,]*\d)(?:,-)?")
_KALIMAT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(])")
_TAHUN = re.compile(r"\b(?:19|20)\d{2}\b")


@dataclass(frozen=True)
class _Jumlah:
    sasaran_strategis: tuple[int, ...]  # counts a text may give for "sasaran strategis"
    sasaran_terukur: tuple[int, ...]
    indikator: tuple[int, ...]
    sumber_sasaran: str  # what "sasaran strategis" is compared with, for the message
    placeholder_sasaran: str


def _jumlah_acuan(dokumen: DokumenLaporan, *, renstra: bool) -> _Jumlah:
    k = dokumen.kinerja
    if renstra and dokumen.renstra is not None:
        # BAB II.A talks about the Renstra: its sasaran and indicators.
        sasaran = len(dokumen.renstra.sasaran)
        indikator = sum(len(s.indikator) for s in dokumen.renstra.sasaran)
        return _Jumlah(
            sasaran_strategis=(sasaran,),
            sasaran_terukur=(sasaran,),
            indikator=(indikator,),
            sumber_sasaran=f"Renstra {dokumen.renstra.periode} memuat {format_jumlah(sasaran)}",
            placeholder_sasaran="",
        )
    indikator_program = sum(len(s.indikator) for p in dokumen.tabel_3_1 for s in p.sasaran)
    return _Jumlah(
        sasaran_strategis=(k.jumlah_sasaran_program,),
        sasaran_terukur=(k.jumlah_sasaran_terukur,),
        indikator=(k.jumlah_indikator_terukur, indikator_program),
        sumber_sasaran=f"Tabel 3.1 memuat {format_jumlah(k.jumlah_sasaran_program)}",
        placeholder_sasaran="{jumlah_sasaran}",
    )


def cari_jumlah_salah(teks: str, *, acuan: _Jumlah) -> tuple[str, ...]:
    """Messages for counts typed in the text that differ from the tables.

    "<n> sasaran strategis"/"<n> sasaran program" is compared with Tabel 3.1 (in BAB II.A with the
    Renstra), "<n> sasaran kegiatan/kinerja/terukur" with Tabel 3.2, a bare "<n> sasaran" with
    either, "<n> indikator" with the indicators of Tabel 3.2 (or of Tabel 3.1). "3 (dua)" — a number
    whose words say another — is reported too.
    """
    pesan: list[str] = []
    for cocok in _JUMLAH.finditer(_polos(teks)):
        n = int(cocok["n"])
        ditulis = cocok.group(0).strip()
        if cocok["terbilang"] and " ".join(cocok["terbilang"].lower().split()) != terbilang(n):
            pesan.append(f"'{ditulis}': angka dan terbilangnya tidak sama.")
            continue
        if cocok["benda"].lower() == "indikator":
            if n not in acuan.indikator:
                pesan.append(
                    f"'{ditulis}' berbeda dengan data: Tabel 3.2 memuat "
                    f"{format_jumlah(acuan.indikator[0])} indikator kinerja; "
                    "tulis {jumlah_indikator} agar angkanya diambil dari data."
                )
            continue
        jenis = (cocok["jenis_sasaran"] or "").lower()
        if jenis in ("strategis", "program"):
            boleh = acuan.sasaran_strategis
        elif jenis:
            boleh = acuan.sasaran_terukur
        else:
            boleh = acuan.sasaran_strategis + acuan.sasaran_terukur
        if n not in boleh:
            saran = (
                f"; tulis {acuan.placeholder_sasaran} agar angkanya diambil dari data"
                if acuan.placeholder_sasaran and jenis in ("strategis", "program", "")
                else ""
            )
            pesan.append(
                f"'{ditulis}' berbeda dengan data: {acuan.sumber_sasaran} sasaran strategis"
                f" dan Tabel 3.2 {format_jumlah(acuan.sasaran_terukur[0])} sasaran terukur{saran}."
            )
    return tuple(pesan)


def _desimal(teks: str) -> Decimal | None:
    try:
        return Decimal(teks.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the regex only lets digits through
        return None


def _label(kalimat: str, sampai: int) -> str | None:
    """The kind of the last label before position ``sampai``: "kinerja", "serapan" or "lain"."""
    label = None
    for cocok in _LABEL_PERSEN.finditer(kalimat, 0, sampai):
        label = cocok.lastgroup
    return label


def cari_serapan_salah(
    teks: str, *, tahun: int, serapan: Mapping[tuple[int, str | None], Decimal | None]
) -> tuple[str, ...]:
    """Messages for a serapan typed in the text that differs from the budget data (the seed's
    "6709 … 2022 … 99,42" for 99,14 %).

    ``serapan`` maps (tahun, kode) to the computed serapan, with kode None for the year's total.
    The percentage must follow a serapan label ("serapan", "realisasi anggaran") in its sentence;
    the line is the one budget code named in the sentence (none: the total), the year the one
    year of the tabulation named (none: the report year). Anything less clear is left alone.
    """
    tahun_ada = {t for t, _ in serapan}
    kode_ada = {k for _, k in serapan if k is not None}
    pesan: list[str] = []
    for kalimat in _KALIMAT.split(_polos(teks)):
        disebut = {int(t) for t in _TAHUN.findall(kalimat)}
        tahun_kalimat = disebut & tahun_ada
        if len(tahun_kalimat) > 1 or (disebut and not tahun_kalimat):
            continue
        t = tahun_kalimat.pop() if tahun_kalimat else tahun
        kode = {k for k in _KODE_ANGGARAN.findall(kalimat) if k in kode_ada}
        if len(kode) > 1:
            continue
        k = kode.pop() if kode else None
        if (t, k) not in serapan or serapan[(t, k)] is None:
            continue
        benar = serapan[(t, k)]
        # A sentence naming one line may also give the total ("95,06%, program CQ 94,87%").
        boleh = {benar, serapan.get((t, None))} - {None}
        for cocok in _PERSEN.finditer(kalimat):
            if _label(kalimat, cocok.start()) != "serapan":
                continue
            nilai = _desimal(cocok["angka"])
            tempat = -nilai.as_tuple().exponent
            if any(bulatkan(b, tempat) == nilai for b in boleh):
                continue
            apa, placeholder = (f"{k}", f"{{serapan:{k}}}") if k else ("total", "{serapan_total}")
            if t != tahun:
                placeholder = "angka Tabel 3.5"
            pesan.append(
                f"Serapan anggaran {apa} tahun {t} di narasi ({cocok.group(0)}) berbeda dari "
                f"data ({format_persen(benar)}). Perbaiki angkanya (atau tulis {placeholder})."
            )
    return tuple(pesan)


def cari_rupiah_tidak_sah(teks: str) -> tuple[str, ...]:
    """Amounts of money typed in a form that cannot be read ("Rp. 39.420.68212,-")."""
    salah = []
    for cocok in _RUPIAH.finditer(_polos(teks)):
        try:
            parse_angka(cocok["angka"])
        except AngkaTidakSah:
            salah.append(cocok.group(0))
    return tuple(salah)


def cari_capaian_salah(
    teks: str, *, tahun: int, diterima: Iterable[Decimal], serapan: Decimal | None
) -> tuple[str, ...]:
    """Messages for percentages given as the *capaian kinerja* that no measured figure matches
    (docs/aturan.md rule 10: the budget absorption is not the performance achievement).

    A percentage belongs to the label closest before it in its sentence; only "capaian kinerja"
    is compared. Sentences about another year are left alone (Tabel 3.4 has those figures).
    """
    diterima = tuple(d for d in diterima if d is not None)
    pesan: list[str] = []
    for kalimat in _KALIMAT.split(_polos(teks)):
        tahun_disebut = {int(t) for t in _TAHUN.findall(kalimat)}
        if tahun_disebut and tahun not in tahun_disebut:
            continue
        for cocok in _PERSEN.finditer(kalimat):
            if _label(kalimat, cocok.start()) != "kinerja":
                continue
            nilai = _desimal(cocok["angka"])
            if nilai is None:
                continue
            tempat = -nilai.as_tuple().exponent
            if any(bulatkan(d, tempat) == nilai for d in diterima):
                continue
            ditulis = cocok.group(0)
            teks_pesan = (
                f"Angka capaian kinerja di narasi ({ditulis}) berbeda dari hasil pengukuran "
                f"({format_persen(diterima[0]) if diterima else '—'})"
            )
            if serapan is not None and bulatkan(serapan, tempat) == nilai:
                teks_pesan += (
                    f"; {ditulis} adalah realisasi (serapan) anggaran, bukan capaian kinerja"
                    " (aturan 10)"
                )
            pesan.append(teks_pesan + ". Tulis {capaian_kinerja} agar angkanya diambil dari data.")
    return tuple(pesan)


# --- (g) Decimal separators -------------------------------------------------------------------

_DESIMAL_TITIK = re.compile(
    # A leading zero ("076.01") or a dotted continuation ("076.01.CQ") makes it a budget code.
    r"(?<![\w.,])(?<!pukul )(?<!jam )(?!0\d)\d{1,3}\.(?:\d{2}(?!\d)|\d(?=\s*%))(?![.,]?\d)"
    r"(?!\.\w)(?!\s*WI[BT])"
)
_DESIMAL_KOMA = re.compile(r"(?<![\w.,])\d{1,3}(?:\.\d{3})*,\d{1,2}(?!\d)")


# --- Building the findings --------------------------------------------------------------------


class _Pemeriksa:
    def __init__(self, dokumen: DokumenLaporan, nama_satker_lain: Sequence[str]) -> None:
        self.d = dokumen
        self.nama_lain = tuple(nama_satker_lain)
        self.hasil: list[_Calon] = []

    def tambah(
        self,
        posisi: tuple[int, ...],
        tingkat: str,
        lokasi: str,
        pesan: str,
        jenis: str,
        tautan: str = "",
    ) -> None:
        self.hasil.append(_Calon(posisi, Temuan(tingkat, lokasi, pesan, jenis, tautan)))

    def satker_lain(self, teks: str) -> tuple[str, ...]:
        s = self.d.satker
        return cari_satker_lain(
            teks, wilayah=s.wilayah, kedudukan=s.kedudukan, nama_lain=self.nama_lain
        )

    def lapor_satker_lain(self, posisi: tuple[int, ...], lokasi: str, teks: str) -> None:
        nama = self.satker_lain(teks)
        if nama:
            self.tambah(
                posisi,
                GALAT,
                lokasi,
                f"Menyebut {_daftar_kata([repr(n) for n in nama])}, bukan "
                f"{self.d.satker.nama}: teks tersalin dari laporan satker lain? Ganti dengan "
                "nama satker ini (atau placeholder {satker}).",
                "satker_lain",
            )

    def lapor_belum_selesai(self, posisi: tuple[int, ...], lokasi: str, teks: str) -> None:
        tanda = cari_teks_belum_selesai(teks)
        if tanda:
            self.tambah(
                posisi,
                GALAT,
                lokasi,
                f"Teks tampak belum selesai ({_daftar_kata([repr(t) for t in tanda])}) dan akan "
                "tercetak apa adanya; lengkapi atau hapus.",
                "teks_belum_selesai",
            )

    def lapor_teks_data(self, posisi: tuple[int, ...], lokasi: str, teks: str) -> None:
        """A text typed as data (not narrative) that the report prints."""
        self.lapor_satker_lain(posisi, lokasi, teks)
        self.lapor_belum_selesai(posisi, lokasi, teks)

    # 1. Indicators ----------------------------------------------------------------------------

    def indikator(self) -> None:
        urut = 0
        nomor_dipakai: dict[tuple[str, str, str, str], int] = {}
        for tabel, kunci, program in (
            *(("Tabel 2.2", "tabel_2_2", p) for p in self.d.tabel_2_2),
            *(("Tabel 3.1", "tabel_3_1", p) for p in self.d.tabel_3_1),
            *(("Tabel 3.2", "tabel_3_2", p) for p in self.d.tabel_3_2),
        ):
            for kelompok in program.kelompok:
                for s in kelompok.sasaran:
                    self.nomor_ganda(nomor_dipakai, tabel, kunci, program, kelompok.judul, s)
            for s in program.sasaran:
                for c in s.indikator:
                    urut += 1
                    posisi = (_POSISI[kunci], urut)
                    if kunci == "tabel_2_2":
                        lokasi = (
                            f"{tabel}, {program.kode} kegiatan {c.kode_kegiatan}, "
                            f"{s.nomor} {_ringkas(c.nama)}"
                        )
                    else:
                        lokasi = f"{tabel}, {s.nomor} {_ringkas(c.nama)}"
                    if kunci == "tabel_3_2":
                        self.indikator_terukur(posisi, lokasi, c)
                    else:
                        self.indikator_target(posisi, lokasi, c, tabel)
                    self.lapor_teks_data(posisi, lokasi, f"{s.uraian}\n\n{c.nama}")

    def nomor_ganda(
        self,
        dipakai: dict[tuple[str, str, str, str], int],
        tabel: str,
        kunci: str,
        program: ProgramTabel,
        kelompok: str,
        s: SasaranTabel,
    ) -> None:
        """A sasaran number printed twice in the same group (the seed's Tabel 3.2 has "2.2"
        twice). Tabel 2.2 numbers restart in every kegiatan group; the others per programme."""
        lingkup = (tabel, program.kode, kelompok if kunci == "tabel_2_2" else "", s.nomor)
        if not s.nomor or lingkup not in dipakai:
            dipakai[lingkup] = 1
            return
        self.tambah(
            (_POSISI[kunci], 0),
            PERINGATAN,
            f"{tabel}, {program.kode} nomor {s.nomor}",
            f"Nomor sasaran {s.nomor} dipakai lebih dari sekali ({_ringkas(s.uraian)}); "
            "perbaiki penomoran di Perjanjian Kinerja.",
            "nomor_ganda",
        )

    def indikator_target(
        self, posisi: tuple[int, ...], lokasi: str, c: CapaianIndikator, tabel: str
    ) -> None:
        """Tabel 2.2 and 3.1 print targets only: a missing realisation is not the report's concern
        (the staff workspace lists it); a missing target prints "—"."""
        if c.tanpa_target:
            self.tambah(
                posisi,
                PERINGATAN,
                lokasi,
                f"Target belum ditetapkan; {tabel} mencetak '—'. Isi targetnya di Perjanjian "
                "Kinerja bila memang ada.",
                "target_kosong",
            )

    def indikator_terukur(self, posisi: tuple[int, ...], lokasi: str, c: CapaianIndikator) -> None:
        """Tabel 3.2 measures: each gap ``measure_indikator`` found changes the capaian kinerja
        (docs/aturan.md rules 3, 5)."""
        dokumen = c.jenis_target == JenisTarget.DOKUMEN
        if c.tanpa_target:
            self.tambah(
                posisi,
                GALAT,
                lokasi,
                "Daftar dokumen wajib belum diisi; capaian tidak dapat dihitung."
                if dokumen
                else "Target belum ditetapkan; capaian tidak dapat dihitung.",
                "target_kosong",
            )
        elif Kekurangan.TARGET_NOL_POSITIF in c.kekurangan:
            self.tambah(
                posisi,
                GALAT,
                lokasi,
                "Target 0 tidak dapat diukur pada polaritas positif (aturan 3); perbaiki target "
                "atau polaritasnya.",
                "target_nol",
            )
        if Kekurangan.DOKUMEN_BELUM_DIPERIKSA in c.kekurangan:
            self.tambah(
                posisi,
                GALAT,
                lokasi,
                f"Dokumen belum diperiksa: {_daftar_kata(c.dokumen_belum_diperiksa)}; tandai ada "
                "atau tidak ada.",
                "dokumen_belum_diperiksa",
            )
        elif Kekurangan.REALISASI_KOSONG in c.kekurangan and not c.tanpa_target:
            self.tambah(
                posisi,
                GALAT,
                lokasi,
                "Realisasi belum diisi; indikator ini tidak ikut dirata-ratakan dan capaian "
                "kinerja belum lengkap (aturan 3).",
                "realisasi_kosong",
            )
        if c.capaian is None:
            return
        alasan = None
        if c.capaian < 0:
            alasan = "di bawah 0%, tidak mungkin"
        elif c.capaian > CAPAIAN_WAJAR_MAKS:
            alasan = f"di atas {format_angka(CAPAIAN_WAJAR_MAKS)}%"
        elif c.capaian == 0 and c.realisasi is not None:
            alasan = "0% padahal realisasi sudah diisi"
        if alasan:
            self.tambah(
                posisi,
                PERINGATAN,
                lokasi,
                f"Capaian {format_persen(c.capaian)} ({alasan}): periksa target "
                f"({c.target_teks}) dan realisasi ({c.realisasi_teks}).",
                "capaian_tidak_wajar",
            )

    # 2. Budget ---------------------------------------------------------------------------------

    def anggaran(self) -> None:
        tahun = self.d.tahun
        for i, p in enumerate(self.d.anggaran.peringatan):
            self.peringatan_anggaran((_POSISI["anggaran"], 0, i), tahun, p)
        # Earlier years of the tabulation (Tabel 3.5).
        for t, pohon in self.d.anggaran_tahunan.items():
            if t == tahun:
                continue
            for i, p in enumerate(pohon.peringatan):
                self.peringatan_anggaran((_POSISI["tabulasi"], t, i), t, p)
        urut = 0
        for node in self.d.anggaran.semua():
            urut += 1
            self.lapor_teks_data(
                (_POSISI["anggaran"], 1, urut), f"Anggaran {tahun}, {node.kode}", node.uraian
            )
        # docs/aturan.md rule 14: a yearly report whose budget covers part of the year says so in
        # BAB III D; the check makes sure it is seen before submission.
        bulanan = self.d.realisasi_anggaran
        if not bulanan.lengkap:
            self.tambah(
                (_POSISI["anggaran"], 2, 0),
                PERINGATAN,
                f"Anggaran {tahun}",
                f"Realisasi anggaran per bulan baru tercatat {bulanan.periode}; laporan menyebut "
                "periode itu di BAB III D. Lengkapi realisasi sampai Desember bila laporan ini "
                "untuk satu tahun penuh.",
                "periode_anggaran",
            )
        for i, (kode, tahunan, jumlah) in enumerate(bulanan.selisih, 1):
            self.tambah(
                (_POSISI["anggaran"], 2, i),
                PERINGATAN,
                f"Anggaran {tahun}, {kode}",
                f"Realisasi tahunan {format_rupiah(tahunan)} berbeda dengan jumlah realisasi "
                f"bulanannya {format_rupiah(jumlah)}.",
                "selisih_bulanan",
            )

    def peringatan_anggaran(self, posisi: tuple[int, ...], tahun: int, p: Peringatan) -> None:
        lokasi = f"Anggaran {tahun}, {p.kode}"
        if p.jenis in ("selisih_pagu", "selisih_realisasi"):
            self.tambah(
                posisi,
                GALAT,
                lokasi,
                f"{p.pesan} Perbaiki total yang diimpor atau rinciannya (aturan 12).",
                "selisih_total",
            )
        elif p.jenis == "melebihi_pagu":
            self.tambah(
                posisi, PERINGATAN, lokasi, f"{p.pesan} Periksa angka realisasinya.", p.jenis
            )
        else:
            self.tambah(posisi, PERINGATAN, lokasi, p.pesan, p.jenis or "anggaran")

    # 3. Narrative ------------------------------------------------------------------------------

    def narasi_urut(self) -> list[tuple[tuple[int, ...], str, TeksNarasi, bool]]:
        """(posisi, lokasi, narasi, wajib) of every narrative section, in print order."""
        program = {p.kode: (i, p) for i, p in enumerate(self.d.tabel_3_2)}
        daftar = []
        for n in self.d.narasi.values():
            if n.bagian == "analisis_sasaran" and n.kunci:
                if n.kunci in program:
                    i, p = program[n.kunci]
                    posisi = (_POSISI["analisis_program"], i)
                    lokasi = f"BAB III.B Analisis {p.nama} ({p.kode})"
                else:
                    posisi = (_POSISI["analisis_program"], len(program))
                    lokasi = f"{n.judul} ({n.kunci})"
                daftar.append((posisi, lokasi, n, n.kunci in program))
                continue
            if n.bagian == "renstra" and n.kunci in _URUTAN_KUNCI_RENSTRA:
                sub = _URUTAN_KUNCI_RENSTRA.index(n.kunci)
            else:
                sub = 0 if not n.kunci else len(_URUTAN_KUNCI_RENSTRA)
            lokasi = n.judul
            if n.kunci:
                lokasi += f" ({_LABEL_KUNCI.get(n.kunci, n.kunci)})"
            daftar.append(((_POSISI.get(n.bagian, 99), sub), lokasi, n, n.bagian in NARASI_WAJIB))
        daftar.sort(key=lambda x: x[0])
        return daftar

    def narasi(self) -> None:
        d = self.d
        program = {p.kode for p in d.tabel_3_2}
        diterima = (
            d.kinerja.capaian_kinerja,
            d.kinerja.capaian_kinerja_dibatasi,
            *(c.capaian for c in d.kinerja.terukur),
        )
        serapan = _serapan_per_kode(d)
        sudah: dict[str, str] = {}  # normalised paragraph -> where it first appears
        contoh_koma = next(
            (m.group(0) for n in d.narasi.values() for m in _DESIMAL_KOMA.finditer(_polos(n.teks))),
            None,
        )
        for posisi, lokasi, n, wajib in self.narasi_urut():
            if n.kosong:
                self.tambah(
                    posisi,
                    GALAT if wajib else PERINGATAN,
                    lokasi,
                    "Bagian ini belum diisi"
                    + ("; laporan tidak lengkap tanpanya." if wajib else "."),
                    "narasi_kosong",
                )
                continue
            if n.bagian == "analisis_sasaran" and n.kunci and n.kunci not in program:
                self.tambah(
                    posisi,
                    PERINGATAN,
                    lokasi,
                    f"Analisis untuk program {n.kunci} tidak dicetak karena program itu tidak ada "
                    "di Tabel 3.2; pindahkan teksnya atau hapus.",
                    "narasi_tidak_dipakai",
                )
            acuan = _jumlah_acuan(d, renstra=n.bagian == "renstra")
            for nomor, isi in enumerate(paragraf(n.teks), 1):
                di = f"{lokasi}, paragraf {nomor}"
                pos = (*posisi, nomor)
                self.placeholder(pos, di, isi, n.tidak_dikenal)
                # A placeholder left unfilled is reported above, by name.
                self.lapor_belum_selesai(pos, di, _tanpa(isi, n.tidak_dikenal))
                tahun_salah = cari_tahun_salah(isi, tahun=d.tahun)
                if tahun_salah:
                    self.tambah(
                        pos,
                        GALAT,
                        di,
                        f"Menyebut tahun {_daftar_kata([str(t) for t in tahun_salah])} sebagai "
                        f"tahun laporan/perjanjian kinerja, padahal laporan ini untuk tahun "
                        f"{d.tahun}. Perbaiki tahunnya (atau tulis {{tahun}}).",
                        "tahun_salah",
                    )
                self.lapor_satker_lain(pos, di, isi)
                for pesan in cari_jumlah_salah(isi, acuan=acuan):
                    self.tambah(pos, GALAT, di, pesan, "jumlah_tidak_sesuai")
                for pesan in (
                    *cari_capaian_salah(
                        isi, tahun=d.tahun, diterima=diterima, serapan=d.anggaran.serapan
                    ),
                    *cari_serapan_salah(isi, tahun=d.tahun, serapan=serapan),
                ):
                    self.tambah(pos, GALAT, di, pesan, "angka_tidak_sesuai")
                for rupiah in cari_rupiah_tidak_sah(isi):
                    self.tambah(
                        pos,
                        GALAT,
                        di,
                        f"Jumlah uang '{rupiah}' tidak dapat dibaca (pengelompokan ribuan salah); "
                        "perbaiki, atau tulis placeholder seperti {realisasi_total}.",
                        "angka_tidak_sah",
                    )
                titik = [m.group(0) for m in _DESIMAL_TITIK.finditer(_polos(isi))]
                if titik:
                    koma = f" (mis. {contoh_koma})" if contoh_koma else ""
                    self.tambah(
                        pos,
                        PERINGATAN,
                        di,
                        f"Pemisah desimal bercampur: {_daftar_kata(titik)} memakai titik, "
                        f"sedangkan laporan memakai koma{koma}. Tulis "
                        f"{_daftar_kata([t.replace('.', ',') for t in titik])}.",
                        "desimal_campuran",
                    )
                kunci = _normal(isi)
                if len(kunci) >= 40:
                    if kunci in sudah:
                        self.tambah(
                            pos,
                            PERINGATAN,
                            di,
                            f"Paragraf ini sama dengan {sudah[kunci]}; hapus salah satunya.",
                            "paragraf_ganda",
                        )
                    else:
                        sudah[kunci] = di
        for i, p in enumerate(d.tabel_3_2):
            if p.analisis is None:
                self.analisis_hilang(i, p)

    def analisis_hilang(self, i: int, p: ProgramTabel) -> None:
        self.tambah(
            (_POSISI["analisis_program"], i),
            GALAT,
            f"BAB III.B Analisis {p.nama} ({p.kode})",
            "Analisis capaian program ini belum ditulis; laporan tidak lengkap tanpanya.",
            "narasi_kosong",
        )

    def placeholder(
        self, posisi: tuple[int, ...], lokasi: str, isi: str, tidak_dikenal: Sequence[str]
    ) -> None:
        for ph in dict.fromkeys(tidak_dikenal):
            if ph not in isi:
                continue
            nama = ph.strip("{}").split(":")[0]
            mirip = difflib.get_close_matches(nama, [*PLACEHOLDER, "pagu", "realisasi"], n=1)
            saran = f" Maksudnya {{{mirip[0]}}}?" if mirip and mirip[0] != nama else ""
            self.tambah(
                posisi,
                GALAT,
                lokasi,
                f"Placeholder {ph} tidak dikenal dan akan tercetak apa adanya.{saran} "
                "Perbaiki ejaannya atau kodenya, atau hapus.",
                "placeholder_tidak_dikenal",
            )

    # Generated texts typed elsewhere (Renstra, RKT, PK signatories) --------------------------

    def teks_data(self) -> None:
        r = self.d.renstra
        if r is not None:
            teks = [
                ("visi", r.visi),
                *((f"makna visi '{k}'", u) for k, u in r.makna_visi),
                *((f"misi {i}", m) for i, m in enumerate(r.misi, 1)),
                *((f"tujuan {i}", t) for i, t in enumerate(r.tujuan, 1)),
                *(
                    (f"sasaran {i}", "\n\n".join([s.uraian, *(n for n, _ in s.indikator)]))
                    for i, s in enumerate(r.sasaran, 1)
                ),
            ]
            for i, (bagian, isi) in enumerate(teks):
                self.lapor_teks_data(
                    (_POSISI["renstra_data"], i), f"BAB II.A Rencana Strategis, {bagian}", isi
                )
        urut = 0
        for program in self.d.rkt:
            for b in program.baris:
                urut += 1
                self.lapor_teks_data(
                    (_POSISI["tabel_2_1"], urut),
                    f"Tabel 2.1, {program.kode} baris {b.nomor}",
                    f"{b.sasaran}\n\n{b.indikator}",
                )
        pk = self.d.perjanjian
        if pk is None:
            self.tambah(
                (_POSISI["tabel_2_2"], 0),
                GALAT,
                "BAB II.C Perjanjian Kinerja dan Lampiran",
                f"Belum ada Perjanjian Kinerja tahun {self.d.tahun}; Tabel 2.2, 3.1, 3.2 dan "
                "Lampiran kosong.",
                "perjanjian_kosong",
            )
            return
        for i, (pihak, orang) in enumerate(
            (("pihak pertama", pk.pihak_pertama), ("pihak kedua", pk.pihak_kedua))
        ):
            self.lapor_teks_data(
                (_POSISI["lampiran"], i),
                f"Lampiran Perjanjian Kinerja, {pihak}",
                f"{orang.nama}\n\n{orang.jabatan}",
            )

    # 4. What an official document must state -------------------------------------------------

    def isian_resmi(self) -> None:
        """Names, NIP, dates, places and the emblem: printed as a blank line while missing, so each
        is a galat with a link to where it is filled (docs/pengesahan.md)."""
        d = self.d
        if not d.satker.logo:
            self.tambah(
                (_POSISI["sampul"], 0),
                GALAT,
                "Sampul",
                "Lambang (logo) satker belum diunggah; sampul laporan mencetaknya. Unggah di "
                "data satker.",
                "logo_kosong",
                _admin("satker", "satker", d.satker.id),
            )
        lokasi = "Kata Pengantar dan BAB IV, tanda tangan"
        tautan_laporan = (
            _admin("laporan", "laporan", d.laporan_id)
            if d.laporan_id
            else _admin_baru("laporan", "laporan", satker=d.satker.id, tahun=d.tahun)
        )
        ketua = d.penandatangan
        if not ketua.nama.strip():
            tautan = (
                _admin("satker", "pengguna", ketua.pengguna_id)
                if ketua.pengguna_id
                else _admin("kinerja", "perjanjiankinerja", d.perjanjian.id)
                if d.perjanjian
                else ""
            )
            self.tambah(
                (_POSISI["tanda_tangan"], 0),
                GALAT,
                lokasi,
                "Nama Ketua (penanda tangan laporan) belum diisi: isi nama lengkap akun Ketua "
                "satker, atau nama pihak kedua Perjanjian Kinerja.",
                "penandatangan_kosong",
                tautan,
            )
        # A report without a date is not unfinished: the approval prints its own date in the
        # approved PDF, the one that is signed (docs/pengesahan.md, "The letter's date").
        if not d.tempat.strip():
            self.tambah(
                (_POSISI["tanda_tangan"], 2),
                GALAT,
                lokasi,
                "Tempat penandatanganan laporan belum diisi (kedudukan satker pun kosong).",
                "tempat_kosong",
                tautan_laporan,
            )
        pk = d.perjanjian
        if pk is None:
            return
        tautan_pk = _admin("kinerja", "perjanjiankinerja", pk.id)
        lokasi = "Lampiran Perjanjian Kinerja, tanda tangan"
        kosong = list_isian_kosong(
            pihak_pertama=Pihak(
                pk.pihak_pertama.nama, pk.pihak_pertama.jabatan, pk.pihak_pertama.nip
            ),
            pihak_kedua=Pihak(pk.pihak_kedua.nama, pk.pihak_kedua.jabatan),
            tanggal=pk.tanggal,
            tempat=pk.tempat,
        )
        for i, (jenis, pesan) in enumerate(kosong):
            self.tambah((_POSISI["lampiran"], -1, i), GALAT, lokasi, pesan, jenis, tautan_pk)


def _tanpa(teks: str, bagian: Iterable[str]) -> str:
    for b in bagian:
        teks = teks.replace(b, "")
    return teks


def _admin(app: str, model: str, pk: int) -> str:
    return reverse(f"admin:{app}_{model}_change", args=[pk])


def _admin_baru(app: str, model: str, **awal: object) -> str:
    isian = "&".join(f"{k}={v}" for k, v in awal.items())
    return f"{reverse(f'admin:{app}_{model}_add')}?{isian}"


def periksa_analisis_indikator(dokumen: DokumenLaporan) -> list[_Calon]:
    """PermenPAN-RB 53/2014: an indicator of Tabel 3.2 below "Baik" on the satker's scale needs
    the causes and the alternative solution (BAB III E): a galat while either is empty, linked to
    the indicator's row of the realisation page, where both are written."""
    from django.urls import reverse  # resolving a URL reads no data: the check stays pure

    hasil = []
    alamat = reverse("realisasi", kwargs={"kode": dokumen.satker.kode, "tahun": dokumen.tahun})
    for i, a in enumerate(dokumen.analisis_indikator):
        kurang = [n for n, t in (("penyebab", a.penyebab), ("solusi", a.solusi)) if not t]
        if not a.wajib or not kurang:
            continue
        hasil.append(
            _Calon(
                (_POSISI["analisis_indikator"], i),
                Temuan(
                    GALAT,
                    f"BAB III.E Analisis penyebab dan solusi, {a.nomor} {_ringkas(a.nama)}",
                    f"Capaian {format_persen(a.capaian)} ({a.kategori}) di bawah kategori Baik: "
                    f"{_daftar_kata(kurang)} wajib diisi di halaman Realisasi (bagian “Penyebab "
                    "dan solusi” indikator ini) sebelum laporan diajukan.",
                    "analisis_kosong",
                    f"{alamat}#analisis-{a.indikator_id}",
                ),
            )
        )
    return hasil


def _serapan_per_kode(d: DokumenLaporan) -> dict[tuple[int, str | None], Decimal | None]:
    """(tahun, kode) -> serapan of every budget line the report prints; kode None: the total."""
    hasil: dict[tuple[int, str | None], Decimal | None] = {
        (s.tahun, None): s.serapan for s in d.serapan_tahunan
    }
    hasil[(d.tahun, None)] = d.anggaran.serapan
    for baris in d.tabulasi:
        for t, node in baris.per_tahun:
            for n in node.telusuri() if node else ():
                hasil[(t, n.kode)] = hasil[(t, n.kode_singkat)] = n.serapan
    for n in d.anggaran.semua():
        hasil[(d.tahun, n.kode)] = hasil[(d.tahun, n.kode_singkat)] = n.serapan
    return hasil


def _normal(teks: str) -> str:
    """A paragraph for comparison: no markup or list markers, one case and spacing, digits
    masked (so the seed's closing paragraph printed once with 2024 and once with 2023 is one)."""
    teks = _PENANDA_DAFTAR.sub("", teks)
    return re.sub(r"\d+", "#", _polos(teks).lower())


def periksa(dokumen: DokumenLaporan, *, nama_satker_lain: Sequence[str] = ()) -> tuple[Temuan, ...]:
    """Every problem of the report, in the order of the report (front matter, BAB I–IV,
    Lampiran). Pure: reads only ``dokumen``; ``nama_satker_lain`` are the names of the other
    satker of the installation (see ``nama_satker_lain``)."""
    p = _Pemeriksa(dokumen, nama_satker_lain)
    p.isian_resmi()
    p.indikator()
    p.anggaran()
    p.narasi()
    p.teks_data()
    p.hasil.extend(periksa_analisis_indikator(dokumen))
    urut = sorted(p.hasil, key=lambda c: c.posisi)  # stable: same place keeps check order
    return tuple(c.temuan for c in urut)


def nama_satker_lain(satker: Satker) -> tuple[str, ...]:
    """The names under which the installation's other satker may appear in a copied text: their
    name ("KPU Kabupaten Kotawaringin Barat") and region ("Kabupaten Kotawaringin Barat"). A KPU
    Provinsi of the satker's own province is its parent body, named legitimately, and left out."""
    hasil: list[str] = []
    for s in Satker.objects.exclude(pk=satker.pk).order_by("kode"):
        if s.jenis == Satker.Jenis.PROVINSI and satker.provinsi.lower() in s.wilayah.lower():
            continue
        for nama in (s.nama, s.wilayah):
            nama = nama.strip()
            if nama and nama.lower() not in (satker.nama.lower(), satker.wilayah.lower()):
                hasil.append(nama)
    return tuple(dict.fromkeys(hasil))


def ringkasan(temuan: Sequence[Temuan]) -> str:
    """'2 galat, 1 peringatan'."""
    galat = sum(1 for t in temuan if t.tingkat == GALAT)
    return f"{galat} galat, {len(temuan) - galat} peringatan"
