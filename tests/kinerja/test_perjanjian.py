"""The Perjanjian Kinerja as a page and a PDF: content, versions and who may open it."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from kinerja.models import PerjanjianKinerja, ProgramPK
from kinerja.perjanjian import build_perjanjian, get_perjanjian
from satker.models import Pengguna

TAHUN = 2024


def _url(nama: str, satker, tahun: int = TAHUN) -> str:
    return reverse(nama, kwargs={"kode": satker.kode, "tahun": tahun})


def _teks_pdf(data: bytes) -> str:
    reader = PdfReader(BytesIO(data))
    return " ".join(" ".join(h.extract_text() for h in reader.pages).split())


def test_pdf_memuat_indikator_target_dan_pagu(client, gunung_mas, buat_pengguna):
    komisioner = buat_pengguna(gunung_mas, Pengguna.Peran.KOMISIONER, username="uji-kom-pk")
    client.force_login(komisioner)
    response = client.get(_url("perjanjian_kinerja_pdf", gunung_mas))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="PK-KPU-Kabupaten-Gunung-Mas-2024.pdf"'
    )
    teks = _teks_pdf(response.content)
    assert "PERJANJIAN KINERJA TAHUN 2024" in teks
    assert "KOMISI PEMILIHAN UMUM KABUPATEN GUNUNG MAS" in teks
    assert "PK awal — versi 1" in teks
    # The pihak: the Ketua's name is in the demo PK, the Sekretaris' is not (a blank line).
    assert "ELFRINIS G. TUMON" in teks
    assert "Sekretaris KPU Kabupaten Gunung Mas" in teks
    # Indicators with their targets and units, and a document target's documents.
    assert "Jumlah Laporan sistem akuntansi dan Pelaporan Keuangan 1 laporan" in teks
    assert (
        "Persentase kepatuhan dalam tertib pengelolaan Barang Milik Negara yang Material 80 %"
        in (teks)
    )
    assert "Berita Acara" in teks and "Surat Keputusan" in teks
    # The programmes' pagu from the 2024 budget and their sum.
    assert "Rp2.273.501.000" in teks
    assert "Rp39.196.465.000" in teks
    assert "Rp41.469.966.000" in teks
    assert "Kuala Kurun" in teks


@pytest.mark.parametrize(
    ("peran", "ketua"),
    [
        (Pengguna.Peran.OPERATOR, False),
        (Pengguna.Peran.SEKRETARIS, False),
        (Pengguna.Peran.KOMISIONER, False),
        (Pengguna.Peran.KOMISIONER, True),
        (Pengguna.Peran.ADMIN, False),
    ],
)
def test_setiap_peran_satker_dapat_membuka(client, gunung_mas, buat_pengguna, peran, ketua):
    client.force_login(buat_pengguna(gunung_mas, peran, is_ketua=ketua, username="uji-pk"))
    response = client.get(_url("perjanjian_kinerja", gunung_mas))
    assert response.status_code == 200
    html = response.content.decode()
    assert "PERJANJIAN KINERJA TAHUN 2024" in html
    assert "Layanan Perkantoran" in html
    assert "Rp2.273.501.000" in html
    assert _url("perjanjian_kinerja_pdf", gunung_mas) in html
    # The navigation needs these in the context.
    assert response.context["semua_tahun"] == (2022, 2023, 2024)


def test_satker_lain_404_dan_anonim_ke_login(client, gunung_mas, operator_lain):
    for nama in ("perjanjian_kinerja", "perjanjian_kinerja_pdf"):
        response = client.get(_url(nama, gunung_mas))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    client.force_login(operator_lain)
    for nama in ("perjanjian_kinerja", "perjanjian_kinerja_pdf"):
        assert client.get(_url(nama, gunung_mas)).status_code == 404


def test_tahun_tanpa_data_404(client, gunung_mas, operator):
    client.force_login(operator)
    assert client.get(_url("perjanjian_kinerja", gunung_mas, tahun=2019)).status_code == 404


def test_tahun_tanpa_pk_menyatakan_belum_diisi(client, gunung_mas, operator):
    # 2023 has budget lines but no PK: the year switch leads here, so the page answers.
    client.force_login(operator)
    response = client.get(_url("perjanjian_kinerja", gunung_mas, tahun=2023))
    assert response.status_code == 200
    assert "Perjanjian Kinerja tahun 2023 belum diisi." in response.content.decode()
    assert client.get(_url("perjanjian_kinerja_pdf", gunung_mas, tahun=2023)).status_code == 404


def test_versi_terkini_dan_versi_lama(client, gunung_mas, operator):
    PerjanjianKinerja.objects.create(
        satker=gunung_mas,
        tahun=TAHUN,
        versi=2,
        jenis=PerjanjianKinerja.Jenis.PERUBAHAN,
        tanggal=date(2024, 7, 1),
        alasan_perubahan="Penyesuaian pagu setelah revisi DIPA",
        pihak_pertama_nama="SEKRETARIS UJI",
    )
    client.force_login(operator)
    html = client.get(_url("perjanjian_kinerja", gunung_mas)).content.decode()
    assert "PK perubahan, versi 2 (berlaku)" in html
    assert "SEKRETARIS UJI" in html
    assert "Penyesuaian pagu setelah revisi DIPA" in html
    assert "Kuala Kurun, 01 Juli 2024" in html

    lama = client.get(_url("perjanjian_kinerja", gunung_mas) + "?versi=1").content.decode()
    assert "PK awal, versi 1" in lama
    assert "sudah digantikan" in lama
    assert "SEKRETARIS UJI" not in lama
    assert "Layanan Perkantoran" in lama

    assert client.get(_url("perjanjian_kinerja", gunung_mas) + "?versi=9").status_code == 404
    assert client.get(_url("perjanjian_kinerja", gunung_mas) + "?versi=x").status_code == 404


def test_unduhan_versi_lama_menyebut_versinya(client, gunung_mas, operator, monkeypatch):
    from kinerja import views_perjanjian

    # The file name is what is tested here, not the rendering.
    monkeypatch.setattr(views_perjanjian, "render_pdf_perjanjian", lambda dokumen: b"%PDF-")
    PerjanjianKinerja.objects.create(satker=gunung_mas, tahun=TAHUN, versi=2)
    client.force_login(operator)
    lama = client.get(_url("perjanjian_kinerja_pdf", gunung_mas) + "?versi=1")
    assert lama["Content-Disposition"] == (
        'attachment; filename="PK-KPU-Kabupaten-Gunung-Mas-2024-v1.pdf"'
    )
    kini = client.get(_url("perjanjian_kinerja_pdf", gunung_mas))
    assert kini["Content-Disposition"] == (
        'attachment; filename="PK-KPU-Kabupaten-Gunung-Mas-2024.pdf"'
    )


def test_nama_kosong_dan_program_tanpa_pagu(satker_lain):
    pk = PerjanjianKinerja.objects.create(satker=satker_lain, tahun=TAHUN)
    ProgramPK.objects.create(perjanjian=pk, urutan=1, kode="076.01.WA", nama="Dukungan Manajemen")
    dokumen = build_perjanjian(
        satker=satker_lain, pk=get_perjanjian(satker=satker_lain, tahun=TAHUN)
    )
    assert dokumen.pihak_pertama.nama == ""
    assert dokumen.pihak_kedua.jabatan == "Ketua KPU Kabupaten Kotawaringin Barat"
    assert dokumen.tempat == "Pangkalan Bun"
    assert [p.nama for p in dokumen.program] == ["Dukungan Manajemen"]
    assert dokumen.program[0].pagu is None
    assert dokumen.total_pagu is None


def test_dibangun_dengan_jumlah_query_tetap(gunung_mas, django_assert_max_num_queries):
    pk = get_perjanjian(satker=gunung_mas, tahun=TAHUN)
    with django_assert_max_num_queries(9):
        dokumen = build_perjanjian(satker=gunung_mas, pk=pk)
    assert (
        sum(len(s.indikator) for p in dokumen.program for k in p.kelompok for s in k.sasaran) == 33
    )


def _garis_dasar(pdf: bytes, halaman: int) -> dict[str, float]:
    """The baseline y of every text run of a page, by its text (the last one of a repeated text:
    the signature block closes the page)."""
    hasil: dict[str, float] = {}

    def catat(teks, cm, tm, font, ukuran) -> None:
        if teks.strip():
            hasil[teks.strip()] = round(tm[4] * cm[1] + tm[5] * cm[3] + cm[5], 1)

    PdfReader(BytesIO(pdf)).pages[halaman].extract_text(visitor_text=catat)
    return hasil


def test_pdf_has_kop_surat_total_in_words_and_both_parties_level(client, gunung_mas, operator):
    gunung_mas.telepon, gunung_mas.email = "(0537) 3030303", "kpu@contoh.go.id"
    gunung_mas.save()
    PerjanjianKinerja.objects.filter(satker=gunung_mas, tahun=TAHUN).update(
        pihak_pertama_nama="SEKRETARIS UJI"
    )
    client.force_login(operator)
    pdf = client.get(_url("perjanjian_kinerja_pdf", gunung_mas)).content
    teks = _teks_pdf(pdf)

    # The letterhead opens the agreement.
    assert teks.startswith(
        "KOMISI PEMILIHAN UMUM KABUPATEN GUNUNG MAS Kuala Kurun, Kalimantan Tengah "
        "Telepon (0537) 3030303 · Email kpu@contoh.go.id PERJANJIAN KINERJA TAHUN 2024"
    )
    # The total budget, repeated in words.
    assert (
        "Jumlah anggaran: Rp41.469.966.000 (empat puluh satu miliar empat ratus enam puluh "
        "sembilan juta sembilan ratus enam puluh enam ribu rupiah)."
    ) in teks
    # The two parties side by side, each line level with the other's.
    garis = _garis_dasar(pdf, 0)
    assert garis["Pihak Kedua,"] == garis["Pihak Pertama,"]
    assert garis["Ketua KPU Kabupaten Gunung Mas"] == garis["Sekretaris KPU Kabupaten Gunung Mas"]
    assert garis["ELFRINIS G. TUMON"] == garis["SEKRETARIS UJI"]
