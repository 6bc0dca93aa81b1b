"""Who may open what: every URL of the project, enumerated from the URLconf, for
an anonymous visitor, each role of Gunung Mas, a superuser and users of another satker.

MATRIX is the expected table, written out by hand: a new URL that is not in it fails the test
with "tambahkan ke MATRIX", so every new page is classified deliberately. Kwargs are filled from
SAMPEL (real objects of Gunung Mas 2024) or by name (kode -> 6210, tahun -> 2024).

Expected values: a status code, LOGIN (redirect to the login page with ?next=) or OK (for POST
with an empty form: anything but 403/404/405 and below 500, i.e. the role may write).
"""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from anggaran.models import ImporAnggaran
from kinerja.models import DokumenWajib, IndikatorKinerja
from kinerja.services import upload_bukti
from laporan.models import GambarOrganisasi
from laporan.narasi import list_bagian_narasi
from pengesahan.models import DokumenTertandatangani, Pengesahan
from satker.admin import SatkerScopedMixin
from satker.models import Pengguna

PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415478"
    "9c63f8ffff3f0005fe02fe0def46b80000000049454e44ae426082"
)
LOGIN = "login"
OK = "ok"

PERAN = (
    "anonim",
    "operator",
    "sekretaris",
    "komisioner",
    "ketua",
    "admin",
    "superuser",
    "lain",  # operator of another satker
    "admin_lain",  # admin of another satker
    # Above Gunung Mas (docs/pemantauan.md): they read it, change nothing.
    "pemantau",  # Pemantau of KPU Provinsi Kalimantan Tengah
    "admin_provinsi",  # Admin of that province (an Admin of their own satker only)
    "pemantau_ri",  # Pemantau of KPU RI
    "pemantau_lain",  # Pemantau of another province: Gunung Mas does not exist for them
)
ATAS = ("pemantau", "admin_provinsi", "pemantau_ri")
PERAN_SATKER = ("operator", "sekretaris", "komisioner", "ketua", "admin")


def baca(**beda) -> dict:
    """A satker page every role of the satker reads; another satker's users get 404."""
    hasil = {"anonim": LOGIN, **dict.fromkeys((*PERAN_SATKER, *ATAS), 200), "superuser": 200}
    hasil.update(lain=404, admin_lain=404, pemantau_lain=404)
    hasil.update(beda)
    return hasil


def hanya(boleh: tuple[str, ...], nilai=200, ditolak=403, **beda) -> dict:
    """A satker page for the roles in ``boleh`` (403 for the others — those reading from above
    too — and 404 for another satker)."""
    hasil = {"anonim": LOGIN, "lain": 404, "admin_lain": 404, "pemantau_lain": 404}
    for peran in (*PERAN_SATKER, *ATAS, "superuser"):
        hasil[peran] = nilai if peran in boleh else ditolak
    hasil.update(beda)
    return hasil


def semua(nilai, **beda) -> dict:
    """Not bound to a satker: the same answer for everyone."""
    return {**dict.fromkeys(PERAN, nilai), **beda}


def pantau(nilai) -> dict:
    """A province's monitoring page: its users, KPU RI's and superusers; 404 for everyone else
    (a kabupaten's users included)."""
    return {**semua(404, anonim=LOGIN), **dict.fromkeys((*ATAS, "superuser"), nilai)}


PENGISI = ("operator", "admin", "superuser")  # enter realisations, evidence, narrative
ADMIN = ("admin", "superuser")
PENYETUJU = ("sekretaris", "komisioner", "ketua")

