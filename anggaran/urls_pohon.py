from django.urls import path

from anggaran import views

urlpatterns = [
    path("<str:kode>/<tahun:tahun>/anggaran/", views.anggaran_pohon, name="anggaran_pohon"),
]
