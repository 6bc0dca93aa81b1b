"""Fill the database with the synthetic national data of ``pertukaran/demo/nasional.py``.

Written with ``bulk_create`` in batches of satker, one transaction per batch, so the whole
country (552 satker × 5 years, about a million rows) takes minutes. Signals (history, the
signed-year guard) do not fire for bulk inserts: this is test data, not user work.

Idempotent: a satker already present is reused, and a satker-year that already has a
Perjanjian Kinerja or budget lines is left as it is, so a second run adds nothing and an
interrupted run can be resumed."""

import datetime
import io
import time
from collections import defaultdict
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from PIL import Image

from anggaran.models import BarisAnggaran
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
from laporan.models import Laporan, Narasi
from pertukaran.demo import nasional
from pertukaran.demo.gunung_mas import data as gunung_mas
from renstra.models import (
    IndikatorSasaran,
    MaknaVisi,
    Misi,
    Renstra,
    SasaranStrategis,
    TargetRenstra,
    Tujuan,
)
from satker.models import Satker

UKURAN_BATCH = 5000
TINGKAT_URUT = ["program", "kegiatan", "kro", "ro", "komponen"]


def _milik(teks: str, satker: Satker) -> str:
    """The Gunung Mas Renstra text, speaking of this satker."""
    return teks.replace("KPU Kabupaten Gunung Mas", satker.nama).replace(
        "Kabupaten Gunung Mas", satker.wilayah
    )


def parse_tahun(teks: str) -> list[int]:
    """'2024' or '2020-2024'."""
    try:
        if "-" in teks:
            awal, akhir = (int(x) for x in teks.split("-", 1))
        else:
            awal = akhir = int(teks)
    except ValueError as exc:
        raise CommandError("--tahun berupa tahun (2024) atau rentang (2020-2024).") from exc
    if not 2000 <= awal <= akhir <= 2100:
        raise CommandError("--tahun harus di antara 2000 dan 2100, awal tidak setelah akhir.")
    return list(range(awal, akhir + 1))


class Command(BaseCommand):
    help = (
        "Isi basis data dengan data nasional sintetis (38 KPU Provinsi + 514 KPU Kabupaten/Kota "
        "× 5 tahun) untuk uji beban dan skala; aman dijalankan ulang."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--satker", type=int, default=552, help="Jumlah satker (bawaan 552: seluruh negeri)."
        )
        parser.add_argument("--tahun", default="2020-2024", help="Tahun atau rentang tahun.")
        parser.add_argument(
            "--seed", type=int, default=1, help="Benih acak (hasil sama per benih)."
        )
        parser.add_argument("--batch", type=int, default=20, help="Satker per transaksi.")
        parser.add_argument(
            "--kode",
            default="",
            help="Hanya satker berkode ini (dipisah koma), dengan data yang sama seperti dalam "
            "data nasional: untuk basis data pembanding satu satker.",
        )

    def handle(
        self, *args, satker: int, tahun: str, seed: int, batch: int, kode: str, **options
    ) -> None:
        semua = nasional.list_satker(seed=seed)
        if not 1 <= satker <= len(semua):
            raise CommandError(f"--satker harus 1 sampai {len(semua)}.")
        daftar_tahun = parse_tahun(tahun)
        profil = semua[:satker]
        if kode:
            diminta = {k.strip() for k in kode.split(",") if k.strip()}
            profil = [p for p in semua if p.kode in diminta]
            if len(profil) != len(diminta):
                tidak_ada = ", ".join(sorted(diminta - {p.kode for p in profil}))
                raise CommandError(f"Kode satker tidak ada dalam data nasional: {tidak_ada}.")
        mulai = time.monotonic()
        jumlah = defaultdict(int)
        sumber = nasional.SumberNasional(seed=seed)
        for i in range(0, len(profil), batch):
            with transaction.atomic():
                hasil = write_batch(profil[i : i + batch], daftar_tahun, sumber)
            for k, v in hasil.items():
                jumlah[k] += v
            if options["verbosity"] >= 2:
                self.stdout.write(f"{min(i + batch, len(profil))}/{len(profil)} satker")
        vacuum_analyze()
        detik = time.monotonic() - mulai
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"{jumlah['satker']} satker baru, {jumlah['tahun']} satker-tahun baru "
                f"({jumlah['indikator']} indikator, {jumlah['anggaran']} baris anggaran), "
                f"{jumlah['dilewati']} satker-tahun sudah ada, dalam {detik:.1f} detik."
            )


LAMBANG_UJI = "logo/lambang-uji-nasional.png"


