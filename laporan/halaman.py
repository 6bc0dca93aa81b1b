"""What the dashboard, the report page and the realisation table show of a satker's year, built
once per revision of the data.

Building the report, checking it and drawing the dashboard's tables is most of those pages' time,
and the data changes far less often than it is read. So what is built from the data alone (the
report page's parts, the dashboard's parts, the realisation table's rows) is kept in Django's
cache under the data's revision, which every write renews (``satker.revisi``,
docs/halaman_tersimpan.md). What depends on the reader (signing actions, the PDF's state, links by
role, the realisation table's forms with the request's CSRF token) is drawn on every request by
the views.
"""

import datetime
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from anggaran.grafik import grafik_realisasi_bulanan
from kinerja.services import TabelRealisasi, build_tabel_realisasi
from laporan.dokumen import build_dokumen
from laporan.pemeriksaan import GALAT
from laporan.pemeriksaan_tersimpan import periksa_dan_simpan
from laporan.ringkasan import (
    IsianIndikator,
    build_jatuh_tempo,
    build_kelengkapan,
    group_indikator,
    list_isian_triwulan,
)
from satker.models import Satker
from satker.revisi import Revisi, baca, simpanan


@dataclass(frozen=True)
class IsiLaporan:
    """The report page's drawn parts: the tables to download, the check, the report."""

    unduh: SafeString
    pemeriksaan: SafeString
    html: SafeString


@dataclass(frozen=True)
class IsiRingkasan:
    """The dashboard's data-only parts: headline figures, what is missing, the two tables; and
    what the consistency check finds (its galat block the submission, its peringatan need a
    reason, docs/pengesahan.md), apart from what is merely missing (``belum_lengkap``)."""

    pk_id: int | None
    utama: SafeString
    belum_lengkap: SafeString
    grafik_triwulan: SafeString  # target vs realisation per TW of each indicator
    rincian: SafeString
    jumlah_galat: int
    jumlah_peringatan: int
    jumlah_belum_lengkap: int
    # The measured indicators' TWs with a value: the dashboard counts them against the date on
    # each request (laporan.ringkasan.build_jatuh_tempo), so the kept part holds no date.
    isian_triwulan: tuple[IsianIndikator, ...]


def get_isi_laporan(*, satker: Satker, tahun: int, revisi: Revisi | None = None) -> IsiLaporan:
    """``revisi``: the data's revision when the caller has read it already. (The check also looks
    for the other satker's names in the text: their changes renew every revision.) The check's
    counts are stored when it runs (``laporan.pemeriksaan_tersimpan``)."""
    revisi = revisi or baca(satker_id=satker.pk, tahun=tahun)

    def buat() -> IsiLaporan:
        dokumen = build_dokumen(satker=satker, tahun=tahun)
        temuan = periksa_dan_simpan(satker=satker, tahun=tahun, revisi=revisi, dokumen=dokumen)
        galat = sum(1 for t in temuan if t.tingkat == GALAT)
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

    return simpanan("laporan", satker_id=satker.pk, tahun=tahun, buat=buat, revisi=revisi)


def get_tabel_realisasi(*, satker: Satker, tahun: int) -> TabelRealisasi:
    """``build_tabel_realisasi``, kept: the rows are drawn with the reader's forms on each request
    (kinerja.tables)."""
    return simpanan(
        "tabel-realisasi",
        satker_id=satker.pk,
        tahun=tahun,
        buat=lambda: build_tabel_realisasi(satker=satker, tahun=tahun),
    )


def get_isi_ringkasan(*, satker: Satker, tahun: int, revisi: Revisi | None = None) -> IsiRingkasan:
    """``revisi``: the data's revision when the caller has read it already. The check's counts
    are stored when it runs (``laporan.pemeriksaan_tersimpan``)."""
    revisi = revisi or baca(satker_id=satker.pk, tahun=tahun)

    def buat() -> IsiRingkasan:
        # The report's own figures: the dashboard shows what the report will say, and the
        # consistency check's errors are what blocks submission.
        dokumen = build_dokumen(satker=satker, tahun=tahun)
        kinerja, anggaran, realisasi = dokumen.kinerja, dokumen.anggaran, dokumen.realisasi_anggaran
        temuan = periksa_dan_simpan(satker=satker, tahun=tahun, revisi=revisi, dokumen=dokumen)
        galat = sum(1 for t in temuan if t.tingkat == GALAT)
        kelengkapan = build_kelengkapan(
            satker=satker, tahun=tahun, kinerja=kinerja, anggaran=anggaran
        )
        context = {
            "satker": satker,
            "tahun": tahun,
            "kinerja": kinerja,
            "kelompok_indikator": group_indikator(kinerja),
            "anggaran": anggaran,
            "realisasi": realisasi,
            "grafik": grafik_realisasi_bulanan(
                data=realisasi, judul=f"Realisasi anggaran {realisasi.periode} per bulan"
            ),
            "kelengkapan": kelengkapan,
            "jumlah_galat": galat,
        }
        return IsiRingkasan(
            pk_id=kinerja.pk_id,
            utama=render_to_string("laporan/_ringkasan_utama.html", context),
            belum_lengkap=render_to_string("laporan/_belum_lengkap.html", context),
            grafik_triwulan=render_to_string("laporan/_grafik_triwulan.html", context),
            rincian=render_to_string("laporan/_ringkasan_rincian.html", context),
            jumlah_galat=galat,
            jumlah_peringatan=len(temuan) - galat,
            jumlah_belum_lengkap=kelengkapan.jumlah,
            isian_triwulan=list_isian_triwulan(kinerja),
        )

    return simpanan("ringkasan", satker_id=satker.pk, tahun=tahun, buat=buat, revisi=revisi)


def get_jatuh_tempo(
    *,
    satker: Satker,
    tahun: int,
    isian: tuple[IsianIndikator, ...],
    hari_ini: datetime.date,
    revisi: Revisi,
) -> SafeString:
    """The dashboard's "Apa yang jatuh tempo" drawn for ``hari_ini``: kept under the data's
    revision *and the date* (its day counts move with the calendar, docs/triwulan.md, Dasbor),
    so it is built once a day per revision, not on every request (``status_triwulan`` is three
    queries and some 4 ms of the ORM's CPU)."""

    def buat() -> SafeString:
        jatuh_tempo = build_jatuh_tempo(
            satker_id=satker.pk, tahun=tahun, isian=isian, hari_ini=hari_ini
        )
        context = {"satker": satker, "tahun": tahun, "jatuh_tempo": jatuh_tempo}
        return render_to_string("laporan/_jatuh_tempo.html", context)

    return simpanan(
        "jatuh-tempo",
        satker_id=satker.pk,
        tahun=tahun,
        buat=buat,
        tambahan=(hari_ini.isoformat(),),
        revisi=revisi,
    )
