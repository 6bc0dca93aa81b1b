"""Load the KPU Kabupaten Gunung Mas 2024 demo data (``demo/gunung_mas``), idempotently.

Every row is upserted by its natural key and saved only when a value differs, so a second run
changes nothing (not even ``auto_now`` timestamps). Child lists that the seed fully describes
(Renstra items, PK programmes/sasaran/indikator/dokumen, realisations of the seeded indicators,
the RKT and the category scale) lose rows the seed no longer has; budget lines and narrative
are only upserted, never deleted, so imported or typed data beside them survives. The two
organisation charts are drawn by ``demo/gunung_mas/struktur.py``; their files are rewritten only
when the drawn bytes differ from the stored ones.
"""

import datetime
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import models, transaction
from django.db.models.fields.files import FieldFile

from anggaran.models import BarisAnggaran, Tingkat
from demo.gunung_mas import data, struktur
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
from renstra.models import IndikatorSasaran, MaknaVisi, Misi, Renstra, SasaranStrategis, Tujuan
from satker.models import Satker

NARASI_DIR = Path(data.__file__).resolve().parent / "narasi"
M = TypeVar("M", bound=models.Model)


def _desimal(nilai: str | None) -> Decimal | None:
    return None if nilai is None else Decimal(nilai)


def upsert(model: type[M], kunci: dict, nilai: dict) -> M:
    """Get the row by ``kunci``; create it, or save it only if a value in ``nilai`` differs."""
    obj = model.objects.filter(**kunci).first()
    if obj is None:
        return model.objects.create(**kunci, **nilai)
    beda = {nama: isi for nama, isi in nilai.items() if getattr(obj, nama) != isi}
    if beda:
        for nama, isi in beda.items():
            setattr(obj, nama, isi)
        obj.save()
    return obj


def hapus_sisa(queryset: models.QuerySet, dipakai: list[int]) -> None:
    """Delete the rows of a fully owned child list that the seed no longer has."""
    queryset.exclude(pk__in=dipakai).delete()


def parse_target(target: str | list[str] | None) -> dict:
    """'100 %' -> 100 and '%'; '1 laporan' -> 1 and 'laporan'; a list -> a document target."""
    if isinstance(target, list):
        return {"jenis_target": JenisTarget.DOKUMEN, "target": None, "satuan": ""}
    if target is None:
        return {"jenis_target": JenisTarget.ANGKA, "target": None, "satuan": ""}
    angka, satuan = target.split(" ", 1)
    return {"jenis_target": JenisTarget.ANGKA, "target": Decimal(angka), "satuan": satuan}


def simpan_berkas(berkas: FieldFile, nama: str, isi: bytes) -> None:
    """Store ``isi`` under the storage name the field gives ``nama``, unless it is already there.

    The old file (and a stale one under the target name) is deleted first, so the storage never
    has to invent a new name (``..._abc123.png``) and a rerun leaves exactly one file per row.
    """
    tujuan = berkas.field.generate_filename(berkas.instance, nama)
    if berkas.name == tujuan and berkas.storage.exists(tujuan):
        with berkas.storage.open(tujuan, "rb") as lama:
            if lama.read() == isi:
                return
    if berkas.name:
        berkas.storage.delete(berkas.name)
    berkas.storage.delete(tujuan)
    berkas.save(nama, ContentFile(isi), save=True)