def simpan_lambang_uji() -> str:
    """One plain generated emblem shared by the generated satker (a report's cover and letterhead
    need one: a satker without it has a galat), written once into the media storage."""
    if not default_storage.exists(LAMBANG_UJI):
        gambar = io.BytesIO()
        Image.new("RGB", (240, 240), "#8a1c1c").save(gambar, "PNG")
        default_storage.save(LAMBANG_UJI, ContentFile(gambar.getvalue()))
    return LAMBANG_UJI


def write_batch(
    profil: list[nasional.ProfilSatker], daftar_tahun: list[int], sumber: nasional.SumberData
) -> dict[str, int]:
    """The satker of ``profil`` and, for every year of ``daftar_tahun`` that has neither a PK nor
    budget lines yet, what ``sumber`` gives: PK, RKT, budget, report and narrative. The Renstra
    and the category scale are the national ones (the Gunung Mas text, speaking of the satker)."""
    ada = {s.kode: s for s in Satker.objects.filter(kode__in=[p.kode for p in profil])}
    lambang = simpan_lambang_uji()
    baru = [
        Satker(
            kode=p.kode,
            jenis=p.jenis,
            nama=p.nama,
            nama_lengkap=p.nama_lengkap,
            wilayah=p.wilayah,
            provinsi=p.provinsi,
            kedudukan=p.kedudukan,
            alamat=p.alamat,
            logo=lambang,
        )
        for p in profil
        if p.kode not in ada
    ]
    Satker.objects.bulk_create(baru)
    # Re-read: bulk_create sets primary keys on PostgreSQL and SQLite, but not everywhere.
    objek = {s.kode: s for s in Satker.objects.filter(kode__in=[p.kode for p in profil])}
    write_induk(objek.values())
    sudah = set(
        PerjanjianKinerja.objects.filter(satker__in=objek.values()).values_list(
            "satker__kode", "tahun"
        )
    ) | set(
        BarisAnggaran.objects.filter(satker__in=objek.values())
        .values_list("satker__kode", "tahun")
        .distinct()
    )
    pasangan = [
        (p, objek[p.kode], t) for p in profil for t in daftar_tahun if (p.kode, t) not in sudah
    ]
    write_kategori(objek.values(), min(daftar_tahun))
    write_renstra(objek.values())
    jumlah_indikator = write_pk(pasangan, sumber)
    jumlah_anggaran = write_anggaran(pasangan, sumber)
    write_laporan(pasangan, sumber)
    return {
        "satker": len(baru),
        "tahun": len(pasangan),
        "dilewati": len(profil) * len(daftar_tahun) - len(pasangan),
        "indikator": jumlah_indikator,
        "anggaran": jumlah_anggaran,
    }


KODE_RI = "00"


def get_kpu_ri() -> Satker:
    """KPU RI, the top of the hierarchy (docs/pemantauan.md); created when absent, never changed
    when present."""
    ri, _ = Satker.objects.get_or_create(
        kode=KODE_RI,
        defaults={
            "jenis": Satker.Jenis.PUSAT,
            "nama": "KPU RI",
            "nama_lengkap": "Komisi Pemilihan Umum Republik Indonesia",
            "wilayah": "Indonesia",
            "provinsi": "DKI Jakarta",
            "kedudukan": "Jakarta",
            "alamat": "Jl. Imam Bonjol No. 29, Jakarta Pusat",
        },
    )
    return ri


def write_induk(satker) -> None:
    """Each satker's parent where it has none: a province under KPU RI (created with the first
    province), a kabupaten/kota under the province of its code's first two digits (when that
    province exists). A parent already
    set, by a user or an earlier run, is kept."""
    tanpa_induk = [s for s in satker if s.induk_id is None and s.jenis != Satker.Jenis.PUSAT]
    if not tanpa_induk:
        return
    provinsi_baru = [s.pk for s in tanpa_induk if s.jenis == Satker.Jenis.PROVINSI]
    if provinsi_baru:
        Satker.objects.filter(pk__in=provinsi_baru, induk__isnull=True).update(induk=get_kpu_ri())
    daerah = defaultdict(list)
    for s in tanpa_induk:
        if s.jenis in (Satker.Jenis.KABUPATEN, Satker.Jenis.KOTA):
            daerah[s.kode[:2]].append(s.pk)
    provinsi = dict(
        Satker.objects.filter(kode__in=daerah.keys(), jenis=Satker.Jenis.PROVINSI).values_list(
            "kode", "pk"
        )
    )
    for kode, ids in daerah.items():
        if kode in provinsi:
            Satker.objects.filter(pk__in=ids, induk__isnull=True).update(induk_id=provinsi[kode])


