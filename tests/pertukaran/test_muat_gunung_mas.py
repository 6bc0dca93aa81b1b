"""The Gunung Mas demo data: what the seed says arrives in the database, and loading it again (as
every `make run` does) only adds what is missing and never changes or deletes a row.

``tests/conftest.py`` has already run ``muat_gunung_mas`` once for the session.
"""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum

from anggaran.models import BarisAnggaran, Tingkat
from kinerja.models import (
    BarisRKT,
    DokumenWajib,
    IndikatorKinerja,
    JenisTarget,
    KategoriCapaian,
    PerjanjianKinerja,
    ProgramPK,
    Realisasi,
    SasaranPK,
)
from kinerja.services import update_realisasi, upload_bukti
from laporan.models import Laporan, Narasi
from laporan.narasi import update_narasi, versi_dari
from pertukaran.demo.gunung_mas import data
from renstra.models import (
    IndikatorSasaran,
    MaknaVisi,
    Misi,
    Polaritas,
    Renstra,
    SasaranStrategis,
    TargetRenstra,
    Tujuan,
)
from satker.models import Pengguna, Satker

pytestmark = pytest.mark.django_db


@pytest.fixture
def renstra(gunung_mas) -> Renstra:
    return Renstra.objects.get(satker=gunung_mas, tahun_mulai=2020)


@pytest.fixture
def pk(gunung_mas) -> PerjanjianKinerja:
    return PerjanjianKinerja.objects.get(satker=gunung_mas, tahun=2024, versi=1)


def indikator_pk(gunung_mas, **filter) -> IndikatorKinerja:
    return IndikatorKinerja.objects.get(
        sasaran__program__perjanjian__satker=gunung_mas,
        sasaran__program__perjanjian__tahun=2024,
        **filter,
    )


def anggaran(gunung_mas, tahun: int, kode: str) -> BarisAnggaran:
    return BarisAnggaran.objects.get(satker=gunung_mas, tahun=tahun, kode=kode)


def jumlah(queryset) -> tuple[Decimal, Decimal]:
    total = queryset.aggregate(pagu=Sum("pagu"), realisasi=Sum("realisasi"))
    return total["pagu"], total["realisasi"]


def test_satker_profile_and_category_scale(gunung_mas):
    assert gunung_mas.nama_lengkap == "Komisi Pemilihan Umum Kabupaten Gunung Mas"
    assert (gunung_mas.jenis, gunung_mas.kedudukan) == ("kabupaten", "Kuala Kurun")
    assert gunung_mas.provinsi == "Kalimantan Tengah"
    assert PerjanjianKinerja.objects.get(satker=gunung_mas, tahun=2024).batas_capaian is None
    skala = [
        (k.nama, k.batas_bawah, k.termasuk_batas)
        for k in KategoriCapaian.objects.filter(satker=gunung_mas, tahun=2024).order_by("urutan")
    ]
    assert skala == [
        ("Gagal", None, True),
        ("Cukup Baik", Decimal("55"), True),
        ("Baik", Decimal("75"), False),
        ("Sangat Baik", Decimal("90"), False),
    ]


def test_renstra_has_seven_misi_five_tujuan_and_three_sasaran(renstra):
    assert renstra.nomor_keputusan == "01.a/PR.01.3-Kpt/6210/KPU-Kab/I/2020"
    assert (renstra.tahun_mulai, renstra.tahun_selesai) == (2020, 2024)
    assert renstra.visi.startswith("Menjadi penyelenggara Pemilihan Umum dan Pemilihan")
    assert Misi.objects.filter(renstra=renstra).count() == 7
    assert Tujuan.objects.filter(renstra=renstra).count() == 5
    assert renstra.tujuan.get(urutan=3).uraian.startswith("Meningkatnya partisipasi politik")
    assert list(MaknaVisi.objects.filter(renstra=renstra).values_list("kata_kunci", flat=True)) == [
        "Berintegritas",
        "Profesional",
        "Mandiri",
    ]
    sasaran = SasaranStrategis.objects.filter(renstra=renstra).order_by("urutan")
    assert [s.indikator.count() for s in sasaran] == [5, 6, 2]
    assert sasaran[0].uraian == "Meningkatnya kualitas penyelenggaraan Pemilu"