class Command(BaseCommand):
    help = "Memuat data demo KPU Kabupaten Gunung Mas (LKjIP 2024); aman dijalankan berulang."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            kode, profil = (
                data.SATKER["kode"],
                {k: v for k, v in data.SATKER.items() if k != "kode"},
            )
            satker = upsert(Satker, {"kode": kode}, profil)
            self.muat_kategori(satker)
            renstra = self.muat_renstra(satker)
            self.muat_rkt(satker)
            jumlah_indikator = self.muat_pk(satker)
            jumlah_anggaran = self.muat_anggaran(satker)
            self.muat_laporan(satker)
            self.muat_gambar(satker)
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"Data {satker.nama} dimuat: {renstra.sasaran.count()} sasaran renstra, "
                f"{jumlah_indikator} indikator PK, {jumlah_anggaran} baris anggaran, "
                f"{len(data.NARASI_2024)} narasi."
            )

    def muat_kategori(self, satker: Satker) -> None:
        # The scale belongs to a year (docs/pengesahan.md): the same one for each demo year.
        dipakai = [
            upsert(
                KategoriCapaian,
                {"satker": satker, "tahun": tahun, "urutan": urutan},
                {"nama": nama, "batas_bawah": _desimal(batas), "termasuk_batas": termasuk},
            ).pk
            for tahun in data.ANGGARAN
            for urutan, nama, batas, termasuk in data.KATEGORI_CAPAIAN
        ]
        hapus_sisa(satker.kategori_capaian.all(), dipakai)

    def muat_renstra(self, satker: Satker) -> Renstra:
        r = data.RENSTRA
        renstra = upsert(
            Renstra,
            {"satker": satker, "tahun_mulai": r["tahun_mulai"]},
            {k: r[k] for k in ("tahun_selesai", "nomor_keputusan", "visi")},
        )
        butir = [
            (MaknaVisi, [{"kata_kunci": k, "uraian": u} for k, u in r["makna_visi"]]),
            (Misi, [{"uraian": u} for u in r["misi"]]),
            (Tujuan, [{"uraian": u} for u in r["tujuan"]]),
            (SasaranStrategis, [{"uraian": u} for u, _ in r["sasaran"]]),
        ]
        for model, daftar in butir:
            dipakai = [
                upsert(model, {"renstra": renstra, "urutan": i}, nilai).pk
                for i, nilai in enumerate(daftar, 1)
            ]
            hapus_sisa(model.objects.filter(renstra=renstra), dipakai)
        for i, (_, indikator) in enumerate(r["sasaran"], 1):
            sasaran = renstra.sasaran.get(urutan=i)
            dipakai = [
                upsert(
                    IndikatorSasaran,
                    {"sasaran": sasaran, "urutan": j},
                    {"nama": nama, "satuan": satuan, "polaritas": polaritas},
                ).pk
                for j, (nama, satuan, polaritas) in enumerate(indikator, 1)
            ]
            hapus_sisa(sasaran.indikator.all(), dipakai)
        return renstra

    def muat_rkt(self, satker: Satker) -> None:
        tahun = data.PK_2024["tahun"]
        dipakai = [
            upsert(
                BarisRKT,
                {"satker": satker, "tahun": tahun, "urutan": i},
                {
                    "program_kode": kode,
                    "program_nama": data.PROGRAM[kode],
                    "sasaran": sasaran,
                    "indikator": indikator,
                    "kode_kegiatan": kegiatan,
                },
            ).pk
            for i, (kode, sasaran, indikator, kegiatan) in enumerate(data.RKT_2024, 1)
        ]
        hapus_sisa(BarisRKT.objects.filter(satker=satker, tahun=tahun), dipakai)

    def muat_pk(self, satker: Satker) -> int:
        pk = data.PK_2024
        kepala = {k: v for k, v in pk.items() if k not in ("tahun", "versi", "program")}
        perjanjian = upsert(
            PerjanjianKinerja,
            {"satker": satker, "tahun": pk["tahun"], "versi": pk["versi"]},
            kepala,
        )
        program_dipakai, jumlah = [], 0
        for urutan, (kode, per_bagian) in enumerate(pk["program"], 1):
            program = upsert(
                ProgramPK,
                {"perjanjian": perjanjian, "urutan": urutan},
                {"kode": kode, "nama": data.PROGRAM[kode]},
            )
            program_dipakai.append(program.pk)
            sasaran_dipakai = []
            for bagian, kelompok_daftar in per_bagian.items():
                baris = [(k, s) for k, daftar in kelompok_daftar for s in daftar]
                for i, (kelompok, (nomor, uraian, kegiatan, indikator)) in enumerate(baris, 1):
                    sasaran = upsert(
                        SasaranPK,
                        {"program": program, "bagian": bagian, "urutan": i},
                        {"nomor": nomor, "uraian": uraian, "kelompok": kelompok},
                    )
                    sasaran_dipakai.append(sasaran.pk)
                    self.muat_indikator(sasaran, kegiatan, indikator)
                    jumlah += len(indikator)
            hapus_sisa(program.sasaran.all(), sasaran_dipakai)
        hapus_sisa(perjanjian.program.all(), program_dipakai)
        return jumlah

    def muat_indikator(self, sasaran: SasaranPK, kegiatan: str, daftar: list) -> None:
        dipakai = []
        for urutan, (nama, target, *realisasi) in enumerate(daftar, 1):
            indikator = upsert(
                IndikatorKinerja,
                {"sasaran": sasaran, "urutan": urutan},
                {"nama": nama, "kode_kegiatan": kegiatan, **parse_target(target)},
            )
            dipakai.append(indikator.pk)
            dokumen = target if isinstance(target, list) else []
            dokumen_dipakai = [
                upsert(DokumenWajib, {"indikator": indikator, "urutan": i}, {"nama": n}).pk
                for i, n in enumerate(dokumen, 1)
            ]
            hapus_sisa(indikator.dokumen_wajib.all(), dokumen_dipakai)
            # The seed gives only the annual value: it is the last quarter's (nilai akhir).
            realisasi_dipakai = [
                upsert(
                    Realisasi,
                    {"indikator": indikator, "triwulan": Triwulan.TW4},
                    {"nilai": Decimal(nilai)},
                ).pk
                for nilai in realisasi
            ]
            hapus_sisa(indikator.realisasi.all(), realisasi_dipakai)
        hapus_sisa(sasaran.indikator.all(), dipakai)

    def muat_anggaran(self, satker: Satker) -> int:
        jumlah = 0
        for tahun, daftar_program in data.ANGGARAN.items():
            urutan = 0
            for kode, pagu, realisasi, kegiatan in daftar_program:
                urutan += 1
                program = upsert(
                    BarisAnggaran,
                    {"satker": satker, "tahun": tahun, "kode": kode},
                    {
                        "induk": None,
                        "tingkat": Tingkat.PROGRAM,
                        "uraian": data.PROGRAM[kode],
                        "pagu": _desimal(pagu),
                        "realisasi": _desimal(realisasi),
                        "urutan": urutan,
                    },
                )
                for kode_kegiatan, pagu_k, realisasi_k in kegiatan:
                    urutan += 1
                    upsert(
                        BarisAnggaran,
                        {"satker": satker, "tahun": tahun, "kode": f"{kode}.{kode_kegiatan}"},
                        {
                            "induk": program,
                            "tingkat": Tingkat.KEGIATAN,
                            "uraian": data.KEGIATAN[kode_kegiatan],
                            "pagu": _desimal(pagu_k),
                            "realisasi": _desimal(realisasi_k),
                            "urutan": urutan,
                        },
                    )
                jumlah += 1 + len(kegiatan)
        return jumlah

    def muat_laporan(self, satker: Satker) -> None:
        lap = data.LAPORAN_2024
        upsert(
            Laporan,
            {"satker": satker, "tahun": lap["tahun"]},
            {"tanggal": datetime.date.fromisoformat(lap["tanggal"]), "tempat": lap["tempat"]},
        )
        for bagian, kunci, berkas in data.NARASI_2024:
            teks = (NARASI_DIR / berkas).read_text(encoding="utf-8").strip()
            upsert(
                Narasi,
                {"satker": satker, "tahun": lap["tahun"], "bagian": bagian, "kunci": kunci},
                {"teks": teks},
            )

    def muat_gambar(self, satker: Satker) -> None:
        """Gambar 1–2, drawn from the standard structure; the seed's images are not in its text."""
        tahun = data.LAPORAN_2024["tahun"]
        pk = PerjanjianKinerja.objects.filter(satker=satker, tahun=tahun).order_by("-versi").first()
        ketua = pk.pihak_kedua_nama if pk else ""
        for nomor, judul, akar in struktur.daftar_bagan(nama_satker=satker.nama, ketua=ketua):
            gambar = upsert(
                GambarOrganisasi,
                {"satker": satker, "tahun": tahun, "nomor": nomor},
                {"judul": judul},
            )
            simpan_berkas(
                gambar.berkas,
                f"{satker.kode}-{tahun}-{nomor}.png",
                struktur.gambar_struktur(judul, akar),
            )
