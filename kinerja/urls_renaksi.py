from django.urls import path

from kinerja import views_renaksi

urlpatterns = [
    path(
        "<str:kode>/<tahun:tahun>/rencana-aksi/",
        views_renaksi.rencana_aksi,
        name="rencana_aksi",
    ),
    path(
        "<str:kode>/<tahun:tahun>/rencana-aksi/<int:indikator>/",
        views_renaksi.simpan_renaksi,
        name="rencana_aksi_simpan",
    ),
    path(
        "<str:kode>/<tahun:tahun>/rencana-aksi/dokumen/",
        views_renaksi.rencana_aksi_dokumen,
        name="rencana_aksi_dokumen",
    ),
    path(
        "<str:kode>/<tahun:tahun>/rencana-aksi.pdf",
        views_renaksi.rencana_aksi_pdf,
        name="rencana_aksi_pdf",
    ),
    path(
        "<str:kode>/<tahun:tahun>/rencana-aksi.xlsx",
        views_renaksi.rencana_aksi_xlsx,
        name="rencana_aksi_xlsx",
    ),
]
