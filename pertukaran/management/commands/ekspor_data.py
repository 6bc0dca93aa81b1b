"""python manage.py ekspor_data --satker 6210 --tahun 2024 [--output buku-data-6210-2024.xlsx]

Writes the full data workbook of a satker and year (docs/buku_data.md).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from laporan.buku_data import ekspor_data
from satker.models import Satker


class Command(BaseCommand):
    help = "Mengekspor seluruh data satu satker dan tahun ke satu buku kerja .xlsx (buku data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--satker", required=True, help="Kode satker, mis. 6210")
        parser.add_argument("--tahun", required=True, type=int, help="Tahun, mis. 2024")
        parser.add_argument(
            "--output", help="Berkas keluaran; bawaan buku-data-<satker>-<tahun>.xlsx"
        )

    def handle(self, *args, **options) -> None:
        satker = Satker.objects.filter(kode=options["satker"]).first()
        if satker is None:
            raise CommandError(f"Satker dengan kode {options['satker']} tidak ditemukan.")
        tahun = options["tahun"]
        if not 2000 <= tahun <= 2100:
            raise CommandError(f"Tahun {tahun} tidak dikenal.")
        path = Path(options["output"] or f"buku-data-{satker.kode}-{tahun}.xlsx")
        path.write_bytes(ekspor_data(satker=satker, tahun=tahun))
        if options["verbosity"] >= 1:
            self.stdout.write(f"Buku data {satker.nama} tahun {tahun} ditulis ke {path}.")
