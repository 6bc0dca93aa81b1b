"""What every report command shares: ``--satker`` and ``--tahun``, checked in Indonesian."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from satker.models import Satker
from satker.services import list_tahun


class PerintahLaporan(BaseCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--satker", required=True, help="Kode satker, mis. 6210.")
        parser.add_argument("--tahun", required=True, type=int, help="Tahun laporan, mis. 2024.")

    def get_satker(self, kode: str, tahun: int) -> Satker:
        try:
            satker = Satker.objects.get(kode=kode)
        except Satker.DoesNotExist as exc:
            raise CommandError(f"Satker dengan kode {kode} tidak ditemukan.") from exc
        if tahun not in list_tahun(satker=satker):
            raise CommandError(f"Tidak ada data tahun {tahun} untuk {satker.nama}.")
        return satker
