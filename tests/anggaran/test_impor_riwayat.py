"""The budget import records every line it writes in the change history (riwayat), in bulk, in its
transaction, attributed to the import; the same file again records nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from anggaran.impor import ImporGagal, apply_impor, create_impor
from anggaran.impor.layanan import MEDAN_RIWAYAT
from anggaran.impor.templat import write_pok
from anggaran.models import BarisAnggaran, ImporAnggaran, RealisasiBulanan
from pertukaran.demo.gunung_mas.pok import PENUTUP_POK, build_baris_pok_gunung_mas
from riwayat.models import Perubahan
from riwayat.services import PELACAKAN, konteks

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HONOR = "076.01.CQ.6709.QAH.001.051.A.521213.d1"  # '- Honor tim seleksi', pagu 400.000.000


def pok_dengan(honor: int = 400_000_000, uraian_honor: str = "- Honor tim seleksi") -> bytes:
    baris = []
    for b in build_baris_pok_gunung_mas():
        if b[1] == "- Honor tim seleksi":
            b = ("", uraian_honor, honor, b[3])
        baris.append(b)
    return write_pok(baris, penutup=PENUTUP_POK)


def riwayat_anggaran(satker):
    return Perubahan.objects.filter(satker=satker, model="anggaran.barisanggaran")


def impor_web(client, data: bytes, nama: str) -> None:
    respons = client.post(
        reverse("impor_anggaran", kwargs={"kode": "6210"}),
        {"berkas": SimpleUploadedFile(nama, data, content_type=XLSX), "tahun": 2024},
    )
    assert respons.status_code == 302, respons.content.decode()[:2000]
    selesai = client.post(respons["Location"], {"aksi": "terapkan"})
    assert selesai.status_code == 302


def test_changed_pagu_is_on_the_history_page_with_old_new_and_source(
    client, admin_satker, gunung_mas
):
    client.force_login(admin_satker)
    impor_web(client, pok_dengan(), "pok-1.xlsx")
    sebelum = riwayat_anggaran(gunung_mas).count()
    impor_web(client, pok_dengan(honor=450_000_000), "pok-2.xlsx")

    baru = riwayat_anggaran(gunung_mas).order_by("pk")[sebelum:]
    assert len(baru) == 1
    p = baru[0]
    impor = ImporAnggaran.objects.get(nama_berkas="pok-2.xlsx")
    baris = BarisAnggaran.objects.get(satker=gunung_mas, tahun=2024, kode=HONOR)
    assert (p.aksi, p.objek_id, p.tahun, p.sumber, p.pengguna) == (
        "ubah",
        baris.pk,
        2024,
        "impor",
        admin_satker,
    )
    assert p.data == {"pagu": ["400000000.00", "450000000.00"]}
    assert p.keterangan == f"Impor anggaran #{impor.pk}: pok-2.xlsx"
    assert p.objek_repr == str(baris)

    halaman = client.get(reverse("riwayat", kwargs={"kode": "6210"}), {"sumber": "impor"})
    assert halaman.status_code == 200
    teks = halaman.content.decode()
    assert f"{HONOR} - Honor tim seleksi" in teks
    assert "Pagu: 400.000.000 → 450.000.000" in teks
    assert "Impor berkas" in teks
    assert f"Impor anggaran #{impor.pk}: pok-2.xlsx" in teks
    objek = client.get(
        reverse(
            "riwayat_objek", kwargs={"kode": "6210", "jenis": "barisanggaran", "objek_id": baris.pk}
        )
    )
    assert "400.000.000 → 450.000.000" in objek.content.decode()


def test_same_file_again_records_nothing(gunung_mas, tmp_path):
    path = tmp_path / "pok.xlsx"
    path.write_bytes(pok_dengan())
    for _ in range(2):
        sebelum = Perubahan.objects.count()
        call_command(
            "import_anggaran", str(path), "--satker", "6210", "--tahun", "2024", verbosity=0
        )
    assert Perubahan.objects.count() == sebelum
    assert ImporAnggaran.objects.filter(status="diterapkan").count() == 2


def test_added_changed_and_removed_lines_are_recorded_as_the_signals_would(
    gunung_mas, buat_pengguna, tmp_path
):
    admin = buat_pengguna(gunung_mas, "admin")
    lama = {
        b.kode: b for b in BarisAnggaran.objects.filter(satker=gunung_mas, tahun=2024)
    }  # the demo: programme and kegiatan only
    path = tmp_path / "wa.xlsx"
    path.write_bytes(
        write_pok(
            [
                ("076.01.WA", "Program Dukungan Manajemen", None, None),
                ("3355", 'Pengelolaan "BMN" \\ C:\\x — é', 10, 5),
                ("EBA", "Layanan Dukungan Manajemen Internal", None, None),
                ("962", "Layanan Umum", None, None),
                ("", "- Alat tulis (*)", "1.250.000", "-"),
            ]
        )
    )
    call_command(
        "import_anggaran",
        str(path),
        "--satker",
        "6210",
        "--tahun",
        "2024",
        "--pengguna",
        admin.username,
        verbosity=0,
    )
    impor = ImporAnggaran.objects.get()
    rows = list(Perubahan.objects.filter(keterangan=f"Impor anggaran #{impor.pk}: wa.xlsx"))
    assert {(r.sumber, r.pengguna_id, r.tahun) for r in rows} == {("impor", admin.pk, 2024)}
    assert len({r.waktu for r in rows}) == 1
    per_kode = {r.objek_repr.split(" ", 1)[0]: r for r in rows}
    hapus = {k for k, r in per_kode.items() if r.aksi == "hapus"}
    assert hapus == {k for k in lama if k not in ("076.01.WA", "076.01.WA.3355")}
    assert len(hapus) == 10
    cq = per_kode["076.01.CQ"]
    assert cq.objek_id == lama["076.01.CQ"].pk
    assert cq.data["kode"] == ["076.01.CQ", None]
    assert cq.data["pagu"] == [str(lama["076.01.CQ"].pagu), None]

    ubah = per_kode["076.01.WA.3355"]
    assert ubah.aksi == "ubah"
    assert ubah.data == {
        "uraian": [lama["076.01.WA.3355"].uraian, 'Pengelolaan "BMN" \\ C:\\x — é'],
        "pagu": [str(lama["076.01.WA.3355"].pagu), "10.00"],
        "realisasi": [str(lama["076.01.WA.3355"].realisasi), "5.00"],
    }
    detail = BarisAnggaran.objects.get(kode="076.01.WA.3355.EBA.962.d1")
    tambah = per_kode[detail.kode]
    assert (tambah.aksi, tambah.objek_id, tambah.objek_repr) == ("tambah", detail.pk, str(detail))
    assert tambah.data == {
        "kode": [None, detail.kode],
        "uraian": [None, "- Alat tulis"],
        "pagu": [None, "1250000.00"],
        "catatan": [None, "Diblokir (*)"],
    }
    assert {r.aksi for r in rows} == {"tambah", "ubah", "hapus"}
    # removed, changed (076.01.WA loses its own figures, 3355), added (EBA, 962, the detail line)
    assert len(rows) == 10 + 2 + 3
    wa = lama["076.01.WA"]
    assert per_kode["076.01.WA"].data == {
        "pagu": [str(wa.pagu), None],
        "realisasi": [str(wa.realisasi), None],
    }

    # The same change made through save() is recorded with the very same data.
    with konteks(sumber="web"):
        detail.pagu = 5
        detail.save()
    via_signal = Perubahan.objects.latest("pk")
    assert via_signal.data == {"pagu": ["1250000.00", "5.00"]}


def test_a_refused_commit_records_nothing(gunung_mas):
    from pengesahan.models import Pengesahan

    impor, _ = create_impor(
        satker=gunung_mas, tahun=2024, data=pok_dengan(), nama_berkas="pok.xlsx"
    )
    Pengesahan.objects.create(
        satker=gunung_mas, tahun=2024, status=Pengesahan.Status.DITANDATANGANI
    )
    sebelum = Perubahan.objects.count()
    with pytest.raises(ImporGagal):
        apply_impor(impor=impor)
    assert Perubahan.objects.count() == sebelum


def test_history_of_the_import_rolls_back_with_it(gunung_mas, monkeypatch):
    from anggaran.impor import layanan

    impor, _ = create_impor(
        satker=gunung_mas, tahun=2024, data=pok_dengan(), nama_berkas="pok.xlsx"
    )
    sebelum = (Perubahan.objects.count(), BarisAnggaran.objects.count())

    def gagal(*args, **kwargs):
        raise RuntimeError("disk penuh")

    monkeypatch.setattr(layanan, "_total_rekaman", gagal)  # after the lines and the history
    with pytest.raises(RuntimeError):
        apply_impor(impor=impor)
    assert (Perubahan.objects.count(), BarisAnggaran.objects.count()) == sebelum


def test_the_import_records_the_tracked_fields_and_deletes_safely():
    # The import writes history for exactly the tracked fields, and deletes removed lines with
    # plain SQL: only a line's own children may point at a budget line.
    # The pengembalian is typed, never imported: only a removed line's is recorded.
    assert (*MEDAN_RIWAYAT, "pengembalian") == PELACAKAN[BarisAnggaran].medan
    # A line's monthly realisation is deleted by the import itself before the line.
    assert [(r.related_model, r.field.name) for r in BarisAnggaran._meta.related_objects] == [
        (BarisAnggaran, "induk"),
        (RealisasiBulanan, "baris"),
    ]


def test_each_added_and_removed_line_is_recorded_once_with_consecutive_or_scattered_ids(
    gunung_mas, tmp_path
):
    # New lines draw consecutive ids (recorded through an id range), removed lines are often
    # scattered (recorded through the list of ids): either way exactly those lines.
    kepala = [
        ("076.01.WA", "Program Dukungan Manajemen", None, None),
        ("3355", "Pengelolaan Keuangan", None, None),
        ("EBA", "Layanan Dukungan Manajemen Internal", None, None),
        ("962", "Layanan Umum", None, None),
    ]
    akun = [(str(521211 + i), f"Belanja {i}", 1000 + i, None) for i in range(10)]
    akun[5] = ("521216", 'Belanja "ATK" \\ C:\\x — é', "1.500", 250)

    def impor(baris: list[tuple], nama: str) -> tuple[list[int], list[int]]:
        def ids() -> dict[str, int]:
            return dict(
                BarisAnggaran.objects.filter(satker=gunung_mas, tahun=2024).values_list(
                    "kode", "pk"
                )
            )

        sebelum = ids()
        path = tmp_path / nama
        path.write_bytes(write_pok(baris))
        call_command(
            "import_anggaran", str(path), "--satker", "6210", "--tahun", "2024", verbosity=0
        )
        sesudah = ids()
        ditambah = sorted(pk for kode, pk in sesudah.items() if kode not in sebelum)
        dihapus = sorted(pk for kode, pk in sebelum.items() if kode not in sesudah)
        impor = ImporAnggaran.objects.get(nama_berkas=nama)
        dicatat = Perubahan.objects.filter(
            keterangan=f"Impor anggaran #{impor.pk}: {nama}", aksi__in=["tambah", "hapus"]
        )
        assert sorted((r.aksi, r.objek_id) for r in dicatat) == sorted(
            [("tambah", pk) for pk in ditambah] + [("hapus", pk) for pk in dihapus]
        )
        return ditambah, dihapus

    def berurutan(ids: list[int]) -> bool:
        return ids[-1] - ids[0] + 1 == len(ids)

    ditambah, dihapus = impor(kepala + akun, "a.xlsx")  # the demo's other lines go
    assert len(ditambah) == 12 and berurutan(ditambah) and len(dihapus) == 10
    ditambah, dihapus = impor(
        kepala
        + [a for i, a in enumerate(akun) if i not in (2, 5, 8)]
        + [("521299", "Baru", 7, None)],
        "b.xlsx",
    )
    assert len(ditambah) == 1 and len(dihapus) == 3 and not berurutan(dihapus)
    kode = "076.01.WA.3355.EBA.962.521216"
    data = {"kode": kode, "uraian": 'Belanja "ATK" \\ C:\\x — é', "pagu": "1500.00"}
    data["realisasi"] = "250.00"
    catatan = Perubahan.objects.filter(model="anggaran.barisanggaran", objek_repr__startswith=kode)
    assert {r.aksi: r.data for r in catatan} == {
        "tambah": {m: [None, v] for m, v in data.items()},
        "hapus": {m: [v, None] for m, v in data.items()},
    }
    _, dihapus = impor(kepala + akun[:2], "c.xlsx")
    assert len(dihapus) == 6
