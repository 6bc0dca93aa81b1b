from django.urls import path

from pengesahan import views

urlpatterns = [
    path("<str:kode>/<tahun:tahun>/ajukan/", views.ajukan, name="pengesahan_ajukan"),
    path("<str:kode>/<tahun:tahun>/setujui/", views.setujui, name="pengesahan_setujui"),
    path("<str:kode>/<tahun:tahun>/kembalikan/", views.kembalikan, name="pengesahan_kembalikan"),
    path(
        "<str:kode>/<tahun:tahun>/tandatangani/", views.tandatangani, name="pengesahan_tandatangani"
    ),
    path("<str:kode>/<tahun:tahun>/revisi/", views.revisi, name="pengesahan_revisi"),
    path("dokumen/<uuid:id>/unduh/", views.unduh, name="pengesahan_unduh"),
    path("verifikasi/", views.verifikasi, name="verifikasi"),
    path("verifikasi/<uuid:id>/", views.verifikasi, name="verifikasi_dokumen"),
]
