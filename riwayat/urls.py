from django.urls import path

from riwayat import views

urlpatterns = [
    path("<str:kode>/riwayat/", views.riwayat, name="riwayat"),
    path("<str:kode>/riwayat/unggahan/", views.riwayat_unggahan, name="riwayat_unggahan"),
    path(
        "<str:kode>/riwayat/<str:jenis>/<int:objek_id>/",
        views.riwayat_objek,
        name="riwayat_objek",
    ),
]
