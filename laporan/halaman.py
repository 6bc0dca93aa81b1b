"""What the dashboard, the report page and the realisation table show of a satker's year, drawn
once per state of the data.

Building the report, checking it and drawing the tables is most of those pages' time, and the
data changes far less often than it is read. So the drawn parts are kept (lkjip.ingatan, per
process) under a fingerprint of every row they are built from (``sidik``: one prepared query on
PostgreSQL). Changed data gives a new key: nothing needs invalidating and nothing is ever served
stale. What depends on the reader (signing actions, the PDF's state, links by role, the CSRF
token) is drawn on every request by the views.
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from anggaran.services import build_pohon_anggaran
from kinerja.models import BuktiDukung
from kinerja.services import TabelRealisasi, build_ringkasan_kinerja, build_tabel_realisasi
from laporan.cetak import kunci_cache
from laporan.dokumen import build_dokumen, sumber_laporan
from laporan.pemeriksaan import nama_satker_lain, periksa
from laporan.ringkasan import build_kelengkapan, group_indikator
from lkjip.ingatan import Ingatan
from lkjip.kunci import status_tahun
from lkjip.sidik import sidik, sidik_kueri
from satker.models import Satker

_laporan = Ingatan("isi laporan", 32)  # some 80-130 KB each
_ringkasan = Ingatan("isi ringkasan", 64)  # some 50-70 KB each
_tabel = Ingatan("data tabel realisasi", 64)  # some 20-50 KB each


@dataclass(frozen=True)
class IsiLaporan:
    """The report page's drawn parts: the tables to download, the check, the report."""

    unduh: SafeString
    pemeriksaan: SafeString
    html: SafeString


@dataclass(frozen=True)
class IsiRingkasan:
    """The dashboard's data-only parts: headline figures, what is missing, the two tables."""

    pk_id: int | None
    utama: SafeString
    rincian: SafeString


def sumber_ruang_kerja(satker: int, tahun: int) -> tuple[QuerySet, ...]:
    """What the dashboard and the realisation table are drawn from: the report's rows, the
    evidence files (with their uploader) and the signing state that locks the year."""
    return (
        *sumber_laporan(satker, tahun),
        BuktiDukung.objects.milik(satker=satker, tahun=tahun).values_list(
            "pk",
            "indikator_id",
            "triwulan",
            "nama_asli",
            "ukuran",
            "diunggah_pada",
            "diunggah_oleh__first_name",
            "diunggah_oleh__last_name",
            "diunggah_oleh__username",
        ),
        status_tahun(satker, tahun),
    )


def sidik_ruang_kerja(*, satker: Satker, tahun: int) -> str:
    return sidik(sumber_ruang_kerja, satker=satker, tahun=tahun)


def get_isi_laporan(*, satker: Satker, tahun: int, kunci_pdf: str | None = None) -> IsiLaporan:
    """``kunci_pdf``: the report's ``kunci_cache`` when the caller has it already."""

    def kunci(kunci_pdf: str | None = None) -> str:
        # The check also looks for the other satker's names in the text.
        nama = sidik_kueri([Satker.objects.values_list("pk", "jenis", "nama", "wilayah")])
        return f"laporan:{kunci_pdf or kunci_cache(satker=satker, tahun=tahun)}:{nama}"

    def buat() -> IsiLaporan:
        dokumen = build_dokumen(satker=satker, tahun=tahun)
        temuan = periksa(dokumen, nama_satker_lain=nama_satker_lain(satker))
        galat = sum(1 for t in temuan if t.tingkat == "galat")
        context = {
            "satker": satker,
            "tahun": tahun,
            "daftar_tabel": dokumen.daftar_tabel,
            "temuan": temuan,
            "jumlah_galat": galat,
            "jumlah_peringatan": len(temuan) - galat,
        }
        return IsiLaporan(
            unduh=render_to_string("laporan/_unduh_tabel.html", context),
            pemeriksaan=render_to_string("laporan/_pemeriksaan.html", context),
            html=render_to_string(
                "laporan/dokumen/_isi.html", {"dokumen": dokumen, "cetak": False}
            ),
        )

    return _laporan.get_or_set(kunci(kunci_pdf), buat, kunci_lagi=kunci)


def get_tabel_realisasi(*, satker: Satker, tahun: int) -> tuple[str, TabelRealisasi]:
    """``build_tabel_realisasi`` kept, with the fingerprint it is kept under (the view keeps the
    drawn table under it too: kinerja.tables)."""
    kunci = sidik_ruang_kerja(satker=satker, tahun=tahun)
    tabel = _tabel.get_or_set(
        kunci,
        lambda: build_tabel_realisasi(satker=satker, tahun=tahun),
        kunci_lagi=lambda: sidik_ruang_kerja(satker=satker, tahun=tahun),
    )
    return kunci, tabel


def get_isi_ringkasan(*, satker: Satker, tahun: int) -> IsiRingkasan:
    def kunci() -> str:
        return "ringkasan:" + sidik_ruang_kerja(satker=satker, tahun=tahun)

    def buat() -> IsiRingkasan:
        kinerja = build_ringkasan_kinerja(satker=satker, tahun=tahun)
        anggaran = build_pohon_anggaran(satker=satker, tahun=tahun)
        context = {
            "satker": satker,
            "tahun": tahun,
            "kinerja": kinerja,
            "kelompok_indikator": group_indikator(kinerja),
            "anggaran": anggaran,
            "kelengkapan": build_kelengkapan(
                satker=satker, tahun=tahun, kinerja=kinerja, anggaran=anggaran
            ),
        }
        return IsiRingkasan(
            pk_id=kinerja.pk_id,
            utama=render_to_string("laporan/_ringkasan_utama.html", context),
            rincian=render_to_string("laporan/_ringkasan_rincian.html", context),
        )

    return _ringkasan.get_or_set(kunci(), buat, kunci_lagi=kunci)
