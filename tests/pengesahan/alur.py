"""Helpers that take a report through the workflow via the URLs."""

from django.urls import reverse

from laporan.dokumen import build_dokumen
from laporan.pemeriksaan import nama_satker_lain, periksa
from pengesahan.models import DokumenTertandatangani
from pengesahan.services import kunci_temuan

from .conftest import PASSPHRASE

TAHUN = 2024


def url(nama: str, satker, tahun: int = TAHUN) -> str:
    return reverse(nama, kwargs={"kode": satker.kode, "tahun": tahun})


def alasan_semua(satker) -> dict[str, str]:
    temuan = periksa(
        build_dokumen(satker=satker, tahun=TAHUN), nama_satker_lain=nama_satker_lain(satker)
    )
    return {f"alasan_{kunci_temuan(t)}": "Target memang tidak ditetapkan di PK." for t in temuan}


def sampai_disetujui(client, satker, *, operator, penyetuju) -> None:
    client.force_login(operator)
    assert client.post(url("pengesahan_ajukan", satker), alasan_semua(satker)).status_code == 302
    client.force_login(penyetuju)
    assert client.post(url("pengesahan_setujui", satker)).status_code == 302


def tandatangani(client, satker, *, operator, penyetuju, ketua) -> DokumenTertandatangani:
    sampai_disetujui(client, satker, operator=operator, penyetuju=penyetuju)
    client.force_login(ketua)
    response = client.post(url("pengesahan_tandatangani", satker), {"passphrase": PASSPHRASE})
    assert response.status_code == 302, response.content.decode()[:2000]
    return DokumenTertandatangani.objects.get(pengesahan__satker=satker, digantikan=False)
