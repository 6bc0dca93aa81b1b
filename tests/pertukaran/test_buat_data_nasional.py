"""The national dataset generator: plausible satker, realistic figures, a report that builds,
and a second run that adds nothing."""

import json
import random
from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum

from anggaran.models import BarisAnggaran
from kinerja.models import IndikatorKinerja, PerjanjianKinerja, Realisasi, SasaranPK
from laporan.dokumen import build_dokumen
from laporan.pemeriksaan import nama_satker_lain, periksa
from pertukaran.demo import nasional
from satker.models import Satker

pytestmark = pytest.mark.django_db


def test_the_country_has_38_provinces_and_514_kabupaten_kota_with_unique_codes_and_names():
    semua = nasional.list_satker(seed=1)
    jenis = Counter(p.jenis for p in semua)
    assert len(semua) == 552
    assert jenis["provinsi"] == 38
    assert jenis["kabupaten"] + jenis["kota"] == 514
    assert len({p.kode for p in semua}) == 552
    assert len({p.nama for p in semua}) == 552
    provinsi = {p.kode: p.provinsi for p in semua if p.jenis == "provinsi"}
    for p in semua:
        if p.jenis != "provinsi":
            assert len(p.kode) == 4 and provinsi[p.kode[:2]] == p.provinsi
        if p.jenis == "kota":
            assert int(p.kode[2:]) >= 71
    assert nasional.list_satker(seed=1) == semua
    assert nasional.list_satker(seed=2)[0].nama != semua[0].nama


def test_a_budget_tree_has_300_lines_whose_parents_are_the_sums_of_their_children():
    baris = nasional.build_anggaran(random.Random(1), tahun=2024, pagu=30_000_000_000)
    assert len(baris) == 300
    anak = {}
    for b in baris:
        anak.setdefault(b.induk, []).append(b)
    for b in baris:
        if b.kode in anak:
            assert b.pagu == sum(a.pagu for a in anak[b.kode])
            assert b.realisasi == sum(a.realisasi for a in anak[b.kode])
        else:
            assert b.pagu % 1000 == 0
            assert Decimal("0.70") * b.pagu <= b.realisasi <= b.pagu


def test_small_run_builds_a_report_and_a_second_run_adds_nothing(gunung_mas):
    keluaran = StringIO()
    call_command("buat_data_nasional", "--satker", "3", "--tahun", "2024", stdout=keluaran)
    assert "3 satker baru, 3 satker-tahun baru" in keluaran.getvalue()
    baru = Satker.objects.exclude(pk=gunung_mas.pk).order_by("kode")
    assert baru.get(kode="00").jenis == Satker.Jenis.PUSAT  # the top of the hierarchy
    baru = baru.exclude(kode="00")
    assert [s.kode for s in baru] == ["11", "1101", "1102"]
    assert [s.jenis for s in baru] == ["provinsi", "kabupaten", "kabupaten"]

    for s in baru:
        anggaran = BarisAnggaran.objects.filter(satker=s, tahun=2024)
        assert anggaran.count() == 300
        total = anggaran.filter(induk__isnull=True).aggregate(p=Sum("pagu"), r=Sum("realisasi"))
        assert Decimal(100_000_000) < total["p"] < Decimal(100_000_000_000)
        assert Decimal("0.70") <= total["r"] / total["p"] <= 1
        terukur = IndikatorKinerja.objects.filter(
            sasaran__program__perjanjian__satker=s,
            sasaran__bagian__in=[SasaranPK.Bagian.PROGRAM, SasaranPK.Bagian.KINERJA],
        )
        assert terukur.count() == 16
        per_indikator = Counter(
            Realisasi.objects.filter(indikator__in=terukur).values_list("indikator", flat=True)
        )
        assert set(per_indikator.values()) == {4}  # every triwulan
        assert len(per_indikator) == 15  # all but the document target

    satker = baru.get(kode="1101")
    dokumen = build_dokumen(satker=satker, tahun=2024)
    temuan = periksa(dokumen, nama_satker_lain=nama_satker_lain(satker))
    assert [t for t in temuan if t.tingkat == "galat"] == []
    angka = StringIO()
    call_command("angka_laporan", "--satker", "1101", "--tahun", "2024", stdout=angka)
    figures = json.loads(angka.getvalue())
    programmes = BarisAnggaran.objects.filter(satker=satker, tahun=2024, induk__isnull=True)
    assert Decimal(figures["anggaran"]["total"]["pagu"]) == sum(b.pagu for b in programmes)
    assert figures["kinerja"]["kategori"] in {"Sangat Baik", "Baik", "Cukup Baik", "Gagal"}

    jumlah = (Satker.objects.count(), BarisAnggaran.objects.count(), Realisasi.objects.count())
    keluaran = StringIO()
    call_command("buat_data_nasional", "--satker", "3", "--tahun", "2024", stdout=keluaran)
    assert "0 satker baru, 0 satker-tahun baru" in keluaran.getvalue()
    assert (Satker.objects.count(), BarisAnggaran.objects.count(), Realisasi.objects.count()) == (
        jumlah
    )


