from django.urls import path

from pemantauan import views

urlpatterns = [
    path("<str:kode>/pemantauan/", views.pemantauan_indeks, name="pemantauan_indeks"),
    path("<str:kode>/pemantauan/<tahun:tahun>/", views.pemantauan, name="pemantauan"),
    path(
        "<str:kode>/pemantauan/<tahun:tahun>/pemantauan.xlsx",
        views.pemantauan_xlsx,
        name="pemantauan_xlsx",
    ),
]
