import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from laporan.services import build_angka_laporan
from satker.models import Satker
from satker.services import list_tahun


class Command(BaseCommand):
    help = "Cetak semua angka laporan (LKjIP) satu satker untuk satu tahun sebagai JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--satker", required=True, help="Kode satker, mis. 6210.")
        parser.add_argument("--tahun", required=True, type=int, help="Tahun laporan, mis. 2024.")

    def handle(self, *args, satker: str, tahun: int, **options) -> None:
        try:
            objek = Satker.objects.get(kode=satker)
        except Satker.DoesNotExist as exc:
            raise CommandError(f"Satker dengan kode {satker} tidak ditemukan.") from exc
        if tahun not in list_tahun(satker=objek):
            raise CommandError(f"Tidak ada data tahun {tahun} untuk {objek.nama}.")
        angka = build_angka_laporan(satker=objek, tahun=tahun)
        self.stdout.write(json.dumps(angka, indent=2, ensure_ascii=False))
