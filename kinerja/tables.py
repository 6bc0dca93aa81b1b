"""The realisation entry table (issue 4, item 3): one row per indicator of the PK in force.

The records are ``kinerja.services.BarisRealisasi``, already measured; the cells that hold forms
(triwulan, documents, evidence) are drawn by ``templates/kinerja/_baris_realisasi.html``, which
both the whole table and the single row returned after an in-place save use.
"""

import django_tables2 as tables
from django.utils.text import slugify

from kinerja.services import BarisRealisasi


def _kelas_kategori(record: BarisRealisasi) -> str:
    kategori = record.capaian.kategori
    return f"kategori kategori--{slugify(kategori)}" if kategori else "kategori"


class RealisasiTable(tables.Table):
    nomor = tables.Column("No.", attrs={"td": {"class": "nomor"}})
    indikator = tables.Column(
        "Indikator kinerja", accessor="capaian__nama", attrs={"td": {"class": "indikator"}}
    )
    target = tables.Column(
        "Target", accessor="capaian__target_teks", attrs={"td": {"class": "target angka"}}
    )
    tw1 = tables.Column("TW I", accessor="triwulan__0", attrs={"td": {"class": "tw tw-1"}})
    tw2 = tables.Column("TW II", accessor="triwulan__1", attrs={"td": {"class": "tw tw-2"}})
    tw3 = tables.Column("TW III", accessor="triwulan__2", attrs={"td": {"class": "tw tw-3"}})
    tw4 = tables.Column("TW IV", accessor="triwulan__3", attrs={"td": {"class": "tw tw-4"}})
    realisasi = tables.Column(
        "Realisasi tahunan",
        accessor="capaian__realisasi_teks",
        attrs={"td": {"class": "realisasi angka"}},
    )
    capaian = tables.Column(
        "Capaian", accessor="capaian__capaian", attrs={"td": {"class": "capaian angka"}}
    )
    kategori = tables.Column(
        "Kategori", accessor="capaian__kategori", attrs={"td": {"class": _kelas_kategori}}
    )
    keterangan = tables.Column(
        "Keterangan", accessor="keterangan", attrs={"td": {"class": "keterangan"}}
    )
    bukti = tables.Column("Bukti dukung", accessor="bukti", attrs={"td": {"class": "bukti"}})
    riwayat = tables.Column("Riwayat", accessor="indikator_id", attrs={"td": {"class": "riwayat"}})

    class Meta:
        template_name = "kinerja/_tabel_realisasi.html"
        orderable = False  # grouped by sasaran in report order; sorting would break the groups
        attrs = {"id": "tabel-realisasi", "class": "tabel tabel-realisasi"}
        row_attrs = {"id": lambda record: f"indikator-{record.indikator_id}"}
        empty_text = "Belum ada Perjanjian Kinerja untuk tahun ini."
