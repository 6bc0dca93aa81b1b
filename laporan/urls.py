from django.urls import path

from laporan import views, views_pdf

urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("<str:kode>/logo/", views.logo_satker, name="logo_satker"),
    path("<str:kode>/<tahun:tahun>/", views.ringkasan, name="ringkasan"),
    path("<str:kode>/<tahun:tahun>/laporan/", views.laporan, name="laporan"),
    path("<str:kode>/<tahun:tahun>/laporan.pdf", views.laporan_pdf, name="laporan_pdf"),
    path(
        "<str:kode>/<tahun:tahun>/laporan/pdf/status/",
        views_pdf.laporan_pdf_status,
        name="laporan_pdf_status",
    ),
    path(
        "<str:kode>/<tahun:tahun>/laporan/tabel/<str:nomor>.xlsx",
        views.tabel_xlsx,
        name="tabel_xlsx",
    ),
    path(
        "<str:kode>/<tahun:tahun>/gambar/<int:nomor>/",
        views.gambar_struktur,
        name="gambar_struktur",
    ),
]
