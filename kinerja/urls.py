from django.urls import path

from kinerja import views

urlpatterns = [
    path(
        "<str:kode>/<tahun:tahun>/buku-kerja.xlsx", views.unduh_buku_kerja, name="buku_kerja_unduh"
    ),
    path(
        "<str:kode>/<tahun:tahun>/buku-kerja/unggah/",
        views.unggah_buku_kerja,
        name="buku_kerja_unggah",
    ),
    path(
        "<str:kode>/<tahun:tahun>/buku-kerja/pratinjau/",
        views.pratinjau_buku_kerja,
        name="buku_kerja_pratinjau",
    ),
]
