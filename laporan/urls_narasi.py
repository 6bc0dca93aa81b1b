from django.urls import path

from laporan import views_narasi

urlpatterns = [
    path("<str:kode>/<tahun:tahun>/narasi/", views_narasi.daftar_narasi, name="narasi"),
    # Before <bagian>/: "pratinjau" is not a section.
    path(
        "<str:kode>/<tahun:tahun>/narasi/pratinjau/",
        views_narasi.pratinjau_narasi,
        name="narasi_pratinjau",
    ),
    path(
        "<str:kode>/<tahun:tahun>/narasi/<str:bagian>/",
        views_narasi.ubah_narasi,
        name="narasi_ubah",
    ),
    path(
        "<str:kode>/<tahun:tahun>/narasi/<str:bagian>/<str:kunci>/",
        views_narasi.ubah_narasi,
        name="narasi_ubah_kunci",
    ),
    path("<str:kode>/<tahun:tahun>/komentar/", views_narasi.komentar, name="komentar"),
]