MATRIX: dict[str, dict[str, dict]] = {
    # Public
    "login": {"GET": semua(200)},
    "verifikasi": {"GET": semua(200)},
    "verifikasi_dokumen": {"GET": semua(200)},
    # Health endpoint for load balancers (lkjip/sehat.py)
    "sehat": {"GET": semua(200)},
    # Account
    "logout": {"GET": semua(405), "POST": semua(302)},
    "password_change": {"GET": semua(200, anonim=LOGIN)},
    "password_change_done": {"GET": semua(200, anonim=LOGIN)},
    # The two-factor step: with WAJIB_2FA off (the default) nobody needs it and it leads home.
    "dua_faktor": {"GET": semua(302, anonim=LOGIN), "POST": semua(302, anonim=LOGIN)},
    # Start page: a satker's user goes to their latest year, a superuser chooses a satker; the
    # users of a province or KPU RI go to their monitoring (the province has no data years).
    "beranda": {
        "GET": semua(
            302,
            anonim=LOGIN,
            superuser=200,
            lain=200,
            admin_lain=200,
            pemantau_lain=200,  # a province with nothing below it
        ),
    },
    # Reading the year
    "ringkasan": {"GET": baca()},
    "laporan": {"GET": baca()},
    # No cached PDF (empty cache dir): rendering is queued, the reader goes back to the report.
    "laporan_pdf": {"GET": baca(**dict.fromkeys((*PERAN_SATKER, *ATAS, "superuser"), 302))},
    "laporan_pdf_status": {"GET": baca()},
    "tabel_xlsx": {"GET": baca()},
    "gambar_struktur": {"GET": baca()},
    "logo_satker": {"GET": baca()},
    "riwayat": {"GET": baca()},
    "riwayat_unggahan": {"GET": baca()},
    "riwayat_objek": {"GET": baca()},
    "realisasi": {"GET": baca()},
    "renstra_target": {"GET": baca(), "POST": hanya(PENGISI, OK)},
    "buku_kerja_unduh": {"GET": baca()},
    "perjanjian_kinerja": {"GET": baca()},
    "perjanjian_kinerja_pdf": {"GET": baca()},
    "rencana_aksi": {"GET": baca()},
    "rencana_aksi_dokumen": {"GET": baca()},
    "rencana_aksi_pdf": {"GET": baca()},
    "rencana_aksi_xlsx": {"GET": baca()},
    "narasi": {"GET": baca()},
    # The budget tree: read by every role; its lines change through the import or the admin, and
    # only the Admin saves the rencana penarikan dana (a separate POST).
    "anggaran_pohon": {
        "GET": baca(),
        "POST": semua(405, anonim=LOGIN, **dict.fromkeys(ATAS, 403)),
    },
    "rencana_penarikan": {
        "GET": hanya(ADMIN, 405, lain=403, pemantau_lain=403, admin_lain=405),
        "POST": hanya(ADMIN, 302, lain=403, pemantau_lain=403),
    },
    "narasi_ubah": {"GET": baca(), "POST": hanya(PENGISI, OK)},
    "narasi_ubah_kunci": {"GET": baca(), "POST": hanya(PENGISI, OK)},
    "bukti_unduh": {"GET": baca()},
    # Comments: every role of the satker reads and writes them.
    "komentar": {
        "GET": baca(),
        "POST": baca(**dict.fromkeys((*PERAN_SATKER, "superuser"), OK), **dict.fromkeys(ATAS, 403)),
    },
    # Entering data
    "buku_kerja_unggah": {
        "GET": hanya(PENGISI, pemantau_lain=403),
        "POST": hanya(PENGISI, OK, pemantau_lain=403),
    },
    "buku_kerja_pratinjau": {
        "GET": hanya(PENGISI, 302, pemantau_lain=403),
        "POST": hanya(PENGISI, OK, pemantau_lain=403),
    },
    # In-place saves of the realisation table (htmx POST only)
    "realisasi_simpan": {"GET": semua(405, anonim=LOGIN), "POST": hanya(PENGISI, OK)},
    "realisasi_dokumen": {"GET": semua(405, anonim=LOGIN), "POST": hanya(PENGISI, OK)},
    "realisasi_analisis": {"GET": semua(405, anonim=LOGIN), "POST": hanya(PENGISI, OK)},
    "rencana_aksi_simpan": {"GET": semua(405, anonim=LOGIN), "POST": hanya(PENGISI, OK)},
    "bukti_unggah": {"GET": semua(405, anonim=LOGIN), "POST": hanya(PENGISI, OK)},
    "bukti_hapus": {"GET": semua(405, anonim=LOGIN), "POST": hanya(PENGISI, OK)},
    # The year's triwulan (docs/triwulan.md): every role reads; the Admin sets the schedule and
    # reopens, the Sekretaris verifies, Operator and Sekretaris write the notes.
    "triwulan": {"GET": baca()},
    "triwulan_tw": {"GET": baca()},
    "triwulan_jadwal": {"GET": semua(405, anonim=LOGIN), "POST": hanya(ADMIN, OK)},
    "triwulan_buka": {"GET": semua(405, anonim=LOGIN), "POST": hanya(ADMIN, OK)},
    "triwulan_tutup": {"GET": semua(405, anonim=LOGIN), "POST": hanya(ADMIN, OK)},
    "triwulan_verifikasi": {
        "GET": semua(405, anonim=LOGIN),
        "POST": hanya(("sekretaris", "superuser"), OK),
    },
    "triwulan_catatan": {
        "GET": semua(405, anonim=LOGIN),
        "POST": hanya(("operator", "sekretaris", "superuser"), OK),
    },
    "narasi_pratinjau": {
        "GET": baca(**dict.fromkeys((*PERAN_SATKER, *ATAS, "superuser"), 405)),
        "POST": hanya(PENGISI, OK),
    },
    # Budget import: the satker's Admin only (role checked before the satker: 403 for the
    # operator of another satker, who learns nothing about this satker from it)
    "impor_anggaran": {
        "GET": hanya(ADMIN, lain=403, pemantau_lain=403),
        "POST": hanya(ADMIN, OK, lain=403, pemantau_lain=403),
    },
    "templat_anggaran": {"GET": hanya(ADMIN, lain=403, pemantau_lain=403)},
    "contoh_anggaran": {"GET": hanya(ADMIN, lain=403, pemantau_lain=403)},
    "templat_anggaran_terisi": {"GET": hanya(ADMIN, lain=403, pemantau_lain=403)},
    "pratinjau_impor_anggaran": {
        "GET": hanya(ADMIN, lain=403, pemantau_lain=403),
        "POST": hanya(ADMIN, OK, lain=403, pemantau_lain=403),
    },
    # Review and signing: Operator submits, Sekretaris/Komisioner approve, Ketua signs.
    "pengesahan_ajukan": {
        "GET": hanya(("operator",)),
        "POST": hanya(("operator",), OK),
    },
    "pengesahan_setujui": {
        "GET": semua(405, anonim=LOGIN),
        "POST": hanya(PENYETUJU, OK),
    },
    "pengesahan_kembalikan": {
        "GET": semua(405, anonim=LOGIN),
        "POST": hanya(PENYETUJU, OK),
    },
    "pengesahan_tandatangani": {"GET": hanya(("ketua",)), "POST": hanya(("ketua",), OK)},
    "pengesahan_revisi": {"GET": semua(405, anonim=LOGIN), "POST": hanya(("ketua",), OK)},
    "pengesahan_unduh": {"GET": baca()},
    # Owners and reminders (docs/pengingat.md): the Admin names the PICs and reads the emails
    # sent; every user reads their own indicators and sets their own reminders.
    "penanggung_jawab": {"GET": hanya(ADMIN), "POST": hanya(ADMIN, OK)},
    "indikator_saya": {"GET": baca()},
    "pengaturan_pengingat": {"GET": semua(200, anonim=LOGIN), "POST": semua(302, anonim=LOGIN)},
    "email_terkirim": {"GET": hanya(ADMIN)},
    # Monitoring of the satker below KPU Provinsi Kalimantan Tengah (kode 62, SAMPEL): its users
    # and KPU RI's read it; Gunung Mas's users and another province's do not see it.
    "pemantauan_indeks": {"GET": pantau(302)},
    "pemantauan": {"GET": pantau(200)},
    "pemantauan_xlsx": {"GET": pantau(200)},
}


