"""python manage.py impor_data buku-data.xlsx [--satker-baru KODE] [--dry-run]

Imports a full data workbook (docs/buku_data.md) into a new satker, or into an existing satker
whose year is still empty. Everything is checked first; then one transaction, or nothing.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lkjip.unggah.berkas import BATAS_UKURAN_BERKAS, MB
from pertukaran.buku_data import ImporDataDitolak, impor_data
from satker.models import Satker


class Command(BaseCommand):
    help = "Mengimpor buku data (ekspor_data) ke satker baru atau ke tahun yang masih kosong."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("berkas", help="Berkas .xlsx hasil ekspor_data")
        parser.add_argument(
            "--satker-baru",
            help="Buat satker baru dengan kode ini (profil dari buku data) alih-alih kode di buku.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Hanya periksa; tidak menyimpan apa pun."
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["berkas"])
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ditemukan.")
        if path.stat().st_size > BATAS_UKURAN_BERKAS:
            raise CommandError(
                f"Berkas berukuran {path.stat().st_size // MB} MB; batasnya "
                f"{BATAS_UKURAN_BERKAS // MB} MB."
            )
        kode_baru = options["satker_baru"]
        if kode_baru and Satker.objects.filter(kode=kode_baru).exists():
            raise CommandError(
                f"Satker {kode_baru} sudah ada; --satker-baru harus kode yang belum dipakai. "
                "Tanpa --satker-baru, buku data diimpor ke satker yang kodenya tertulis di buku "
                "(hanya bila tahunnya masih kosong)."
            )
        try:
            ringkasan = impor_data(
                berkas=path.read_bytes(),
                kode_satker=kode_baru,
                dry_run=options["dry_run"],
                nama_berkas=path.name,
            )
        except ImporDataDitolak as exc:
            daftar = "\n".join(f"- {m}" for m in exc.masalah)
            raise CommandError(
                f"Buku data tidak diimpor; tidak ada yang disimpan.\n{daftar}"
            ) from exc
        if options["verbosity"] < 1:
            return
        satker = "satker baru" if ringkasan.satker_baru else "satker yang sudah ada"
        judul = "Pemeriksaan (--dry-run, tidak disimpan)" if ringkasan.dry_run else "Diimpor"
        self.stdout.write(f"{judul}: {satker} {ringkasan.kode_satker}, tahun {ringkasan.tahun}.")
        for lembar, jumlah in ringkasan.jumlah.items():
            if jumlah:
                self.stdout.write(f"  {lembar}: {jumlah} baris")
        for catatan in ringkasan.catatan:
            self.stdout.write(f"  Catatan: {catatan}")
