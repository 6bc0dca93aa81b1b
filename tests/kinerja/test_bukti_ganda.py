"""The same evidence file twice for one indicator: refused with a clear Indonesian message naming
the file already there, not stored a second time (same SHA-256); another indicator or another
content is accepted."""

import hashlib

from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.models import BuktiDukung, IndikatorKinerja
from kinerja.services import upload_bukti
from lkjip.isian import IsianDitolak

from .test_bukti_dukung import PDF, bukti_root, ind, klien, unggah  # noqa: F401 - fixtures


def test_the_same_file_twice_is_refused_and_stored_once(klien, ind, bukti_root):  # noqa: F811
    assert unggah(klien, ind, "SK Penetapan.pdf", PDF, triwulan="2").status_code == 200
    r = unggah(klien, ind, "salinan SK.pdf", PDF, triwulan="4")
    html = r.content.decode()
    assert (
        "Berkas salinan SK.pdf sudah pernah diunggah untuk indikator ini sebagai SK Penetapan.pdf "
        "(TW II); isinya sama persis, jadi tidak diunggah lagi."
    ) in html
    assert 'class="galat" role="alert"' in html
    bukti = BuktiDukung.objects.get(indikator=ind)
    assert bukti.sha256 == hashlib.sha256(PDF).hexdigest()
    assert len([p for p in bukti_root.rglob("*") if p.is_file()]) == 1


def test_without_javascript_the_refusal_is_on_the_page(client, operator, ind):  # noqa: F811
    client.force_login(operator)
    for _ in range(2):
        berkas = SimpleUploadedFile("SK.pdf", PDF, content_type="application/pdf")
        r = client.post(f"/6210/2024/realisasi/{ind.pk}/bukti/", {"berkas": berkas})
    assert r.status_code == 422
    assert "sudah pernah diunggah untuk indikator ini" in r.content.decode()
    assert BuktiDukung.objects.filter(indikator=ind).count() == 1


def test_another_content_or_another_indicator_is_accepted(klien, ind, operator):  # noqa: F811
    assert unggah(klien, ind, "a.pdf", PDF).status_code == 200
    assert unggah(klien, ind, "b.pdf", PDF + b"% lain\n").status_code == 200
    lain = IndikatorKinerja.objects.filter(sasaran__program=ind.sasaran.program).exclude(pk=ind.pk)
    lain = lain.first()
    berkas = SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")
    upload_bukti(indikator=lain, triwulan=None, berkas=berkas, user=operator)
    assert BuktiDukung.objects.filter(indikator=ind).count() == 2
    assert BuktiDukung.objects.filter(indikator=lain).count() == 1


def test_the_service_refuses_the_duplicate(ind, operator):  # noqa: F811
    for nama in ("a.pdf", "b.pdf"):
        berkas = SimpleUploadedFile(nama, PDF, content_type="application/pdf")
        if nama == "a.pdf":
            upload_bukti(indikator=ind, triwulan=None, berkas=berkas, user=operator)
            continue
        try:
            upload_bukti(indikator=ind, triwulan=1, berkas=berkas, user=operator)
        except IsianDitolak as exc:
            assert "sebagai a.pdf (tahunan)" in exc.pesan
        else:
            raise AssertionError("the duplicate was stored")
    assert BuktiDukung.objects.filter(indikator=ind).count() == 1