def test_renstra_indicators_polarity_and_units(renstra):
    indikator = IndikatorSasaran.objects.filter(sasaran__renstra=renstra)
    negatif = set(indikator.filter(polaritas=Polaritas.NEGATIF).values_list("nama", flat=True))
    assert negatif == {
        "Persentase pemilih yang berhak memilih tetapi tidak masuk dalam daftar pemilih",
        "Persentase pelanggaran kode etik terhadap penyelenggara Pemilu",
    }
    assert indikator.get(nama="Opini BPK atas LHP").satuan == "opini"
    assert indikator.exclude(satuan="%").count() == 1
    # The seed has no yearly Renstra targets.
    assert not TargetRenstra.objects.filter(indikator__sasaran__renstra=renstra).exists()


def test_rkt_2024_has_nine_rows_under_two_programmes(gunung_mas):
    rkt = BarisRKT.objects.filter(satker=gunung_mas, tahun=2024).order_by("urutan")
    assert [r.kode_kegiatan for r in rkt] == [
        "3355",
        "3360",
        "6709",
        "6867",
        "6870",
        "6871",
        "6872",
        "6981",
        "6982",
    ]
    assert [r.program_kode for r in rkt].count("076.01.WA") == 2
    assert rkt[0].program_nama == "Program Dukungan Manajemen"
    assert rkt[2].program_nama == "Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi"
    assert not any("(" + r.kode_kegiatan + ")" in r.sasaran for r in rkt)


def test_pk_2024_parties_and_programmes(pk):
    # The seed names only the Ketua: the Sekretaris, their NIP and the PK's date are loaded empty
    # (tests/conftest.py then fills them in, as the satker must before submitting).
    assert {k: data.PK_2024[k] for k in ("pihak_pertama_nama", "pihak_pertama_nip", "tanggal")} == {
        "pihak_pertama_nama": "",
        "pihak_pertama_nip": "",
        "tanggal": None,
    }
    assert (pk.jenis, pk.pihak_pertama_jabatan, pk.tempat) == ("awal", "Sekretaris", "")
    assert (pk.pihak_kedua_jabatan, pk.pihak_kedua_nama) == ("Ketua", "ELFRINIS G. TUMON")
    program = ProgramPK.objects.filter(perjanjian=pk).order_by("urutan")
    assert [(p.urutan, p.kode) for p in program] == [(1, "076.01.WA"), (2, "076.01.CQ")]
    assert SasaranPK.objects.filter(program__perjanjian=pk, bagian="program").count() == 2
    cq = SasaranPK.objects.get(program__kode="076.01.CQ", program__perjanjian=pk, bagian="program")
    assert cq.indikator.get().target == Decimal("100")


def test_measured_indicators_are_renumbered_and_realised_in_tw4(pk):
    sasaran = SasaranPK.objects.filter(program__perjanjian=pk, bagian="kinerja").order_by(
        "program__urutan", "urutan"
    )
    assert [s.nomor for s in sasaran] == [
        "1.1",
        "1.2",
        "2.1",
        "2.2",
        "2.3",
        "2.4",
        "2.5",
        "2.6",
        "2.7",
        "2.8",
    ]
    indikator = [s.indikator.get() for s in sasaran]
    assert [i.kode_kegiatan for i in indikator] == [
        "3355",
        "3360",
        "HIBAH",
        "6709",
        "6867",
        "6870",
        "6871",
        "6872",
        "6981",
        "6982",
    ]
    for i in indikator:
        assert (i.target, i.satuan, i.agregasi) == (Decimal("100"), "%", "nilai_akhir")
        assert [(r.triwulan, r.nilai) for r in i.realisasi.all()] == [(4, Decimal("100"))]
        assert "Presentase" not in i.nama and "Prosentase" not in i.nama
    assert "Gunung Mas" in indikator[0].nama


