from django.core.management.base import CommandError

from laporan.dokumen import build_dokumen
from laporan.management.perintah import PerintahLaporan
from laporan.pemeriksaan import GALAT, nama_satker_lain, periksa, ringkasan


class Command(PerintahLaporan):
    help = (
        "Periksa konsistensi laporan (LKjIP) satu satker untuk satu tahun. Keluar dengan status 1 "
        "bila ada galat (laporan belum boleh ditandatangani), 0 bila tidak ada."
    )

    def handle(self, *args, satker: str, tahun: int, **options) -> None:
        objek = self.get_satker(satker, tahun)
        temuan = periksa(
            build_dokumen(satker=objek, tahun=tahun), nama_satker_lain=nama_satker_lain(objek)
        )
        for t in temuan:
            self.stdout.write(f"[{t.tingkat.upper()}] {t.lokasi}: {t.pesan}")
        self.stdout.write(ringkasan(temuan))
        if any(t.tingkat == GALAT for t in temuan):
            # CommandError rather than sys.exit: manage.py prints the message to stderr and exits
            # with status 1, while call_command raises it so callers and tests can catch it.
            raise CommandError(
                f"Laporan {objek.nama} tahun {tahun} belum siap ditandatangani.", returncode=1
            )
