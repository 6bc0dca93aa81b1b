from django.urls import path

from anggaran import views

urlpatterns = [
    path("<str:kode>/impor/", views.impor_anggaran, name="impor_anggaran"),
    path("<str:kode>/impor/templat.xlsx", views.templat_anggaran, name="templat_anggaran"),
    path("<str:kode>/impor/contoh.xlsx", views.contoh_anggaran, name="contoh_anggaran"),
    path(
        "<str:kode>/impor/<tahun:tahun>/data.xlsx",
        views.templat_anggaran_terisi,
        name="templat_anggaran_terisi",
    ),
    path("<str:kode>/impor/<int:pk>/", views.pratinjau_impor, name="pratinjau_impor_anggaran"),
]
