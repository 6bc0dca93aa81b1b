from django.urls import path

from kinerja import views_triwulan as views

urlpatterns = [
    path("<str:kode>/<tahun:tahun>/triwulan/", views.triwulan, name="triwulan"),
    path(
        "<str:kode>/<tahun:tahun>/triwulan/jadwal/",
        views.simpan_jadwal_view,
        name="triwulan_jadwal",
    ),
    path("<str:kode>/<tahun:tahun>/triwulan/<int:tw>/", views.triwulan_tw, name="triwulan_tw"),
    path("<str:kode>/<tahun:tahun>/triwulan/<int:tw>/buka/", views.buka_view, name="triwulan_buka"),
    path(
        "<str:kode>/<tahun:tahun>/triwulan/<int:tw>/tutup/", views.tutup_view, name="triwulan_tutup"
    ),
    path(
        "<str:kode>/<tahun:tahun>/triwulan/<int:tw>/verifikasi/",
        views.verifikasi_view,
        name="triwulan_verifikasi",
    ),
    path(
        "<str:kode>/<tahun:tahun>/triwulan/<int:tw>/catatan/<int:indikator>/",
        views.catatan_view,
        name="triwulan_catatan",
    ),
]
