from django.urls import path

from laporan import views

urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("<str:kode>/<int:tahun>/", views.ringkasan, name="ringkasan"),
]