def test_rincian_targets_units_and_documents(gunung_mas, pk):
    laporan = indikator_pk(
        gunung_mas, nama="Jumlah Laporan sistem akuntansi dan Pelaporan Keuangan"
    )
    assert (laporan.target, laporan.satuan, laporan.jenis_target) == (
        Decimal("1"),
        "laporan",
        "angka",
    )
    assert indikator_pk(gunung_mas, nama="Layanan Perkantoran").satuan == "layanan"
    ba_sk = indikator_pk(gunung_mas, nama="Terlaksananya penetapan hasil pemilu dan Pilkada")
    assert (ba_sk.jenis_target, ba_sk.target) == (JenisTarget.DOKUMEN, None)
    assert list(ba_sk.dokumen_wajib.values_list("nama", flat=True)) == [
        "Berita Acara",
        "Surat Keputusan",
    ]
    assert DokumenWajib.objects.filter(indikator__sasaran__program__perjanjian=pk).count() == 2
    tanpa_target = IndikatorKinerja.objects.filter(
        sasaran__program__perjanjian=pk, jenis_target="angka", target__isnull=True
    )
    assert sorted(tanpa_target.values_list("kode_kegiatan", flat=True)) == ["6871", "6871"]
    # The rincian rows have no realisations in the seed.
    assert not Realisasi.objects.filter(indikator__sasaran__bagian="rincian").exists()


def test_rincian_rows_keep_their_kegiatan_heading(pk):
    rincian = SasaranPK.objects.filter(program__perjanjian=pk, bagian="rincian")
    assert rincian.count() == 28
    adhoc = rincian.filter(kelompok="Pembentukan Badan Ad Hoc (6867)").order_by("urutan")
    assert [s.nomor for s in adhoc] == ["1", "2"]
    assert rincian.filter(kelompok__endswith="Penyelenggaraan Pemilu (6709)").count() == 3
    bmn = rincian.get(
        program__kode="076.01.CQ", uraian="Terlaksananya Pengelolaan Barang Milik Negara"
    )
    assert bmn.indikator.count() == 3
    assert bmn.indikator.filter(nama="Tersedianya Laporan Persediaan (Stock Opname)").exists()
    teks = " ".join(rincian.values_list("uraian", flat=True)) + " ".join(
        IndikatorKinerja.objects.filter(sasaran__in=rincian).values_list("nama", flat=True)
    )
    for salah in ("Kotawaringin", "pemabayaran", "Perkntoran", "Sarata"):
        assert salah not in teks
    assert IndikatorKinerja.objects.filter(sasaran__program__perjanjian=pk).count() == 45


def test_budget_2024_children_add_up_to_the_programme_totals(gunung_mas):
    cq = anggaran(gunung_mas, 2024, "076.01.CQ")
    wa = anggaran(gunung_mas, 2024, "076.01.WA")
    assert cq.anak.count() == 8 and wa.anak.count() == 2
    assert jumlah(cq.anak.all()) == (Decimal("39196465000"), Decimal("37185527317"))
    assert (cq.pagu, cq.realisasi) == (Decimal("39196465000"), Decimal("37185527317"))
    assert jumlah(wa.anak.all()) == (Decimal("2273501000"), Decimal("2235154895"))
    assert (wa.pagu, wa.realisasi) == (Decimal("2273501000"), Decimal("2235154895"))
    daun = BarisAnggaran.objects.filter(satker=gunung_mas, tahun=2024, tingkat=Tingkat.KEGIATAN)
    assert jumlah(daun) == (Decimal("41469966000"), Decimal("39420682212"))
    kegiatan_3355 = anggaran(gunung_mas, 2024, "076.01.WA.3355")
    assert (kegiatan_3355.pagu, kegiatan_3355.realisasi) == (
        Decimal("2160190000"),
        Decimal("2121844395"),
    )
    assert anggaran(gunung_mas, 2024, "076.01.CQ.6867").realisasi == Decimal("9870621847")
    assert anggaran(gunung_mas, 2024, "076.01.CQ.6982").pagu == Decimal("2154000")
    assert anggaran(gunung_mas, 2024, "076.01.CQ.6981").realisasi == Decimal("0")


