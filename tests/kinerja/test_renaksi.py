"""The rencana aksi (docs/triwulan.md): its one write path (kinerja/renaksi.py), the workspace
page and the printable document (page, PDF, xlsx)."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from kinerja.models import (
    Agregasi,
    IndikatorKinerja,
    JadwalTriwulan,
    JenisTarget,
    RencanaAksi,
    SasaranPK,
    TargetBulanan,
    VerifikasiTriwulan,
)
from kinerja.renaksi import (
    RencanaIndikator,
    baca_isian,
    build_rencana_aksi,
    simpan_rencana_aksi,
)
from kinerja.services import KonflikPenyimpanan, build_ringkasan_kinerja
from lkjip.isian import IsianDitolak
from pengesahan.models import Pengesahan
from riwayat.models import Perubahan
from satker.models import Pengguna

D = Decimal
HALAMAN = "/6210/2024/rencana-aksi/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def ind(gunung_mas) -> IndikatorKinerja:
    """1.1 ketepatan waktu pembayaran: target 100%, nilai akhir."""
    return IndikatorKinerja.objects.get(
        sasaran__program__perjanjian__satker=gunung_mas,
        sasaran__program__perjanjian__tahun=2024,
        sasaran__bagian=SasaranPK.Bagian.KINERJA,
        sasaran__nomor="1.1",
    )


@pytest.fixture
def ind_dokumen(gunung_mas) -> IndikatorKinerja:
    return IndikatorKinerja.objects.filter(
        sasaran__program__perjanjian__satker=gunung_mas,
        sasaran__program__perjanjian__tahun=2024,
        jenis_target=JenisTarget.DOKUMEN,
    ).first()


def _isian(ind, target=("", "", "", ""), rencana=("", "", "", ""), bulan=None):
    galat = {}
    baris = baca_isian(indikator=ind, target=target, rencana=rencana, bulan=bulan, galat=galat)
    return baris, galat


def _simpan(gunung_mas, user, *isian, galat=None, sidik=None):
    return simpan_rencana_aksi(
        satker=gunung_mas, tahun=2024, isian=list(isian), user=user, galat=galat, sidik=sidik
    )


def _target(ind) -> dict[int, Decimal | None]:
    return {r.triwulan: r.target for r in RencanaAksi.objects.filter(indikator=ind)}


def _sidik(gunung_mas, ind) -> str:
    baris = build_rencana_aksi(satker=gunung_mas, tahun=2024).indikator
    return next(b.sidik for b in baris if b.indikator_id == ind.pk)


# --- the write path ---------------------------------------------------------------------------


def test_indonesian_targets_and_actions_are_saved_with_their_history(gunung_mas, operator, ind):
    baris, galat = _isian(ind, ("25", "50,5", "1.000", ""), ("Rapat", "", "Evaluasi", ""))
    assert galat == {}
    hasil = _simpan(gunung_mas, operator, baris)
    assert _target(ind) == {1: D("25"), 2: D("50.5"), 3: D("1000")}
    assert RencanaAksi.objects.get(indikator=ind, triwulan=3).rencana == "Evaluasi"
    assert RencanaAksi.objects.get(indikator=ind, triwulan=1).diisi_oleh == operator
    assert hasil.diubah == 3
    # nilai akhir: TW IV not set, so no warning yet
    assert hasil.peringatan == ()
    tambah = Perubahan.objects.filter(model="kinerja.rencanaaksi", aksi=Perubahan.Aksi.TAMBAH)
    assert tambah.count() == 3
    # an empty TW deletes its row (not set, never 0), recorded too
    baris, _ = _isian(ind, ("25", "", "1.000", ""), ("Rapat", "", "Evaluasi", ""))
    _simpan(gunung_mas, operator, baris)
    assert _target(ind) == {1: D("25"), 3: D("1000")}
    assert Perubahan.objects.filter(model="kinerja.rencanaaksi", aksi=Perubahan.Aksi.HAPUS).exists()


def test_a_bad_or_negative_number_refuses_the_whole_form_naming_indicator_and_tw(
    gunung_mas, operator, ind
):
    baris, galat = _isian(ind, ("25", "1,250", "-5", "100"), ("Rapat", "", "", ""))
    assert "tidak jelas" in galat[(ind.pk, "target2")].pesan
    assert galat[(ind.pk, "target3")].pesan == "Target tidak boleh negatif."
    with pytest.raises(IsianDitolak) as exc:
        _simpan(gunung_mas, operator, baris, galat=galat)
    pesan = exc.value.pesan
    assert pesan.count(ind.nama[:20]) == 1  # the indicator named once, then each value
    assert "Target TW II: '1,250' tidak jelas" in pesan
    assert "Target TW III: Target tidak boleh negatif." in pesan
    assert not RencanaAksi.objects.filter(indikator=ind).exists()  # nothing half-written


def test_a_later_bad_indicator_leaves_the_first_unwritten(gunung_mas, operator, ind):
    lain = IndikatorKinerja.objects.milik(satker=gunung_mas, tahun=2024).exclude(pk=ind.pk).first()
    galat = {}
    satu = baca_isian(indikator=ind, target=("25",) * 4, rencana=("",) * 4, galat=galat)
    dua = baca_isian(indikator=lain, target=("abc",) * 4, rencana=("",) * 4, galat=galat)
    with pytest.raises(IsianDitolak):
        _simpan(gunung_mas, operator, satu, dua, galat=galat)
    assert not RencanaAksi.objects.filter(indikator__in=[ind, lain]).exists()


def test_a_closed_tw_refuses_only_when_its_values_change(gunung_mas, operator, ind):
    baris, _ = _isian(ind, ("25", "50", "", ""))
    _simpan(gunung_mas, operator, baris)
    VerifikasiTriwulan.objects.create(satker=gunung_mas, tahun=2024, triwulan=1)
    # TW I unchanged, TW III new: allowed
    baris, _ = _isian(ind, ("25", "50", "75", ""))
    _simpan(gunung_mas, operator, baris)
    assert _target(ind)[3] == D("75")
    # TW I changed: refused, TW IV not written either
    baris, _ = _isian(ind, ("30", "50", "75", "100"))
    with pytest.raises(IsianDitolak, match="TW I sudah diverifikasi") as exc:
        _simpan(gunung_mas, operator, baris)
    assert ind.nama[:20] in exc.value.pesan
    assert _target(ind) == {1: D("25"), 2: D("50"), 3: D("75")}


def test_a_past_due_date_closes_the_month_targets_of_its_tw(gunung_mas, operator, ind):
    JadwalTriwulan.objects.create(
        satker=gunung_mas, tahun=2024, triwulan=1, batas=datetime.date(2024, 4, 10)
    )
    baris, galat = _isian(ind, bulan=["5"] + [""] * 11)
    assert galat == {}
    with pytest.raises(IsianDitolak, match="Batas pengisian TW I"):
        _simpan(gunung_mas, operator, baris)
    baris, _ = _isian(ind, bulan=[""] * 3 + ["5"] + [""] * 8)  # April: TW II, open
    _simpan(gunung_mas, operator, baris)
    assert TargetBulanan.objects.get(indikator=ind).bulan == 4


def test_a_signed_year_refuses(gunung_mas, operator, ind):
    Pengesahan.objects.create(
        satker=gunung_mas, tahun=2024, status=Pengesahan.Status.DITANDATANGANI
    )
    baris, _ = _isian(ind, ("25", "", "", ""))
    with pytest.raises(IsianDitolak, match="ditandatangani"):
        _simpan(gunung_mas, operator, baris)
    assert not RencanaAksi.objects.filter(indikator=ind).exists()


def test_a_stale_form_is_refused_not_overwritten(gunung_mas, operator, admin_satker, ind):
    sidik_lama = _sidik(gunung_mas, ind)
    baris, _ = _isian(ind, ("10", "", "", ""))
    _simpan(gunung_mas, admin_satker, baris, sidik={ind.pk: sidik_lama})
    baris, _ = _isian(ind, ("99", "", "", ""))
    with pytest.raises(KonflikPenyimpanan, match="sudah diubah oleh uji-admin"):
        _simpan(gunung_mas, operator, baris, sidik={ind.pk: sidik_lama})
    assert _target(ind) == {1: D("10")}
    # drawn again, the form saves
    _simpan(gunung_mas, operator, baris, sidik={ind.pk: _sidik(gunung_mas, ind)})
    assert _target(ind) == {1: D("99")}


def test_a_document_indicator_takes_actions_only(gunung_mas, operator, ind_dokumen):
    baris, galat = _isian(ind_dokumen, ("1", "", "", ""), ("Kumpulkan SK", "", "", ""))
    assert "daftar dokumen" in galat[(ind_dokumen.pk, "target1")].pesan
    baris, galat = _isian(ind_dokumen, rencana=("Kumpulkan SK", "", "", ""))
    _simpan(gunung_mas, operator, baris)
    r = RencanaAksi.objects.get(indikator=ind_dokumen)
    assert (r.target, r.rencana) == (None, "Kumpulkan SK")


def test_warnings_when_tw_targets_do_not_meet_the_yearly_target(gunung_mas, operator, ind):
    baris, _ = _isian(ind, ("25", "50", "75", "90"))
    hasil = _simpan(gunung_mas, operator, baris)
    assert len(hasil.peringatan) == 1 and "target TW IV 90%" in hasil.peringatan[0]
    assert "nilai akhir" in hasil.peringatan[0]
    IndikatorKinerja.objects.filter(pk=ind.pk).update(agregasi=Agregasi.KUMULATIF)
    baris = RencanaIndikator(ind.pk, (D(25), D(25), D(25), D(20)), ("",) * 4)
    hasil = _simpan(gunung_mas, operator, baris)
    assert "jumlah target TW I–IV 95%" in hasil.peringatan[0]
    baris = RencanaIndikator(ind.pk, (D(25), D(25), D(25), D(25)), ("",) * 4)
    assert _simpan(gunung_mas, operator, baris).peringatan == ()


def test_the_tw_capaian_is_measured_against_the_saved_target(gunung_mas, operator, ind):
    baris, _ = _isian(ind, ("25", "50", "75", "100"))
    _simpan(gunung_mas, operator, baris)
    c = next(
        c
        for c in build_ringkasan_kinerja(satker=gunung_mas, tahun=2024).indikator
        if c.indikator_id == ind.pk
    )
    assert c.target_tw == (D(25), D(50), D(75), D(100))


# --- the page ---------------------------------------------------------------------------------


def _post(client, ind, target=("", "", "", ""), rencana=("", "", "", ""), sidik=None, **extra):
    data = {f"target{i}": t for i, t in enumerate(target, 1)}
    data |= {f"rencana{i}": t for i, t in enumerate(rencana, 1)}
    data |= {f"bulan{b}": "" for b in range(1, 13)}
    data["sidik"] = (
        sidik if sidik is not None else _sidik(ind.sasaran.program.perjanjian.satker, ind)
    )
    data |= extra
    return client.post(f"{HALAMAN}{ind.pk}/", data)


def test_an_operator_saves_an_indicator_from_the_page(client, operator, ind):
    client.force_login(operator)
    html = client.get(HALAMAN).content.decode()
    assert f'id="renaksi-{ind.pk}"' in html and 'name="target1"' in html
    r = _post(client, ind, ("25", "50", "75", "100"), ("Rapat koordinasi", "", "", ""))
    assert r.status_code == 302
    assert r["Location"] == f"{HALAMAN}?tersimpan={ind.pk}#renaksi-{ind.pk}"
    assert _target(ind) == {1: D(25), 2: D(50), 3: D(75), 4: D(100)}
    html = client.get(r["Location"]).content.decode()
    kartu = html[html.index(f'id="renaksi-{ind.pk}"') :]
    assert "Rencana aksi tersimpan." in kartu[:3000]
    assert 'value="25"' in kartu and "Rapat koordinasi" in kartu


def test_a_refused_form_keeps_what_was_typed_with_the_message(client, operator, ind):
    client.force_login(operator)
    r = _post(client, ind, ("25", "abc", "", ""), ("Rapat", "", "", ""))
    assert r.status_code == 422
    html = r.content.decode()
    kartu = html[html.index(f'id="renaksi-{ind.pk}"') :]
    assert 'value="abc"' in kartu and 'aria-invalid="true"' in kartu and "TW II" in kartu
    assert not RencanaAksi.objects.filter(indikator=ind).exists()
    r = _post(client, ind, ("25", "", "", ""), sidik="basi")
    assert r.status_code == 409 and "sudah diubah" in r.content.decode()


def test_roles_and_other_satker(client, gunung_mas, buat_pengguna, operator_lain, ind):
    sekretaris = buat_pengguna(gunung_mas, Pengguna.Peran.SEKRETARIS)
    client.force_login(sekretaris)
    html = client.get(HALAMAN).content.decode()
    assert "<textarea" not in html and f'id="renaksi-{ind.pk}"' in html
    assert _post(client, ind, ("25", "", "", "")).status_code == 403
    client.force_login(operator_lain)
    assert client.get(HALAMAN).status_code == 404
    assert _post(client, ind, ("25", "", "", "")).status_code == 404
    assert not RencanaAksi.objects.filter(indikator=ind).exists()


def test_a_signed_year_page_is_read_only(client, operator, gunung_mas, ind):
    Pengesahan.objects.create(
        satker=gunung_mas, tahun=2024, status=Pengesahan.Status.DITANDATANGANI
    )
    client.force_login(operator)
    html = client.get(HALAMAN).content.decode()
    assert "ditandatangani" in html and "<textarea" not in html
    r = _post(client, ind, ("25", "", "", ""))
    assert r.status_code == 422 and "ditandatangani" in r.content.decode()


# --- the document -----------------------------------------------------------------------------


@pytest.fixture
def renaksi_terisi(gunung_mas, operator, ind):
    baris, _ = _isian(ind, ("25", "50,5", "75", "1.250"), ("Rapat koordinasi", "", "", "Evaluasi"))
    _simpan(gunung_mas, operator, baris)
    return ind


def test_the_document_page_and_pdf_state_the_tw_targets(client, operator, renaksi_terisi):
    client.force_login(operator)
    html = client.get("/6210/2024/rencana-aksi/dokumen/").content.decode()
    assert "RENCANA AKSI" in html and "TAHUN 2024" in html
    assert "Target: 50,5%" in html and "Target: 1.250%" in html
    r = client.get("/6210/2024/rencana-aksi.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    teks = " ".join(
        p.extract_text()
        for p in PdfReader(
            io.BytesIO(b"".join(r.streaming_content if r.streaming else [r.content]))
        ).pages
    )
    teks = re.sub(r"\s+", " ", teks)
    assert "RENCANA AKSI" in teks and "TAHUN 2024" in teks
    assert "50,5%" in teks and "1.250%" in teks and "Rapat koordinasi" in teks
    assert "Pihak Pertama" in teks


def test_the_xlsx_holds_numbers_in_indonesian_format(client, operator, renaksi_terisi):
    client.force_login(operator)
    r = client.get("/6210/2024/rencana-aksi.xlsx")
    assert r.status_code == 200
    ws = load_workbook(
        io.BytesIO(b"".join(r.streaming_content if r.streaming else [r.content]))
    ).active
    baris = next(row for row in ws.iter_rows(min_row=5) if row[2].value == renaksi_terisi.nama)
    assert [c.value for c in baris[5:13:2]] == [25, D("50.5"), 75, 1250]
    assert baris[6].value == "Rapat koordinasi"
    assert baris[5].number_format.startswith("[$-421]")


def test_other_satker_gets_404_for_the_document(client, operator_lain):
    client.force_login(operator_lain)
    for url in ("/6210/2024/rencana-aksi/dokumen/", "/6210/2024/rencana-aksi.pdf"):
        assert client.get(url).status_code == 404


def test_the_realisation_page_shows_the_tw_target_and_capaian(client, operator, gunung_mas, ind):
    baris, _ = _isian(ind, ("25", "50", "75", "100"))
    _simpan(gunung_mas, operator, baris)
    client.force_login(operator)
    client.post(f"/6210/2024/realisasi/{ind.pk}/tw/1/", {"nilai": "20", "versi": 0})
    html = client.get("/6210/2024/realisasi/").content.decode()
    baris_html = html[html.index(f'<tr id="indikator-{ind.pk}"') :]
    baris_html = baris_html[: baris_html.index("</tr>")]
    tw1 = re.search(r'class="tw tw-1".*?</td>', baris_html, re.S).group(0)
    teks = " ".join(re.sub(r"<[^>]+>", " ", tw1).split())
    assert "Target 25%" in teks and "Capaian 80,00%" in teks
    tw2 = re.search(r'class="tw tw-2".*?</td>', baris_html, re.S).group(0)
    assert "Target 50%" in tw2 and "belum ada" in tw2  # TW II not entered: no capaian, not 0


def test_two_first_saves_at_once_refuse_the_second(gunung_mas, operator, ind, monkeypatch):
    """The unique (indikator, triwulan) row met by a save that read none: refused as a
    conflict, nothing half-written."""
    from kinerja import renaksi

    asli = renaksi._simpan_tw

    def lain_dulu(indikator, triwulan, lama, *args):
        if triwulan == 2 and lama is None:  # another user's TW II lands in between
            RencanaAksi.objects.create(indikator=indikator, triwulan=2, target=D(1))
        return asli(indikator, triwulan, lama, *args)

    monkeypatch.setattr(renaksi, "_simpan_tw", lain_dulu)
    baris, _ = _isian(ind, ("25", "50", "", ""))
    with pytest.raises(KonflikPenyimpanan, match="baru saja disimpan"):
        _simpan(gunung_mas, operator, baris)
    assert not RencanaAksi.objects.filter(indikator=ind).exists()
