from django.urls import path

from kinerja import views_perjanjian

urlpatterns = [
    path(
        "<str:kode>/<tahun:tahun>/perjanjian-kinerja/",
        views_perjanjian.perjanjian_kinerja,
        name="perjanjian_kinerja",
    ),
    path(
        "<str:kode>/<tahun:tahun>/perjanjian-kinerja.pdf",
        views_perjanjian.perjanjian_kinerja_pdf,
        name="perjanjian_kinerja_pdf",
    ),
]
