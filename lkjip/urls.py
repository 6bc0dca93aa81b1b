from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from lkjip.sehat import sehat
from lkjip.tahun import TahunConverter
from satker.forms import FormMasuk
from satker.views import dua_faktor

# Before the includes below, whose patterns use <tahun:...>.
register_converter(TahunConverter, "tahun")

admin.site.site_header = "LKjIP — Administrasi"
admin.site.site_title = "LKjIP"
admin.site.index_title = "Data master"

urlpatterns = [
    path("sehat/", sehat, name="sehat"),
    path("masuk/", auth_views.LoginView.as_view(authentication_form=FormMasuk), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/dua-faktor/", dua_faktor, name="dua_faktor"),
    path("akun/sandi/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "akun/sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("admin/", admin.site.urls),
    path("anggaran/", include("anggaran.urls")),
    path("kinerja/", include("kinerja.urls")),
    path("pengesahan/", include("pengesahan.urls")),
    path("", include("pengingat.urls")),
    path("", include("riwayat.urls")),
    # The workspace of a satker and year: /<kode>/<tahun>/realisasi/, narasi/, anggaran/ ...
    path("", include("laporan.urls_realisasi")),
    path("", include("renstra.urls")),
    path("", include("kinerja.urls_perjanjian")),
    path("", include("kinerja.urls_triwulan")),
    path("", include("kinerja.urls_renaksi")),
    path("", include("laporan.urls_narasi")),
    path("", include("anggaran.urls_pohon")),
    path("", include("laporan.urls")),
    # A KPU Provinsi or KPU RI over the satker below it: /<kode>/pemantauan/<tahun>/
    path("", include("pemantauan.urls")),
]