def test_budget_previous_years_come_from_the_tabulation(gunung_mas):
    baris = anggaran(gunung_mas, 2022, "076.01.CQ.6709")
    assert (baris.pagu, baris.realisasi) == (Decimal("750540000"), Decimal("744049227"))
    assert baris.tingkat == Tingkat.KEGIATAN and baris.induk.kode == "076.01.CQ"
    for tahun, kegiatan in ((2022, 5), (2023, 10)):
        program = anggaran(gunung_mas, tahun, "076.01.CQ")
        assert (program.pagu, program.realisasi) == (None, None)
        assert program.anak.count() == kegiatan
    assert not BarisAnggaran.objects.filter(satker=gunung_mas, tahun=2023, kode__endswith="6981")
    assert not BarisAnggaran.objects.filter(satker=gunung_mas, tahun=2022, kode="076.01.WA")


def test_laporan_2024_and_narrative(gunung_mas):
    laporan = Laporan.objects.get(satker=gunung_mas, tahun=2024)
    assert (laporan.tanggal, laporan.tempat) == (datetime.date(2025, 1, 5), "")
    narasi = {
        (n.bagian, n.kunci): n.teks for n in Narasi.objects.filter(satker=gunung_mas, tahun=2024)
    }
    assert set(b for b, _ in narasi) == set(Narasi.Bagian.values)
    assert ("analisis_sasaran", "076.01.WA") in narasi and (
        "analisis_sasaran",
        "076.01.CQ",
    ) in narasi
    for teks in narasi.values():
        for salah in ("2023", "Kotawaringin", "Kabupaten Kabupaten", "akuntabel dan akuntabel"):
            assert salah not in teks
        assert "revidi" not in teks and "KPU Provinsi Gunung Mas" not in teks
        assert "95.06" not in teks and "95,06" not in teks
    penutup = narasi[("penutup", "")]
    assert penutup.count("Demikian Laporan Kinerja KPU Kabupaten Gunung Mas Tahun 2024") == 1
    assert penutup.count("Kontroversi Hasil Pemilu") == 1
    assert (
        "Perjanjian Kinerja KPU Kabupaten Gunung Mas Tahun 2024" in narasi[("kata_pengantar", "")]
    )
    assert "dibandingkan dengan perjanjian kinerja tahun 2024" in narasi[("latar_belakang", "")]
    assert "  1) Menjabarkan program" in narasi[("tugas_fungsi", "")]


def snapshot(satker: Satker) -> dict[str, list[dict]]:
    """Every value of every row the loader writes for the satker."""
    pk = "sasaran__program__perjanjian__satker"
    querysets = {
        "satker": Satker.objects.filter(pk=satker.pk),
        "kategori": KategoriCapaian.objects.filter(satker=satker),
        "renstra": Renstra.objects.filter(satker=satker),
        "makna": MaknaVisi.objects.filter(renstra__satker=satker),
        "misi": Misi.objects.filter(renstra__satker=satker),
        "tujuan": Tujuan.objects.filter(renstra__satker=satker),
        "sasaran": SasaranStrategis.objects.filter(renstra__satker=satker),
        "indikator_sasaran": IndikatorSasaran.objects.filter(sasaran__renstra__satker=satker),
        "rkt": BarisRKT.objects.filter(satker=satker),
        "pk": PerjanjianKinerja.objects.filter(satker=satker),
        "program": ProgramPK.objects.filter(perjanjian__satker=satker),
        "sasaran_pk": SasaranPK.objects.filter(program__perjanjian__satker=satker),
        "indikator_pk": IndikatorKinerja.objects.filter(**{pk: satker}),
        "dokumen": DokumenWajib.objects.filter(**{f"indikator__{pk}": satker}),
        "realisasi": Realisasi.objects.filter(**{f"indikator__{pk}": satker}),
        "anggaran": BarisAnggaran.objects.filter(satker=satker),
        "laporan": Laporan.objects.filter(satker=satker),
        "narasi": Narasi.objects.filter(satker=satker),
    }
    return {nama: list(qs.order_by("pk").values()) for nama, qs in querysets.items()}


