"""Load the KPU Kabupaten Gunung Mas 2024 demo data (``pertukaran/demo/gunung_mas``) where it is
missing.

`make run` runs this on every start, so it must never touch what users did since: it only ever
creates, and it works in whole units — the satker, the category scale, a Renstra, a year's RKT, a
PK version (with its programmes, sasaran, indicators, document checklists and realisations), a
year's budget, a year's report and its narrative, an organisation chart. A unit that already has
a row is left exactly as it is, even when its rows differ from the seed or some were deleted: a
realisation the Operator typed or removed, an edited narrative, an uploaded evidence file, a
budget line changed by an import. The only repair is an organisation chart whose file is gone
from the storage (nobody's work is in a missing file): it is drawn again. To start over from the
seed, load it into an empty database.
"""

import datetime
from decimal import Decimal
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models.fields.files import FieldFile

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
    Triwulan,
)
from laporan.models import GambarOrganisasi, Laporan, Narasi
from pertukaran.demo.gunung_mas import data, struktur
from renstra.models import IndikatorSasaran, MaknaVisi, Misi, Renstra, SasaranStrategis, Tujuan
from satker.models import Satker

NARASI_DIR = Path(data.__file__).resolve().parent / "narasi"


def _desimal(nilai: str | None) -> Decimal | None:
    return None if nilai is None else Decimal(nilai)


def parse_target(target: str | list[str] | None) -> dict:
    """'100 %' -> 100 and '%'; '1 laporan' -> 1 and 'laporan'; a list -> a document target."""
    if isinstance(target, list):
        return {"jenis_target": JenisTarget.DOKUMEN, "target": None, "satuan": ""}
    if target is None:
        return {"jenis_target": JenisTarget.ANGKA, "target": None, "satuan": ""}
    angka, satuan = target.split(" ", 1)
    return {"jenis_target": JenisTarget.ANGKA, "target": Decimal(angka), "satuan": satuan}


def simpan_berkas(berkas: FieldFile, nama: str, isi: bytes) -> None:
    """Store ``isi`` under the storage name the field gives ``nama`` and save the row. A stale
    file under that name is removed first, so the storage never has to invent a new name
    (``..._abc123.png``)."""
    berkas.storage.delete(berkas.field.generate_filename(berkas.instance, nama))
    berkas.save(nama, ContentFile(isi), save=True)


