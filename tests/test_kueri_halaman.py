"""Query budgets of the main pages: the number of queries of each page is within its budget and
does not change when a satker's indicators and budget lines grow tenfold. The counts are the same
on SQLite and PostgreSQL (the data's revision is one query on both, satker/revisi.py)."""

from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from anggaran.models import BarisAnggaran, Tingkat
from kinerja.models import IndikatorKinerja, Realisasi, RencanaAksi, TargetBulanan
from kinerja.services import get_pk_berlaku
from satker.revisi import baca

HALAMAN = {
    # address: the most queries it may take (session, savepoints and the satker's years included)
    # The dashboard builds the report (its figures and the consistency check: what blocks the
    # submission) once per change of the data.
    "/6210/2024/": 52,  # + the rencana aksi and the TW notes of each year read; + what is
    # due when, built once a day per revision (kinerja.jadwal.status_triwulan: schedule,
    # verifications, reopenings; and the revision read again after building)
    "/6210/2024/realisasi/": 22,
    "/6210/2024/narasi/": 16,
    "/6210/2024/anggaran/": 14,
    "/6210/2024/laporan/": 62,
    "/6210/2024/perjanjian-kinerja/": 22,
    "/6210/2024/rencana-aksi/": 22,
    "/6210/2024/rencana-aksi/dokumen/": 22,
    "/6210/2024/komentar/": 16,
    "/6210/riwayat/?tahun=2024": 17,
    "/6210/2024/triwulan/": 22,
    "/6210/2024/triwulan/1/": 19,
}


def _hitung(client, *, dingin: bool = True) -> dict[str, int]:
    """Queries per page; ``dingin``: with the pages' cache empty, so everything is built from the
    data (laporan.halaman), otherwise as a page read again is served."""
    jumlah = {}
    for alamat in HALAMAN:
        if dingin:
            cache.clear()
        with CaptureQueriesContext(connection) as q:
            assert client.get(alamat).status_code == 200, alamat
        jumlah[alamat] = len(q)
    return jumlah


