import json

from laporan.management.perintah import PerintahLaporan
from laporan.services import build_angka_laporan


class Command(PerintahLaporan):
    help = "Cetak semua angka laporan (LKjIP) satu satker untuk satu tahun sebagai JSON."

    def handle(self, *args, satker: str, tahun: int, **options) -> None:
        angka = build_angka_laporan(satker=self.get_satker(satker, tahun), tahun=tahun)
        self.stdout.write(json.dumps(angka, indent=2, ensure_ascii=False))
