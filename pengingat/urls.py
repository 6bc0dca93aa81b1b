from django.urls import path

from pengingat import views

urlpatterns = [
    path("akun/pengingat/", views.pengaturan_pengingat, name="pengaturan_pengingat"),
    path("<str:kode>/pengingat/terkirim/", views.email_terkirim, name="email_terkirim"),
    path(
        "<str:kode>/<tahun:tahun>/penanggung-jawab/",
        views.penanggung_jawab,
        name="penanggung_jawab",
    ),
    path("<str:kode>/<tahun:tahun>/indikator-saya/", views.indikator_saya, name="indikator_saya"),
]