def _tumbuhkan(satker, kali: int) -> None:
    """Make the 2024 indicators and budget lines of ``satker`` ``kali`` times as many, the new
    indicators with a value and a target (rencana aksi) for each TW."""
    pk = get_pk_berlaku(satker=satker, tahun=2024)
    indikator = list(IndikatorKinerja.objects.filter(sasaran__program__perjanjian=pk))
    baru = [
        IndikatorKinerja(
            sasaran_id=ind.sasaran_id,
            urutan=1000 * (k + 1) + ind.urutan,
            nama=f"{ind.nama} (salinan {k + 1})",
            target=ind.target if ind.target is not None else Decimal(100),
            satuan=ind.satuan,
            polaritas=ind.polaritas,
        )
        for k in range(kali - 1)
        for ind in indikator
        if ind.jenis_target == "angka"
    ]
    IndikatorKinerja.objects.bulk_create(baru)
    Realisasi.objects.bulk_create(
        Realisasi(indikator=ind, triwulan=tw, nilai=Decimal(20 * tw))
        for ind in IndikatorKinerja.objects.filter(nama__contains="(salinan ")
        for tw in (1, 2, 3, 4)
    )
    salinan = IndikatorKinerja.objects.filter(nama__contains="(salinan ")
    RencanaAksi.objects.bulk_create(
        RencanaAksi(indikator=ind, triwulan=tw, target=Decimal(25 * tw), rencana=f"Aksi {tw}")
        for ind in salinan
        for tw in (1, 2, 3, 4)
    )
    TargetBulanan.objects.bulk_create(
        TargetBulanan(indikator=ind, bulan=b, target=Decimal(8 * b))
        for ind in salinan
        for b in range(1, 13)
    )

    lama = BarisAnggaran.objects.filter(satker=satker, tahun=2024).count()
    program = BarisAnggaran.objects.get(satker=satker, tahun=2024, kode="076.01.CQ")
    per_kegiatan = 4  # each new kegiatan gets four KRO lines
    for i in range(lama * (kali - 1) // (per_kegiatan + 1)):
        kegiatan = BarisAnggaran.objects.create(
            satker=satker,
            tahun=2024,
            kode=f"076.01.CQ.{8000 + i}",
            induk=program,
            tingkat=Tingkat.KEGIATAN,
            uraian=f"Kegiatan uji {i}",
            pagu=Decimal(4000),
            realisasi=Decimal(3000),
            urutan=8000 + i,
        )
        BarisAnggaran.objects.bulk_create(
            BarisAnggaran(
                satker=satker,
                tahun=2024,
                kode=f"{kegiatan.kode}.Q{chr(65 + j)}A",
                induk=kegiatan,
                tingkat=Tingkat.KRO,
                uraian=f"KRO uji {i}.{j}",
                pagu=Decimal(1000),
                realisasi=Decimal(750),
                urutan=j,
            )
            for j in range(per_kegiatan)
        )


def test_main_pages_keep_their_query_count_when_the_data_grows_tenfold(
    client, operator, gunung_mas, monkeypatch
):
    # The session's refresh (lkjip/sesi.py) writes once a minute: on a busy machine this test
    # outlasts that, and the page it falls on would count three more queries.
    monkeypatch.setattr("lkjip.sesi.JEDA", 10**9)
    client.force_login(operator)
    _hitung(client)  # the first request of a session creates it
    sebelum = _hitung(client)
    for alamat, jumlah in sebelum.items():
        assert jumlah <= HALAMAN[alamat], f"{alamat}: {jumlah} query, anggaran {HALAMAN[alamat]}"
    _hitung(client, dingin=False)  # drawn once
    sebelum_hangat = _hitung(client, dingin=False)
    assert all(sebelum_hangat[a] <= sebelum[a] for a in HALAMAN), sebelum_hangat

    indikator = IndikatorKinerja.objects.filter(
        sasaran__program__perjanjian__satker=gunung_mas, sasaran__program__perjanjian__tahun=2024
    ).count()
    baris = BarisAnggaran.objects.filter(satker=gunung_mas, tahun=2024).count()
    _tumbuhkan(gunung_mas, 10)
    assert (
        IndikatorKinerja.objects.filter(
            sasaran__program__perjanjian__satker=gunung_mas,
            sasaran__program__perjanjian__tahun=2024,
        ).count()
        >= 8 * indikator
    )
    assert BarisAnggaran.objects.filter(satker=gunung_mas, tahun=2024).count() >= 9 * baris

    assert _hitung(client) == sebelum
    _hitung(client, dingin=False)  # the grown data drawn once
    assert _hitung(client, dingin=False) == sebelum_hangat

    # The grown data is on the pages, or the equal counts would prove nothing.
    assert "(salinan 9)" in client.get("/6210/2024/realisasi/").content.decode()
    assert "KRO uji 0.3" in client.get("/6210/2024/anggaran/").content.decode()
    renaksi = client.get("/6210/2024/rencana-aksi/").content.decode()
    assert "(salinan 9)" in renaksi and "Aksi 4" in renaksi
    dasbor = client.get("/6210/2024/").content.decode()
    assert "(salinan 9)" in dasbor.split('id="judul-grafik-tw"')[1]  # its chart


def test_the_data_revision_is_one_query(gunung_mas):
    """A page read again asks the database only for the data's revision (and what depends on the
    reader), whatever the size of the data."""
    with CaptureQueriesContext(connection) as q:
        baca(satker_id=gunung_mas.pk, tahun=2024)
    assert len(q) == 1, [k["sql"][:80] for k in q]


# The dashboard of a kabupaten/kota with a province and KPU RI above it places it among their
# kabupaten/kota (pemantauan.perbandingan): its parent read with the grandparent (1 query), and
# each level's set kept under that level's revision (1 query each when kept). Built (after a
# change below that level): the monitoring rows (pemantauan.rekap.build_pemantauan, a constant
# count of its own: 13 with the stored consistency checks) and the revision read again, per level.
PERBANDINGAN_HANGAT = 3
PERBANDINGAN_DINGIN = 3 + 2 * (13 + 1)


def test_dashboard_comparison_adds_a_constant_number_of_queries(
    client, operator, gunung_mas, kpu_provinsi, buat_kabkota, monkeypatch
):
    monkeypatch.setattr("lkjip.sesi.JEDA", 10**9)
    client.force_login(operator)
    alamat = "/6210/2024/"

    def hitung(*, dingin: bool, panel: bool = True) -> int:
        if dingin:
            cache.clear()
        else:
            client.get(alamat)  # drawn once
        with CaptureQueriesContext(connection) as q:
            isi = client.get(alamat).content.decode()
        assert ("Posisi KPU Kabupaten Gunung Mas" in isi) is panel
        return len(q)

    client.get(alamat)  # the first request of a session creates it
    buat_kabkota(kpu_provinsi, "6270", pagu=1000, realisasi=900)
    dingin, hangat = hitung(dingin=True), hitung(dingin=False)

    # The same page without a satker above it.
    gunung_mas.induk = None
    gunung_mas.save(update_fields=["induk"])
    tanpa_dingin, tanpa_hangat = hitung(dingin=True, panel=False), hitung(dingin=False, panel=False)
    assert tanpa_dingin <= HALAMAN[alamat]
    assert dingin - tanpa_dingin <= PERBANDINGAN_DINGIN
    assert hangat - tanpa_hangat == PERBANDINGAN_HANGAT

    # Ten more kabupaten/kota: the same counts.
    gunung_mas.induk = kpu_provinsi
    gunung_mas.save(update_fields=["induk"])
    for i in range(1, 11):
        buat_kabkota(kpu_provinsi, f"62{70 + i}", pagu=1000 * (i + 1), realisasi=900 * (i + 1))
    assert hitung(dingin=True) == dingin
    assert hitung(dingin=False) == hangat
    assert "dari 12 KPU Kabupaten/Kota se-Provinsi" in client.get(alamat).content.decode()


def _kabupaten_baru(provinsi, dari: int, sampai: int) -> None:
    """Kabupaten ``dari``..``sampai`` - 1 under ``provinsi``, each with a budget line and a report
    under way, so that every part of their monitoring row is read."""
    from pengesahan.models import Pengesahan
    from satker.models import Satker

    baru = Satker.objects.bulk_create(
        Satker(
            kode=f"62{n:02d}",
            jenis=Satker.Jenis.KABUPATEN,
            nama=f"KPU Kabupaten Uji {n}",
            nama_lengkap=f"Komisi Pemilihan Umum Kabupaten Uji {n}",
            wilayah=f"Kabupaten Uji {n}",
            provinsi="Kalimantan Tengah",
            kedudukan="Uji",
            induk=provinsi,
        )
        for n in range(dari, sampai)
        if n != 10  # 6210: Gunung Mas
    )
    BarisAnggaran.objects.bulk_create(
        BarisAnggaran(
            satker=s,
            tahun=2024,
            kode="076.01.CQ",
            tingkat=Tingkat.PROGRAM,
            uraian="Program uji",
            pagu=Decimal(1000),
            realisasi=Decimal(900),
            urutan=1,
        )
        for s in baru
    )
    Pengesahan.objects.bulk_create(Pengesahan(satker=s, tahun=2024) for s in baru)


def test_monitoring_pages_keep_their_query_count_with_ten_times_the_kabupaten(
    client, kpu_provinsi, buat_pengguna, monkeypatch
):
    """A province's page and its xlsx: 3 kabupaten or 30, the same queries."""
    from satker.models import Pengguna

    monkeypatch.setattr("lkjip.sesi.JEDA", 10**9)
    client.force_login(buat_pengguna(kpu_provinsi, Pengguna.Peran.PEMANTAU))
    alamat = ("/62/pemantauan/2024/", "/62/pemantauan/2024/pemantauan.xlsx")

    def hitung(dingin: bool = True) -> list[int]:
        jumlah = []
        for a in alamat:
            if dingin:
                cache.clear()
            with CaptureQueriesContext(connection) as q:
                assert client.get(a).status_code == 200, a
            jumlah.append(len(q))
        return jumlah

    _kabupaten_baru(kpu_provinsi, 11, 13)  # with Gunung Mas: 3
    hitung()  # the session is created by the first request
    sebelum = hitung()
    # Session, the satker and its subordinates, the revision below with the stored checks' mark
    # (read again after building), the years, then build_pemantauan's own.
    assert max(sebelum) <= 28, sebelum
    # Read again: the page's content is kept under the revision (session, satker, revision and
    # the checks' mark).
    hangat = hitung(dingin=False)[0]
    assert hangat <= 10, hangat
    _kabupaten_baru(kpu_provinsi, 13, 40)  # 30
    assert hitung() == sebelum
    hitung(dingin=False)
    assert hitung(dingin=False)[0] <= hangat
    assert "KPU Kabupaten Uji 39" in client.get(alamat[0]).content.decode()
