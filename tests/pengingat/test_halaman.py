"""The Admin's list of emails sent shows only the satker's own; the worker's hook is registered."""

from django.urls import reverse

from lkjip import berkala
from pengingat.models import EmailPengingat, Jenis
from pengingat.tasks import antrikan_harian


def _email(satker, subjek: str, **extra) -> EmailPengingat:
    return EmailPengingat.objects.create(
        satker=satker,
        tahun=2024,
        jenis=Jenis.SEBELUM_BATAS,
        kunci=subjek,
        subjek=subjek,
        isi=f"Isi {subjek}",
        **extra,
    )


def test_admin_sees_only_the_satkers_emails(
    client, gunung_mas, satker_lain, admin_satker, operator
):
    _email(gunung_mas, "Email Gunung Mas", pengguna=operator, alamat="op@contoh.go.id")
    _email(
        gunung_mas,
        "Email tanpa alamat",
        pengguna=operator,
        galat="Pengguna tidak memiliki alamat email; tidak dikirim.",
    )
    _email(satker_lain, "Email satker lain")
    client.force_login(admin_satker)
    html = client.get(reverse("email_terkirim", kwargs={"kode": gunung_mas.kode})).content.decode()
    assert "Email Gunung Mas" in html and "op@contoh.go.id" in html
    assert "Tidak terkirim: Pengguna tidak memiliki alamat email" in html
    assert "Email satker lain" not in html
    assert "2 email." in html


def test_the_worker_hook_is_registered_and_never_raises(monkeypatch):
    assert antrikan_harian in berkala._TUGAS
    dipanggil = []

    def gagal():
        raise RuntimeError("basis data sedang mati")

    monkeypatch.setattr(berkala, "_TUGAS", [gagal, lambda: dipanggil.append(1)])
    berkala.jalankan()
    assert dipanggil == [1]