class Command(BaseCommand):
    help = (
        "Memuat data demo KPU Kabupaten Gunung Mas (LKjIP 2024) ke bagian yang belum ada. "
        "Aman dijalankan berulang: data yang sudah ada (termasuk yang diubah pengguna: "
        "realisasi, narasi, bukti dukung, anggaran) tidak pernah diubah atau dihapus. Untuk "
        "kembali ke data demo asli, muat ke basis data yang kosong."
    )

    def handle(self, *args, **options) -> None:
        self.dimuat: list[str] = []
        with transaction.atomic():
            kode = data.SATKER["kode"]
            satker = Satker.objects.filter(kode=kode).first()
            if satker is None:
                profil = {k: v for k, v in data.SATKER.items() if k != "kode"}
                satker = Satker.objects.create(kode=kode, **profil)
                self.dimuat.append("profil satker")
            self.muat_kategori(satker)
            self.muat_renstra(satker)
            self.muat_rkt(satker)
            self.muat_pk(satker)
            self.muat_anggaran(satker)
            self.muat_laporan(satker)
            self.muat_gambar(satker)
        if options["verbosity"] >= 1:
            if self.dimuat:
                self.stdout.write(f"Data demo {satker.nama} dimuat: {', '.join(self.dimuat)}.")
            else:
                self.stdout.write(
                    f"Data demo {satker.nama} sudah ada; tidak ada yang diubah "
                    "(data yang sudah ada tidak pernah ditimpa)."
                )

    def muat_kategori(self, satker: Satker) -> None:
        # The scale belongs to a year (docs/pengesahan.md): the same one for each demo year,
        # added only to a year that has none.
        for tahun in data.ANGGARAN:
            if satker.kategori_capaian.filter(tahun=tahun).exists():
                continue
            for urutan, nama, batas, termasuk in data.KATEGORI_CAPAIAN:
                KategoriCapaian.objects.create(
                    satker=satker,
                    tahun=tahun,
                    urutan=urutan,
                    nama=nama,
                    batas_bawah=_desimal(batas),
                    termasuk_batas=termasuk,
                )
            self.dimuat.append(f"skala kategori capaian {tahun}")

    def muat_renstra(self, satker: Satker) -> None:
        r = data.RENSTRA
        if Renstra.objects.filter(satker=satker, tahun_mulai=r["tahun_mulai"]).exists():
            return
        renstra = Renstra.objects.create(
            satker=satker,
            tahun_mulai=r["tahun_mulai"],
            **{k: r[k] for k in ("tahun_selesai", "nomor_keputusan", "visi")},
        )
        butir = [
            (MaknaVisi, [{"kata_kunci": k, "uraian": u} for k, u in r["makna_visi"]]),
            (Misi, [{"uraian": u} for u in r["misi"]]),
            (Tujuan, [{"uraian": u} for u in r["tujuan"]]),
        ]
        for model, daftar in butir:
            for i, nilai in enumerate(daftar, 1):
                model.objects.create(renstra=renstra, urutan=i, **nilai)
        for i, (uraian, indikator) in enumerate(r["sasaran"], 1):
            sasaran = SasaranStrategis.objects.create(renstra=renstra, urutan=i, uraian=uraian)
            for j, (nama, satuan, polaritas) in enumerate(indikator, 1):
                IndikatorSasaran.objects.create(
                    sasaran=sasaran, urutan=j, nama=nama, satuan=satuan, polaritas=polaritas
                )
        self.dimuat.append(
            f"Renstra {r['tahun_mulai']}–{r['tahun_selesai']} ({len(r['sasaran'])} sasaran)"
        )

    def muat_rkt(self, satker: Satker) -> None:
        tahun = data.PK_2024["tahun"]
        if BarisRKT.objects.filter(satker=satker, tahun=tahun).exists():
            return
        for i, (kode, sasaran, indikator, kegiatan) in enumerate(data.RKT_2024, 1):
            BarisRKT.objects.create(
                satker=satker,
                tahun=tahun,
                urutan=i,
                program_kode=kode,
                program_nama=data.PROGRAM[kode],
                sasaran=sasaran,
                indikator=indikator,
                kode_kegiatan=kegiatan,
            )
        self.dimuat.append(f"RKT {tahun}")

    def muat_pk(self, satker: Satker) -> None:
        pk = data.PK_2024
        kunci = {"satker": satker, "tahun": pk["tahun"], "versi": pk["versi"]}
        if PerjanjianKinerja.objects.filter(**kunci).exists():
            return
        kepala = {k: v for k, v in pk.items() if k not in ("tahun", "versi", "program")}
        perjanjian = PerjanjianKinerja.objects.create(**kunci, **kepala)
        jumlah = 0
        for urutan, (kode, per_bagian) in enumerate(pk["program"], 1):
            program = ProgramPK.objects.create(
                perjanjian=perjanjian, urutan=urutan, kode=kode, nama=data.PROGRAM[kode]
            )
            for bagian, kelompok_daftar in per_bagian.items():
                baris = [(k, s) for k, daftar in kelompok_daftar for s in daftar]
                for i, (kelompok, (nomor, uraian, kegiatan, indikator)) in enumerate(baris, 1):
                    sasaran = SasaranPK.objects.create(
                        program=program,
                        bagian=bagian,
                        urutan=i,
                        nomor=nomor,
                        uraian=uraian,
                        kelompok=kelompok,
                    )
                    self.muat_indikator(sasaran, kegiatan, indikator)
                    jumlah += len(indikator)
        self.dimuat.append(f"PK {pk['tahun']} ({jumlah} indikator)")

    def muat_indikator(self, sasaran: SasaranPK, kegiatan: str, daftar: list) -> None:
        for urutan, (nama, target, *realisasi) in enumerate(daftar, 1):
            indikator = IndikatorKinerja.objects.create(
                sasaran=sasaran,
                urutan=urutan,
                nama=nama,
                kode_kegiatan=kegiatan,
                **parse_target(target),
            )
            for i, n in enumerate(target if isinstance(target, list) else [], 1):
                DokumenWajib.objects.create(indikator=indikator, urutan=i, nama=n)
            # The seed gives only the annual value: it is the last quarter's (nilai akhir).
            for nilai in realisasi:
                Realisasi.objects.create(
                    indikator=indikator, triwulan=Triwulan.TW4, nilai=Decimal(nilai)
                )

    def muat_anggaran(self, satker: Satker) -> None:
        for tahun, daftar_program in data.ANGGARAN.items():
            if BarisAnggaran.objects.filter(satker=satker, tahun=tahun).exists():
                continue
            urutan = jumlah = 0
            for kode, pagu, realisasi, kegiatan in daftar_program:
                urutan += 1
                program = BarisAnggaran.objects.create(
                    satker=satker,
                    tahun=tahun,
                    kode=kode,
                    tingkat=Tingkat.PROGRAM,
                    uraian=data.PROGRAM[kode],
                    pagu=_desimal(pagu),
                    realisasi=_desimal(realisasi),
                    urutan=urutan,
                )
                for kode_kegiatan, pagu_k, realisasi_k in kegiatan:
                    urutan += 1
                    BarisAnggaran.objects.create(
                        satker=satker,
                        tahun=tahun,
                        kode=f"{kode}.{kode_kegiatan}",
                        induk=program,
                        tingkat=Tingkat.KEGIATAN,
                        uraian=data.KEGIATAN[kode_kegiatan],
                        pagu=_desimal(pagu_k),
                        realisasi=_desimal(realisasi_k),
                        urutan=urutan,
                    )
                jumlah += 1 + len(kegiatan)
            self.dimuat.append(f"anggaran {tahun} ({jumlah} baris)")

    def muat_laporan(self, satker: Satker) -> None:
        lap = data.LAPORAN_2024
        tahun = lap["tahun"]
        if not Laporan.objects.filter(satker=satker, tahun=tahun).exists():
            Laporan.objects.create(
                satker=satker,
                tahun=tahun,
                tanggal=datetime.date.fromisoformat(lap["tanggal"]),
                tempat=lap["tempat"],
            )
            self.dimuat.append(f"laporan {tahun}")
        if Narasi.objects.filter(satker=satker, tahun=tahun).exists():
            return
        for bagian, kunci, berkas in data.NARASI_2024:
            Narasi.objects.create(
                satker=satker,
                tahun=tahun,
                bagian=bagian,
                kunci=kunci,
                teks=(NARASI_DIR / berkas).read_text(encoding="utf-8").strip(),
            )
        self.dimuat.append(f"{len(data.NARASI_2024)} narasi {tahun}")

    def muat_gambar(self, satker: Satker) -> None:
        """Gambar 1–2, drawn from the standard structure; the seed's images are not in its text."""
        tahun = data.LAPORAN_2024["tahun"]
        pk = PerjanjianKinerja.objects.filter(satker=satker, tahun=tahun).order_by("-versi").first()
        ketua = pk.pihak_kedua_nama if pk else ""
        for nomor, judul, akar in struktur.daftar_bagan(nama_satker=satker.nama, ketua=ketua):
            gambar = GambarOrganisasi.objects.filter(
                satker=satker, tahun=tahun, nomor=nomor
            ).first()
            if gambar is None:
                gambar = GambarOrganisasi(satker=satker, tahun=tahun, nomor=nomor, judul=judul)
            elif gambar.berkas.name and gambar.berkas.storage.exists(gambar.berkas.name):
                continue  # a stored file is never replaced: someone may have uploaded a better one
            simpan_berkas(
                gambar.berkas,
                f"{satker.kode}-{tahun}-{nomor}.png",
                struktur.gambar_struktur(judul, akar),
            )
            self.dimuat.append(f"gambar struktur {nomor}")
