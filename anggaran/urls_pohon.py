from django.urls import path

from anggaran import views

urlpatterns = [
    path("<str:kode>/<tahun:tahun>/anggaran/", views.anggaran_pohon, name="anggaran_pohon"),
    path(
        "<str:kode>/<tahun:tahun>/anggaran/rencana/",
        views.rencana_penarikan,
        name="rencana_penarikan",
    ),
]
