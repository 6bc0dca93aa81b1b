from django.core.management.base import CommandError, CommandParser
from django.db import transaction

from laporan.management.perintah import PerintahLaporan
from laporan.pemeriksaan import GALAT, ringkasan
from laporan.pemeriksaan_tersimpan import list_perlu_diperiksa, periksa_dan_simpan
from satker.models import Satker


class Command(PerintahLaporan):
    help = (
        "Periksa konsistensi laporan (LKjIP) dan simpan hasilnya untuk pemantauan. Dengan --satker "
        "dan --tahun: satu laporan, setiap temuan dicetak, keluar dengan status 1 bila ada galat "
        "(laporan belum boleh ditandatangani). Tanpa salah satunya: setiap satker-tahun (dari "
        "--tahun atau --satker bila diberikan) yang hasil tersimpannya belum ada atau sudah usang "
        "diperiksa ulang, yang datanya terakhir berubah lebih dahulu; --semua: semuanya."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--satker", help="Kode satker, mis. 6210.")
        parser.add_argument("--tahun", type=int, help="Tahun laporan, mis. 2024.")
        parser.add_argument(
            "--semua",
            action="store_true",
            help="Periksa juga yang hasil tersimpannya masih terkini.",
        )

    def handle(self, *args, satker: str | None, tahun: int | None, semua: bool, **options) -> None:
        if satker and tahun:
            self._satu(satker, tahun)
            return
        satker_id = None
        if satker:
            try:
                satker_id = Satker.objects.get(kode=satker).pk
            except Satker.DoesNotExist as exc:
                raise CommandError(f"Satker dengan kode {satker} tidak ditemukan.") from exc
        pasangan = list_perlu_diperiksa(tahun=tahun, satker_id=satker_id, semua=semua)
        daftar = Satker.objects.in_bulk({s for s, _ in pasangan})
        for s, t in pasangan:
            with transaction.atomic():
                temuan = periksa_dan_simpan(satker=daftar[s], tahun=t)
            self.stdout.write(f"{daftar[s].kode} {daftar[s].nama} {t}: {ringkasan(temuan)}")
        self.stdout.write(f"{len(pasangan)} laporan diperiksa.")

    def _satu(self, kode: str, tahun: int) -> None:
        objek = self.get_satker(kode, tahun)
        with transaction.atomic():
            temuan = periksa_dan_simpan(satker=objek, tahun=tahun)
        for t in temuan:
            self.stdout.write(f"[{t.tingkat.upper()}] {t.lokasi}: {t.pesan}")
        self.stdout.write(ringkasan(temuan))
        if any(t.tingkat == GALAT for t in temuan):
            # CommandError rather than sys.exit: manage.py prints the message to stderr and exits
            # with status 1, while call_command raises it so callers and tests can catch it.
            raise CommandError(
                f"Laporan {objek.nama} tahun {tahun} belum siap ditandatangani.", returncode=1
            )
