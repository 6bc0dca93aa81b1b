"""Recording: each real change of a tracked field is one Perubahan, in the same transaction."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction

from anggaran.models import BarisAnggaran
from kinerja.models import DokumenWajib, IndikatorKinerja, Realisasi
from laporan.models import Laporan, Narasi
from riwayat.models import Perubahan
from riwayat.services import Perbedaan, catat_baris, catat_massal, konteks, perbedaan


@pytest.fixture
def realisasi(gunung_mas) -> Realisasi:
    return (
        Realisasi.objects.filter(indikator__sasaran__program__perjanjian__satker=gunung_mas)
        .select_related("indikator")
        .order_by("pk")
        .first()
    )


def test_realisasi_saved_in_a_context_records_who_and_old_to_new(realisasi, operator, gunung_mas):
    lama = realisasi.nilai
    sebelum = Perubahan.objects.count()
    with konteks(sumber="web", pengguna=operator):
        realisasi.nilai = Decimal("12.5")
        realisasi.save()
    assert Perubahan.objects.count() == sebelum + 1
    p = Perubahan.objects.latest("pk")
    assert (p.satker, p.tahun, p.pengguna, p.sumber) == (gunung_mas, 2024, operator, "web")
    assert (p.model, p.objek_id, p.aksi) == ("kinerja.realisasi", realisasi.pk, "ubah")
    assert p.data == {"nilai": [str(lama), "12.5000"]}
    assert realisasi.indikator.nama[:50] in p.objek_repr
    assert "TW IV" in p.objek_repr


def test_saving_without_a_change_records_nothing(realisasi):
    sebelum = Perubahan.objects.count()
    realisasi.nilai = Decimal(str(realisasi.nilai).rstrip("0"))  # same value, other spelling
    realisasi.save()
    Realisasi.objects.get(pk=realisasi.pk).save()
    assert Perubahan.objects.count() == sebelum


def test_untracked_field_alone_records_nothing(realisasi):
    sebelum = Perubahan.objects.count()
    realisasi.versi += 1
    realisasi.save(update_fields=["versi"])
    assert Perubahan.objects.count() == sebelum


def test_without_context_the_source_is_sistem(gunung_mas):
    laporan = Laporan.objects.get(satker=gunung_mas, tahun=2024)
    laporan.tempat = "Tewah"
    laporan.tanggal = datetime.date(2025, 1, 31)
    laporan.save()
    p = Perubahan.objects.latest("pk")
    assert (p.sumber, p.pengguna) == ("sistem", None)
    assert p.data["tempat"][1] == "Tewah"
    assert p.data["tanggal"][1] == "2025-01-31"


def test_deletion_is_recorded_with_the_old_values(realisasi, operator):
    pk, nilai = realisasi.pk, realisasi.nilai
    with konteks(sumber="web", pengguna=operator):
        realisasi.delete()
    p = Perubahan.objects.get(model="kinerja.realisasi", objek_id=pk, aksi="hapus")
    assert p.data["nilai"] == [str(nilai), None]
    assert p.pengguna == operator
    assert p.tahun == 2024


def test_creation_is_recorded(realisasi, operator):
    with konteks(sumber="web", pengguna=operator):
        baru = Realisasi.objects.create(
            indikator=realisasi.indikator, triwulan=1, nilai=Decimal("3.25")
        )
    p = Perubahan.objects.get(model="kinerja.realisasi", objek_id=baru.pk)
    assert p.aksi == "tambah"
    assert p.data == {"nilai": [None, "3.2500"]}


def test_narasi_change_is_recorded(gunung_mas, operator):
    narasi = Narasi.objects.get(satker=gunung_mas, tahun=2024, bagian="penutup")
    lama = narasi.teks
    with konteks(sumber="web", pengguna=operator):
        narasi.teks = "Paragraf penutup yang baru."
        narasi.save()
    p = Perubahan.objects.filter(model="laporan.narasi", objek_id=narasi.pk).latest("pk")
    assert p.data == {"teks": [lama, "Paragraf penutup yang baru."]}
    assert p.tahun == 2024


def test_target_budget_and_document_changes_are_recorded(gunung_mas):
    indikator = IndikatorKinerja.objects.filter(
        sasaran__program__perjanjian__satker=gunung_mas, target__isnull=False
    ).first()
    indikator.target = Decimal("77.7")
    indikator.save()
    assert Perubahan.objects.latest("pk").data["target"][1] == "77.7000"

    baris = BarisAnggaran.objects.filter(satker=gunung_mas, tahun=2024).first()
    baris.pagu = Decimal("1000.5")
    baris.save()
    p = Perubahan.objects.latest("pk")
    assert (p.model, p.data["pagu"][1], p.tahun) == ("anggaran.barisanggaran", "1000.50", 2024)

    dokumen = DokumenWajib.objects.filter(
        indikator__sasaran__program__perjanjian__satker=gunung_mas
    ).first()
    dokumen.tersedia = True
    dokumen.save()
    p = Perubahan.objects.latest("pk")
    assert (p.model, p.data) == ("kinerja.dokumenwajib", {"tersedia": [None, "true"]})


def test_a_rolled_back_change_leaves_no_history(realisasi, operator):
    # The test runs in a transaction: the inner block is a savepoint, rolled back like a request.
    sebelum = Perubahan.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        realisasi.nilai = Decimal("42")
        realisasi.save()
        assert Perubahan.objects.count() == sebelum + 1
        raise RuntimeError("batal")
    assert Perubahan.objects.count() == sebelum
    assert Realisasi.objects.get(pk=realisasi.pk).nilai != Decimal("42")


def test_konteks_is_one_transaction_with_its_history(realisasi, operator):
    sebelum = Perubahan.objects.count()
    with pytest.raises(RuntimeError), konteks(sumber="perintah", pengguna=operator):
        realisasi.nilai = Decimal("42")
        realisasi.save()
        raise RuntimeError("batal")
    assert Perubahan.objects.count() == sebelum


def test_deleting_a_satker_takes_its_history_without_recording_more(satker_lain):
    Narasi.objects.create(satker=satker_lain, tahun=2024, bagian="penutup", teks="Teks.")
    assert Perubahan.objects.filter(satker=satker_lain).count() == 1
    satker_lain.delete()
    assert not Perubahan.objects.filter(satker_id=satker_lain.pk).exists()


def test_catat_massal_records_the_changed_fields_under_the_context(gunung_mas, operator):
    baris = list(BarisAnggaran.objects.filter(satker=gunung_mas, tahun=2024).order_by("pk")[:3])
    lama = [BarisAnggaran(pk=b.pk, pagu=b.pagu, realisasi=b.realisasi) for b in baris]
    for b in baris:
        b.realisasi = (b.realisasi or 0) + 1
    with konteks(sumber="impor", pengguna=operator, keterangan="pok-2024.xlsx"):
        BarisAnggaran.objects.bulk_update(baris, ["realisasi"])
        dicatat = catat_massal(
            satker=gunung_mas,
            tahun=2024,
            model=BarisAnggaran,
            perubahan=[
                *(
                    Perbedaan(b.pk, str(b), {"realisasi": (a.realisasi, b.realisasi)})
                    for a, b in zip(lama, baris, strict=True)
                ),
                # Nothing really changed: dropped.
                Perbedaan(baris[0].pk, str(baris[0]), {"pagu": (Decimal("1.0"), Decimal("1"))}),
            ],
        )
    assert len(dicatat) == 3
    rows = Perubahan.objects.filter(keterangan="pok-2024.xlsx").order_by("objek_id")
    assert [r.objek_id for r in rows] == sorted(b.pk for b in baris)
    r = rows[0]
    assert (r.sumber, r.pengguna, r.aksi, r.tahun) == ("impor", operator, "ubah", 2024)
    assert list(r.data) == ["realisasi"]
    assert len({r.waktu for r in rows}) == 1


def test_perbedaan_compares_two_versions_of_a_row(gunung_mas):
    lama = BarisAnggaran.objects.filter(satker=gunung_mas, tahun=2024).first()
    baru = BarisAnggaran.objects.get(pk=lama.pk)
    assert perbedaan(lama=lama, baru=baru) is None
    baru.uraian = "Uraian baru"
    beda = perbedaan(lama=lama, baru=baru)
    assert beda.aksi == "ubah" and beda.objek_id == lama.pk
    assert perbedaan(lama=None, baru=baru).aksi == "tambah"
    assert perbedaan(lama=lama, baru=None).aksi == "hapus"


def _tercatat(sebelum: int) -> list[tuple]:
    return list(
        Perubahan.objects.filter(pk__gt=sebelum)
        .order_by("pk")
        .values_list("satker", "tahun", "pengguna", "sumber", "model", "objek_repr", "aksi", "data")
    )


def test_catat_baris_records_a_row_exactly_as_the_signals_do(realisasi, operator):
    """A writer without signals (a compare-and-swap update) records the same history rows."""
    salinan = Realisasi.objects.get(pk=realisasi.pk)
    awal = Perubahan.objects.order_by("-pk").values_list("pk", flat=True).first()
    with konteks(sumber="web", pengguna=operator):
        realisasi.nilai = Decimal("12.5")
        realisasi.keterangan = "Catatan"
        realisasi.save()
        realisasi.delete()
        realisasi.pk = None
        realisasi.save()
    lewat_sinyal = _tercatat(awal)

    tengah = Perubahan.objects.order_by("-pk").values_list("pk", flat=True).first()
    baru = Realisasi.objects.get(pk=realisasi.pk)
    with konteks(sumber="web", pengguna=operator):
        ubah = Realisasi(pk=baru.pk, indikator=baru.indikator, triwulan=baru.triwulan)
        ubah.nilai, ubah.keterangan = Decimal("12.5"), "Catatan"
        catat_baris(lama=salinan, baru=ubah)
        catat_baris(lama=ubah, baru=None)
        catat_baris(lama=None, baru=baru)
        catat_baris(lama=baru, baru=baru)  # nothing changed: nothing recorded
    assert _tercatat(tengah) == lewat_sinyal
    assert [a for *_, a, _ in lewat_sinyal] == ["ubah", "hapus", "tambah"]


def test_loading_the_demo_again_records_nothing(gunung_mas):
    from django.core.management import call_command

    sebelum = Perubahan.objects.count()
    call_command("muat_gunung_mas", verbosity=0)
    assert Perubahan.objects.count() == sebelum


def test_the_demo_load_was_recorded_as_sistem(gunung_mas):
    sumber = set(
        Perubahan.objects.filter(satker=gunung_mas, aksi="tambah").values_list("sumber", flat=True)
    )
    assert sumber == {"sistem"}
