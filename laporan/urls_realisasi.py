from django.urls import path

from laporan import views_realisasi as views

urlpatterns = [
    path("<str:kode>/<tahun:tahun>/realisasi/", views.realisasi, name="realisasi"),
    path(
        "<str:kode>/<tahun:tahun>/realisasi/<int:indikator>/tw/<int:triwulan>/",
        views.simpan_realisasi,
        name="realisasi_simpan",
    ),
    path(
        "<str:kode>/<tahun:tahun>/realisasi/<int:indikator>/dokumen/<int:dokumen>/",
        views.simpan_dokumen,
        name="realisasi_dokumen",
    ),
    path(
        "<str:kode>/<tahun:tahun>/realisasi/<int:indikator>/analisis/",
        views.simpan_analisis,
        name="realisasi_analisis",
    ),
    path(
        "<str:kode>/<tahun:tahun>/realisasi/<int:indikator>/bukti/",
        views.unggah_bukti,
        name="bukti_unggah",
    ),
    path("<str:kode>/<tahun:tahun>/bukti/<int:bukti>/", views.unduh_bukti, name="bukti_unduh"),
    path(
        "<str:kode>/<tahun:tahun>/bukti/<int:bukti>/hapus/",
        views.hapus_bukti,
        name="bukti_hapus",
    ),
]