@dataclass(frozen=True)
class Url:
    nama: str
    pola: str
    parameter: tuple[str, ...]


def _walk(resolver: URLResolver, awalan: str = "") -> Iterator[Url]:
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin":
                continue  # test_admin_index_only_for_admin
            yield from _walk(p, awalan + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield Url(p.name or "", awalan + str(p.pattern), tuple(p.pattern.converters))


def list_url() -> list[Url]:
    return list(_walk(get_resolver()))


@pytest.fixture
def sampel(gunung_mas, operator, settings, tmp_path) -> dict[str, dict]:
    """Kwargs of the URLs whose parameters are more than kode and tahun: real Gunung Mas rows."""
    settings.BUKTI_ROOT = tmp_path / "bukti"
    settings.LAPORAN_CACHE_DIR = tmp_path / "laporan"
    di_2024 = {
        "sasaran__program__perjanjian__satker": gunung_mas,
        "sasaran__program__perjanjian__tahun": 2024,
    }
    indikator = IndikatorKinerja.objects.filter(**di_2024).order_by("pk").first()
    dokumen_wajib = (
        DokumenWajib.objects.filter(**{f"indikator__{k}": v for k, v in di_2024.items()})
        .order_by("pk")
        .first()
    )
    bukti = upload_bukti(
        indikator=indikator,
        triwulan=4,
        berkas=SimpleUploadedFile("bukti.png", PNG_1X1, content_type="image/png"),
        user=operator,
    )
    # The logo: any image file the demo stored (an organisation chart), none is written here.
    gambar = GambarOrganisasi.objects.filter(satker=gunung_mas, tahun=2024, nomor=1).get()
    gunung_mas.logo.name = gambar.berkas.name
    gunung_mas.save(update_fields=["logo"])
    impor = ImporAnggaran.objects.create(
        satker=gunung_mas,
        tahun=2024,
        nama_berkas="pok.xlsx",
        sha256="0" * 64,
        status=ImporAnggaran.Status.DIBATALKAN,
    )
    pengesahan = Pengesahan.objects.create(satker=gunung_mas, tahun=2024)
    dokumen = DokumenTertandatangani.objects.create(
        pengesahan=pengesahan,
        versi=1,
        pdf=b"%PDF-1.7 uji",
        sha256="1" * 64,
        penandatangan_nama="Ketua Uji",
        penandatangan_jabatan="Ketua",
        ditandatangani_oleh=operator,
        waktu=timezone.now(),
    )
    bagian = list_bagian_narasi(satker=gunung_mas, tahun=2024)
    tanpa_kunci = next(b for b in bagian if not b.kunci)
    dengan_kunci = next(b for b in bagian if b.kunci)
    return {
        "pratinjau_impor_anggaran": {"pk": impor.pk},
        "pengesahan_unduh": {"id": dokumen.id},
        "verifikasi_dokumen": {"id": dokumen.id},
        "riwayat_objek": {"jenis": "indikatorkinerja", "objek_id": indikator.pk},
        "tabel_xlsx": {"nomor": "3.1"},
        "gambar_struktur": {"nomor": 1},
        "realisasi_simpan": {"indikator": indikator.pk, "triwulan": 4},
        "realisasi_dokumen": {"indikator": dokumen_wajib.indikator_id, "dokumen": dokumen_wajib.pk},
        "realisasi_analisis": {"indikator": indikator.pk},
        "rencana_aksi_simpan": {"indikator": indikator.pk},
        "bukti_unggah": {"indikator": indikator.pk},
        "bukti_unduh": {"bukti": bukti.pk},
        "bukti_hapus": {"bukti": bukti.pk},
        "triwulan_tw": {"tw": 1},
        "triwulan_buka": {"tw": 4},
        "triwulan_tutup": {"tw": 4},
        "triwulan_verifikasi": {"tw": 1},
        "triwulan_catatan": {"tw": 1, "indikator": indikator.pk},
        "narasi_ubah": {"bagian": tanpa_kunci.bagian},
        "narasi_ubah_kunci": {"bagian": dengan_kunci.bagian, "kunci": dengan_kunci.kunci},
        "pemantauan_indeks": {"kode": "62"},
        "pemantauan": {"kode": "62"},
        "pemantauan_xlsx": {"kode": "62"},
    }


@pytest.fixture
def pengguna(
    gunung_mas, satker_lain, operator, buat_pengguna, kpu_provinsi, kpu_ri, provinsi_lain
) -> dict[str, Pengguna | None]:
    pemantau = Pengguna.Peran.PEMANTAU
    return {
        "anonim": None,
        "operator": operator,
        "sekretaris": buat_pengguna(gunung_mas, Pengguna.Peran.SEKRETARIS),
        "komisioner": buat_pengguna(gunung_mas, Pengguna.Peran.KOMISIONER),
        "ketua": buat_pengguna(gunung_mas, Pengguna.Peran.KOMISIONER, is_ketua=True),
        "admin": buat_pengguna(gunung_mas, Pengguna.Peran.ADMIN),
        "superuser": Pengguna.objects.create_superuser(username="uji-super", password="x"),
        "lain": buat_pengguna(satker_lain, Pengguna.Peran.OPERATOR),
        "admin_lain": buat_pengguna(satker_lain, Pengguna.Peran.ADMIN),
        "pemantau": buat_pengguna(kpu_provinsi, pemantau),
        "admin_provinsi": buat_pengguna(kpu_provinsi, Pengguna.Peran.ADMIN),
        "pemantau_ri": buat_pengguna(kpu_ri, pemantau),
        "pemantau_lain": buat_pengguna(provinsi_lain, pemantau),
    }


def _kwargs(url: Url, sampel: dict) -> dict:
    bawaan = {"kode": "6210", "tahun": 2024}
    isi = {**{k: bawaan[k] for k in url.parameter if k in bawaan}, **sampel.get(url.nama, {})}
    kurang = set(url.parameter) - set(isi)
    if kurang:
        pytest.fail(f"{url.nama}: isi parameter {sorted(kurang)} di fixture sampel")
    return isi


def _cocok(response, harapan) -> bool:
    if harapan == LOGIN:
        return response.status_code == 302 and response["Location"].startswith(
            reverse("login") + "?next="
        )
    if harapan == OK:
        return response.status_code not in (403, 404, 405) and response.status_code < 500
    return response.status_code == harapan


def _periksa(url: Url, pengguna: dict, sampel: dict) -> list[str]:
    harapan_url = MATRIX[url.nama]
    alamat = reverse(url.nama, kwargs=_kwargs(url, sampel))
    salah = []
    for metode, harapan_peran in harapan_url.items():
        assert set(harapan_peran) == set(PERAN), f"{url.nama} {metode}: isi untuk semua PERAN"
        for peran in PERAN:
            client = Client(raise_request_exception=False)
            if pengguna[peran] is not None:
                client.force_login(pengguna[peran])
            kirim = client.get if metode == "GET" else client.post
            # Each request is undone, so that every role meets the same rows (a delete by the
            # operator must not turn the admin's attempt into a 404).
            with transaction.atomic():
                response = kirim(alamat)
                transaction.set_rollback(True)
            if not _cocok(response, harapan_peran[peran]):
                salah.append(
                    f"{metode} {alamat} sebagai {peran}: {response.status_code}"
                    f" {response.get('Location', '')}, harapan {harapan_peran[peran]}"
                )
    return salah


@pytest.mark.parametrize("url", list_url(), ids=lambda u: u.nama or u.pola)
def test_url_answers_every_kind_of_user_as_the_matrix_says(url, pengguna, sampel):
    assert url.nama, f"URL {url.pola} tanpa nama: beri nama lalu tambahkan ke MATRIX"
    if url.nama not in MATRIX:
        pytest.fail(
            f"URL {url.nama!r} ({url.pola}) belum diklasifikasikan: tambahkan ke MATRIX di "
            f"{__file__} (siapa boleh GET/POST)"
        )
    salah = _periksa(url, pengguna, sampel)
    assert not salah, "\n".join(salah)


def test_matrix_has_no_stale_urls():
    assert set(MATRIX) - {u.nama for u in list_url()} == set()


def test_admin_index_only_for_admin(pengguna, gunung_mas):
    """The Django admin: only the satker Admin and superusers; other roles are sent to the
    admin's login, and an Admin of another satker cannot open a Gunung Mas row."""
    indeks = reverse("admin:index")
    ubah = reverse("admin:satker_satker_change", args=[gunung_mas.pk])
    daftar = [
        reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist")
        for m, model_admin in admin.site._registry.items()
        if isinstance(model_admin, SatkerScopedMixin)
    ]
    assert len(daftar) >= 10
    for peran, user in pengguna.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        for alamat in (indeks, *daftar):
            response = client.get(alamat)
            if peran in ("admin", "superuser", "admin_lain", "admin_provinsi"):
                assert response.status_code == 200, (peran, alamat)
            else:
                assert response.status_code == 302, (peran, alamat)
                assert response["Location"].startswith(reverse("admin:login")), (peran, alamat)
        response = client.get(ubah)
        if peran in ("admin", "superuser"):
            assert response.status_code == 200, peran
        else:
            # Another satker's row does not exist for this Admin: back to the index with a notice.
            assert response.status_code == 302, peran