def write_kategori(satker, tahun: int) -> None:
    """The scale from the first year on (later years use it: kinerja.services.get_skala)."""
    punya = set(
        KategoriCapaian.objects.filter(satker__in=satker).values_list("satker_id", flat=True)
    )
    KategoriCapaian.objects.bulk_create(
        [
            KategoriCapaian(
                satker=s,
                tahun=tahun,
                urutan=urutan,
                nama=nama,
                batas_bawah=None if batas is None else Decimal(batas),
                termasuk_batas=termasuk,
            )
            for s in satker
            if s.pk not in punya
            for urutan, nama, batas, termasuk in gunung_mas.KATEGORI_CAPAIAN
        ]
    )


def write_renstra(satker) -> None:
    """The national Renstra 2020–2024 (the same text for every KPU), minimal: visi, its
    keywords, misi, tujuan, sasaran with indicators and a target for each year."""
    r = gunung_mas.RENSTRA
    punya = set(Renstra.objects.filter(satker__in=satker).values_list("satker_id", flat=True))
    renstra = Renstra.objects.bulk_create(
        [
            Renstra(
                satker=s,
                tahun_mulai=r["tahun_mulai"],
                tahun_selesai=r["tahun_selesai"],
                nomor_keputusan=f"01/PR.01.3-Kpt/{s.kode}/KPU/I/{r['tahun_mulai']}",
                visi=r["visi"],
            )
            for s in satker
            if s.pk not in punya
        ]
    )
    MaknaVisi.objects.bulk_create(
        MaknaVisi(renstra=x, urutan=i, kata_kunci=k, uraian=u)
        for x in renstra
        for i, (k, u) in enumerate(r["makna_visi"], 1)
    )
    Misi.objects.bulk_create(
        Misi(renstra=x, urutan=i, uraian=u) for x in renstra for i, u in enumerate(r["misi"], 1)
    )
    Tujuan.objects.bulk_create(
        Tujuan(renstra=x, urutan=i, uraian=_milik(u, x.satker))
        for x in renstra
        for i, u in enumerate(r["tujuan"], 1)
    )
    sasaran = SasaranStrategis.objects.bulk_create(
        SasaranStrategis(renstra=x, urutan=i, uraian=_milik(u, x.satker))
        for x in renstra
        for i, (u, _) in enumerate(r["sasaran"], 1)
    )
    indikator_spec = {i: daftar for i, (_, daftar) in enumerate(r["sasaran"], 1)}
    indikator = IndikatorSasaran.objects.bulk_create(
        IndikatorSasaran(
            sasaran=s,
            urutan=j,
            nama=_milik(nama, s.renstra.satker),
            satuan=satuan,
            polaritas=polaritas,
        )
        for s in sasaran
        for j, (nama, satuan, polaritas) in enumerate(indikator_spec[s.urutan], 1)
    )
    TargetRenstra.objects.bulk_create(
        (
            TargetRenstra(
                indikator=ind,
                tahun=t,
                nilai=Decimal(2 if ind.polaritas == "negatif" else 100),
            )
            for ind in indikator
            for t in range(r["tahun_mulai"], r["tahun_selesai"] + 1)
        ),
        batch_size=UKURAN_BATCH,
    )


