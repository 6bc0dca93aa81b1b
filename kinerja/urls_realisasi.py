from django.urls import path

from kinerja import views

urlpatterns = [
    path("<str:kode>/<int:tahun>/realisasi/", views.realisasi, name="realisasi"),
]