def test_second_run_changes_no_row(gunung_mas):
    sebelum = snapshot(gunung_mas)
    keluaran = StringIO()
    call_command("muat_gunung_mas", stdout=keluaran)
    assert snapshot(gunung_mas) == sebelum
    assert Satker.objects.filter(kode="6210").count() == 1
    assert keluaran.getvalue().strip() == (
        "Data demo KPU Kabupaten Gunung Mas sudah ada; tidak ada yang diubah "
        "(data yang sudah ada tidak pernah ditimpa)."
    )


def test_rerun_keeps_changed_values_extra_rows_and_deletions(gunung_mas):
    indikator = indikator_pk(gunung_mas, sasaran__nomor="2.3", sasaran__bagian="kinerja")
    indikator.realisasi.create(triwulan=1, nilai=Decimal("40"))
    IndikatorKinerja.objects.filter(pk=indikator.pk).update(target=Decimal("90"))
    lain = indikator_pk(gunung_mas, sasaran__nomor="2.4", sasaran__bagian="kinerja")
    lain.realisasi.all().delete()
    Misi.objects.create(renstra=Renstra.objects.get(satker=gunung_mas), urutan=8, uraian="Tambahan")
    BarisAnggaran.objects.filter(satker=gunung_mas, tahun=2024, kode="076.01.CQ.6709").update(
        realisasi=Decimal("1")
    )
    KategoriCapaian.objects.filter(satker=gunung_mas, urutan=2).update(batas_bawah=Decimal("60"))
    sebelum = snapshot(gunung_mas)

    call_command("muat_gunung_mas", verbosity=0)

    assert snapshot(gunung_mas) == sebelum
    indikator.refresh_from_db()
    assert indikator.target == Decimal("90")
    assert sorted(indikator.realisasi.values_list("triwulan", flat=True)) == [1, 4]
    assert not lain.realisasi.exists()  # deleted by a user: not brought back
    assert Misi.objects.filter(renstra__satker=gunung_mas).count() == 8


def test_a_missing_unit_is_added_whole(gunung_mas):
    """Only what is missing is loaded: here the 2023 budget, and nothing else changes."""
    tahun_2023 = BarisAnggaran.objects.filter(satker=gunung_mas, tahun=2023)
    jumlah_2023 = tahun_2023.count()
    tahun_2023.delete()
    lain = snapshot(gunung_mas)
    lain["anggaran"] = [b for b in lain["anggaran"] if b["tahun"] != 2023]
    keluaran = StringIO()

    call_command("muat_gunung_mas", stdout=keluaran)

    assert tahun_2023.count() == jumlah_2023
    assert anggaran(gunung_mas, 2023, "076.01.CQ").anak.count() == 10
    sesudah = snapshot(gunung_mas)
    sesudah["anggaran"] = [b for b in sesudah["anggaran"] if b["tahun"] != 2023]
    assert sesudah == lain
    assert keluaran.getvalue().strip() == (
        f"Data demo KPU Kabupaten Gunung Mas dimuat: anggaran 2023 ({jumlah_2023} baris)."
    )


