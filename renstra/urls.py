from django.urls import path

from renstra import views

urlpatterns = [
    path("<str:kode>/<tahun:tahun>/renstra/", views.target_renstra, name="renstra_target"),
]