def write_pk(pasangan, sumber: nasional.SumberData) -> int:
    perjanjian, spesifikasi = [], []
    for p, s, tahun in pasangan:
        kepala, program = sumber.pk(p, tahun)
        perjanjian.append(
            PerjanjianKinerja(
                satker=s,
                tahun=tahun,
                versi=1,
                jenis=PerjanjianKinerja.Jenis.AWAL,
                tanggal=kepala.tanggal,
                pihak_pertama_nama=kepala.pihak_pertama_nama,
                pihak_pertama_nip=kepala.pihak_pertama_nip,
                pihak_kedua_nama=kepala.pihak_kedua_nama,
            )
        )
        spesifikasi.append((s, tahun, program))
    PerjanjianKinerja.objects.bulk_create(perjanjian)
    program, sasaran_semua = [], []
    for pk, (_, _, spec) in zip(perjanjian, spesifikasi, strict=True):
        for urutan, prog in enumerate(spec, 1):
            program.append(ProgramPK(perjanjian=pk, urutan=urutan, kode=prog.kode, nama=prog.nama))
    ProgramPK.objects.bulk_create(program)
    program_iter = iter(program)
    pasangan_sasaran = []
    rkt = []
    for _, (s, tahun, spec) in zip(perjanjian, spesifikasi, strict=True):
        urutan_rkt = 0
        for prog in spec:
            obj_program = next(program_iter)
            per_bagian: dict[str, int] = defaultdict(int)
            for sas in prog.sasaran:
                per_bagian[sas.bagian] += 1
                obj = SasaranPK(
                    program=obj_program,
                    bagian=sas.bagian,
                    urutan=per_bagian[sas.bagian],
                    nomor=sas.nomor,
                    uraian=sas.uraian,
                    kelompok=sas.kelompok,
                )
                sasaran_semua.append(obj)
                pasangan_sasaran.append((obj, sas))
                if sas.bagian == "kinerja":
                    for ind in sas.indikator:
                        urutan_rkt += 1
                        rkt.append(
                            BarisRKT(
                                satker=s,
                                tahun=tahun,
                                program_kode=prog.kode,
                                program_nama=prog.nama,
                                urutan=urutan_rkt,
                                sasaran=sas.uraian,
                                indikator=ind.nama,
                                kode_kegiatan=ind.kode_kegiatan,
                            )
                        )
    SasaranPK.objects.bulk_create(sasaran_semua, batch_size=UKURAN_BATCH)
    BarisRKT.objects.bulk_create(rkt, batch_size=UKURAN_BATCH)
    indikator, pasangan_indikator = [], []
    for obj, sas in pasangan_sasaran:
        for urutan, ind in enumerate(sas.indikator, 1):
            o = IndikatorKinerja(
                sasaran=obj,
                urutan=urutan,
                nama=ind.nama,
                kode_kegiatan=ind.kode_kegiatan,
                polaritas=ind.polaritas,
                agregasi=ind.agregasi,
                jenis_target=JenisTarget.DOKUMEN if ind.dokumen else JenisTarget.ANGKA,
                target=ind.target,
                satuan=ind.satuan,
                **(
                    {"penyebab": nasional.PENYEBAB_UJI, "solusi": nasional.SOLUSI_UJI}
                    if nasional.perlu_analisis(ind)
                    else {}
                ),
            )
            indikator.append(o)
            pasangan_indikator.append((o, ind))
    IndikatorKinerja.objects.bulk_create(indikator, batch_size=UKURAN_BATCH)
    DokumenWajib.objects.bulk_create(
        (
            DokumenWajib(
                indikator=o,
                urutan=i,
                nama=nama,
                tersedia=ind.dokumen_tersedia[i - 1] if ind.dokumen_tersedia else None,
            )
            for o, ind in pasangan_indikator
            for i, nama in enumerate(ind.dokumen, 1)
        ),
        batch_size=UKURAN_BATCH,
    )
    Realisasi.objects.bulk_create(
        (
            Realisasi(indikator=o, triwulan=tw, nilai=nilai)
            for o, ind in pasangan_indikator
            for tw, nilai in enumerate(ind.realisasi, 1)
        ),
        batch_size=UKURAN_BATCH,
    )
    return len(indikator)


def write_anggaran(pasangan, sumber: nasional.SumberData) -> int:
    per_tingkat: dict[str, list[tuple[BarisAnggaran, tuple, str | None]]] = defaultdict(list)
    for p, s, tahun in pasangan:
        for b in sumber.anggaran(p, tahun):
            obj = BarisAnggaran(
                satker=s,
                tahun=tahun,
                kode=b.kode,
                tingkat=b.tingkat,
                uraian=b.uraian,
                pagu=b.pagu,
                realisasi=b.realisasi,
                urutan=b.urutan,
                catatan=b.catatan,
            )
            per_tingkat[b.tingkat].append((obj, (s.pk, tahun), b.induk))
    # Level by level, so every parent has its primary key before its children are written.
    induk: dict[tuple, BarisAnggaran] = {}
    jumlah = 0
    for tingkat in TINGKAT_URUT:
        baris = per_tingkat.get(tingkat, [])
        for obj, kunci, kode_induk in baris:
            if kode_induk is not None:
                obj.induk = induk[(*kunci, kode_induk)]
        BarisAnggaran.objects.bulk_create([b[0] for b in baris], batch_size=UKURAN_BATCH)
        for obj, kunci, _ in baris:
            if tingkat != "komponen":
                induk[(*kunci, obj.kode)] = obj
        jumlah += len(baris)
    return jumlah


def write_laporan(pasangan, sumber: nasional.SumberData) -> None:
    punya = set(
        Laporan.objects.filter(satker__in={s for _, s, _ in pasangan}).values_list(
            "satker_id", "tahun"
        )
    )
    Laporan.objects.bulk_create(
        Laporan(
            satker=s,
            tahun=tahun,
            tanggal=datetime.date(tahun + 1, 1, 5 + int(p.kode) % 20),
            tempat=p.kedudukan,
        )
        for p, s, tahun in pasangan
        if (s.pk, tahun) not in punya
    )
    Narasi.objects.bulk_create(
        (
            Narasi(satker=s, tahun=tahun, bagian=bagian, kunci=kunci, teks=teks)
            for p, s, tahun in pasangan
            for bagian, kunci, teks in sumber.narasi(p, tahun)
        ),
        batch_size=UKURAN_BATCH,
        ignore_conflicts=True,
    )


def vacuum_analyze() -> None:
    """Fresh planner statistics after a bulk load (PostgreSQL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