def test_make_run_twice_keeps_what_users_typed_and_uploaded(
    gunung_mas, operator, settings, tmp_path
):
    """`make run` runs muat_gunung_mas and buat_akun_demo on every start: a restart must keep a
    TW value typed on the realisation page, an edited narrative and an uploaded evidence file."""
    settings.BUKTI_ROOT = tmp_path / "bukti"
    settings.PENGESAHAN_DEMO_DIR = tmp_path / "pengesahan"
    indikator = indikator_pk(gunung_mas, sasaran__nomor="1.1", sasaran__bagian="kinerja")
    update_realisasi(
        indikator=indikator,
        triwulan=2,
        nilai_teks="55,5",
        versi=0,
        keterangan="Diisi operator",
        user=operator,
    )
    penutup = Narasi.objects.get(satker=gunung_mas, tahun=2024, bagian="penutup")
    update_narasi(
        satker=gunung_mas,
        tahun=2024,
        bagian="penutup",
        kunci="",
        teks="Penutup yang ditulis ulang oleh Operator.",
        versi=versi_dari(penutup.diperbarui_pada),
        pengguna=operator,
    )
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    bukti = upload_bukti(
        indikator=indikator,
        triwulan=2,
        berkas=SimpleUploadedFile("bukti-tw2.pdf", pdf, content_type="application/pdf"),
        user=operator,
    )

    for _ in range(2):
        call_command("muat_gunung_mas", verbosity=0)
        call_command("buat_akun_demo", verbosity=0)

    tw2 = indikator.realisasi.get(triwulan=2)
    assert (tw2.nilai, tw2.keterangan, tw2.diisi_oleh) == (
        Decimal("55.5"),
        "Diisi operator",
        operator,
    )
    penutup.refresh_from_db()
    assert penutup.teks == "Penutup yang ditulis ulang oleh Operator."
    bukti.refresh_from_db()
    assert bukti.nama_asli == "bukti-tw2.pdf"
    assert (settings.BUKTI_ROOT / bukti.berkas.name).read_bytes() == pdf


def test_buat_akun_demo_creates_five_accounts_idempotently(gunung_mas, settings, tmp_path):
    settings.PENGESAHAN_DEMO_DIR = tmp_path  # no demo key: no passphrase line
    keluaran = StringIO()
    call_command("buat_akun_demo", stdout=keluaran)
    call_command("buat_akun_demo", verbosity=0)
    akun = Pengguna.objects.filter(satker=gunung_mas)
    assert sorted(akun.values_list("username", flat=True)) == [
        "admin",
        "ketua",
        "komisioner",
        "operator",
        "sekretaris",
    ]
    ketua = akun.get(username="ketua")
    assert (ketua.peran, ketua.is_ketua, ketua.get_full_name()) == (
        "komisioner",
        True,
        "ELFRINIS G. TUMON",
    )
    assert akun.get(username="admin").is_staff
    assert all(p.check_password("demo12345") for p in akun)
    # an address that is never delivered, for the reminders the console backend prints
    assert akun.get(username="operator").email == "operator@6210.demo.invalid"
    assert "Nama pengguna" in keluaran.getvalue()
    assert "ketua          demo12345       Ketua" in keluaran.getvalue()
    assert "Passphrase" not in keluaran.getvalue()


def test_buat_akun_demo_keeps_an_existing_account_and_its_password(gunung_mas, settings, tmp_path):
    settings.PENGESAHAN_DEMO_DIR = tmp_path
    call_command("buat_akun_demo", verbosity=0)
    operator = Pengguna.objects.get(username="operator")
    operator.set_password("sandi-pilihan-sendiri")
    operator.first_name = "Rina"
    operator.save()
    keluaran = StringIO()

    call_command("buat_akun_demo", stdout=keluaran)

    operator.refresh_from_db()
    assert operator.check_password("sandi-pilihan-sendiri")
    assert operator.first_name == "Rina"
    assert "operator       (diganti)       Operator" in keluaran.getvalue()
    assert "sekretaris     demo12345       Sekretaris" in keluaran.getvalue()


def test_buat_akun_demo_rejects_unknown_satker(db):
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("buat_akun_demo", satker="9999")