def test_a_later_run_fills_only_the_missing_years(gunung_mas):
    call_command("buat_data_nasional", "--satker", "2", "--tahun", "2024", verbosity=0)
    call_command("buat_data_nasional", "--satker", "2", "--tahun", "2023-2024", verbosity=0)
    per_tahun = dict(
        PerjanjianKinerja.objects.filter(satker__kode__in=["11", "1101"])
        .values_list("tahun")
        .annotate(n=Count("pk"))
    )
    assert per_tahun == {2023: 2, 2024: 2}


@pytest.mark.parametrize("tahun", ["dua ribu", "2025-2020", "1990"])
def test_a_bad_year_is_refused_in_indonesian(tahun):
    with pytest.raises(CommandError, match="--tahun"):
        call_command("buat_data_nasional", "--satker", "1", "--tahun", tahun)


def test_one_satker_by_code_gets_the_same_data_as_in_the_national_run(gunung_mas):
    """The single-satker database of the scale benchmark must hold the national data's rows."""

    def ringkas() -> list:
        return list(
            BarisAnggaran.objects.filter(satker__kode="1102")
            .order_by("tahun", "kode")
            .values_list("tahun", "kode", "pagu", "realisasi")
        )

    call_command("buat_data_nasional", "--kode", "1102", "--tahun", "2023-2024", verbosity=0)
    assert list(Satker.objects.exclude(pk=gunung_mas.pk).values_list("kode", flat=True)) == ["1102"]
    sendiri = ringkas()
    Satker.objects.filter(kode="1102").delete()
    call_command("buat_data_nasional", "--satker", "3", "--tahun", "2023-2024", verbosity=0)
    assert ringkas() == sendiri
    with pytest.raises(CommandError, match="9999"):
        call_command("buat_data_nasional", "--kode", "1102,9999")


def test_the_hierarchy_puts_provinces_under_kpu_ri_and_kabupaten_under_their_province(db):
    call_command("buat_data_nasional", "--satker", "3", "--tahun", "2024", stdout=StringIO())
    ri = Satker.objects.get(kode="00")
    assert ri.jenis == Satker.Jenis.PUSAT and ri.induk is None
    provinsi = Satker.objects.get(kode="11")
    assert provinsi.induk == ri
    assert [s.induk for s in Satker.objects.filter(kode__in=["1101", "1102"])] == [provinsi] * 2


def test_the_hierarchy_keeps_a_parent_a_user_set_and_a_second_run_changes_nothing(db):
    call_command("buat_data_nasional", "--satker", "1", "--tahun", "2024", stdout=StringIO())
    ri = Satker.objects.get(kode="00")
    ri.nama = "KPU Republik Indonesia"
    ri.save()
    # A user moved this kabupaten under another province (say, after a split).
    lain = Satker.objects.create(
        kode="12",
        jenis=Satker.Jenis.PROVINSI,
        nama="KPU Provinsi Lain",
        nama_lengkap="Komisi Pemilihan Umum Provinsi Lain",
        wilayah="Provinsi Lain",
        provinsi="Lain",
        kedudukan="Lain",
        induk=ri,
    )
    call_command("buat_data_nasional", "--satker", "2", "--tahun", "2024", stdout=StringIO())
    kabupaten = Satker.objects.get(kode="1101")
    assert kabupaten.induk.kode == "11"
    kabupaten.induk = lain
    kabupaten.save()
    call_command("buat_data_nasional", "--satker", "3", "--tahun", "2024", stdout=StringIO())
    assert Satker.objects.get(kode="1101").induk == lain
    assert Satker.objects.get(kode="1102").induk.kode == "11"
    assert Satker.objects.get(kode="00").nama == "KPU Republik Indonesia"
    assert Satker.objects.filter(jenis=Satker.Jenis.PUSAT).count() == 1
