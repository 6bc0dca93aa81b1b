"""python manage.py import_anggaran FILE --satker 6210 --tahun 2024 [--dry-run] [--ribuan]

The same reading, checks and preview as the browser flow; the command line is the confirmation,
so without --dry-run the file is applied at once (one transaction) and recorded in the history.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from anggaran.forms import tahun_terbesar
from anggaran.impor import (
    BerkasDitolak,
    ImporGagal,
    apply_impor,
    build_pratinjau,
    create_impor,
    read_anggaran,
)
from anggaran.impor.pemetaan import list_peta
from lkjip.angka import format_persen, format_rupiah
from lkjip.unggah.berkas import BATAS_UKURAN_BERKAS, MB
from satker.models import Pengguna, Satker


class Command(BaseCommand):
    help = "Mengimpor anggaran satu satker dan tahun dari berkas .xlsx (POK/RKA-K/L/DIPA/templat)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("berkas", help="Berkas .xlsx")
        parser.add_argument("--satker", required=True, help="Kode satker, mis. 6210")
        parser.add_argument("--tahun", required=True, type=int, help="Tahun anggaran, mis. 2024")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Hanya tampilkan pratinjau; tidak menyimpan apa pun.",
        )
        parser.add_argument(
            "--ribuan", action="store_true", help="Angka di berkas dalam ribuan rupiah (× 1.000)."
        )
        parser.add_argument("--pengguna", help="Nama pengguna yang dicatat sebagai pengimpor.")

    def handle(self, *args, **options) -> None:
        satker = Satker.objects.filter(kode=options["satker"]).first()
        if satker is None:
            raise CommandError(f"Satker dengan kode {options['satker']} tidak ditemukan.")
        tahun = options["tahun"]
        if not 2000 <= tahun <= tahun_terbesar():
            raise CommandError(
                f"Tahun {tahun} tidak dikenal: tahun anggaran harus 2000–{tahun_terbesar()}."
            )
        pengguna = None
        if options["pengguna"]:
            pengguna = Pengguna.objects.filter(username=options["pengguna"]).first()
            if pengguna is None:
                raise CommandError(f"Pengguna {options['pengguna']} tidak ditemukan.")
        path = Path(options["berkas"])
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ditemukan.")
        if path.stat().st_size > BATAS_UKURAN_BERKAS:
            raise CommandError(
                f"Berkas berukuran {path.stat().st_size // MB} MB; batasnya "
                f"{BATAS_UKURAN_BERKAS // MB} MB."
            )
        data = path.read_bytes()
        try:
            if options["dry_run"]:
                hasil = read_anggaran(
                    data,
                    nama_berkas=path.name,
                    ribuan=options["ribuan"],
                    peta=list_peta(satker=satker),
                )
                self.laporkan(hasil, build_pratinjau(satker=satker, tahun=tahun, baris=hasil.baris))
                if hasil.galat:
                    raise CommandError(
                        f"Berkas berisi {len(hasil.galat)} galat; tidak ada yang disimpan."
                    )
                self.stdout.write("Uji coba (--dry-run): tidak ada yang disimpan.")
                return
            with transaction.atomic():
                impor, hasil = create_impor(
                    satker=satker,
                    tahun=tahun,
                    data=data,
                    nama_berkas=path.name,
                    ribuan=options["ribuan"],
                    pengguna=pengguna,
                )
                self.laporkan(hasil, build_pratinjau(satker=satker, tahun=tahun, baris=hasil.baris))
                if hasil.galat:
                    raise CommandError(
                        f"Berkas berisi {len(hasil.galat)} galat; tidak ada yang disimpan."
                    )
                hitung = apply_impor(impor=impor)
        except BerkasDitolak as exc:
            raise CommandError(exc.pesan) from exc
        except ImporGagal as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Tersimpan: {hitung['ditambah']} baris ditambah, {hitung['diubah']} diubah, "
                f"{hitung['dihapus']} dihapus (impor #{impor.pk}, SHA-256 {impor.sha256[:12]}…)."
            )
        )

    def laporkan(self, hasil, pratinjau) -> None:
        for r in hasil.ribuan:
            self.stdout.write(
                f"Angka dalam ribuan rupiah, dikalikan 1.000: lembar “{r['lembar']}” baris "
                f"{r['baris']} menyebut “{r['teks']}”."
            )
        for d in hasil.dipetakan:
            self.stdout.write(
                f"Lembar “{d['lembar']}” dibaca dengan pemetaan kolom tersimpan: {d['keterangan']}."
            )
        for m in hasil.masalah:
            (self.stderr if m.galat else self.stdout).write(str(m))
        self.stdout.write(
            f"Pratinjau: {pratinjau.jumlah_tambah} baris ditambah, {pratinjau.jumlah_ubah} diubah, "
            f"{pratinjau.jumlah_hapus} dihapus (baris yang tidak ada di berkas dihapus)."
        )
        for t in pratinjau.total:
            inden = "" if t.tingkat == "program" else "  "
            self.stdout.write(
                f"{inden}{t.kode}: pagu {format_rupiah(t.pagu_lama)} → "
                f"{format_rupiah(t.pagu_baru)}, "
                f"realisasi {format_rupiah(t.realisasi_lama)} → {format_rupiah(t.realisasi_baru)}"
            )
        self.stdout.write(
            f"Jumlah: pagu {format_rupiah(pratinjau.baru.total_pagu)}, realisasi "
            f"{format_rupiah(pratinjau.baru.total_realisasi)}, serapan "
            f"{format_persen(pratinjau.baru.serapan)}"
        )
