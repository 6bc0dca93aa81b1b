"""The reminders' day's run from the command line (cron, tests): docs/pengingat.md."""

import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pengingat.kirim import jalankan_harian


class Command(BaseCommand):
    help = (
        "Kirim pengingat hari ini (atau --tanggal YYYY-MM-DD): tenggat triwulan yang mendekat "
        "atau terlewat, dan triwulan lengkap yang menunggu verifikasi, untuk semua satker. "
        "Email yang sudah pernah dikirim tidak dikirim lagi."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tanggal", help="Tanggal acuan, YYYY-MM-DD (bawaan: hari ini).")

    def handle(self, *args, tanggal: str | None, **options) -> None:
        hari = None
        if tanggal:
            try:
                hari = datetime.date.fromisoformat(tanggal)
            except ValueError:
                raise CommandError(f"Tanggal tidak sah: {tanggal!r} (format YYYY-MM-DD).") from None
        # Outside any transaction: each email's claim is committed before it is sent.
        hasil = jalankan_harian(tanggal=hari)
        self.stdout.write(
            f"Pengingat: {hasil.dikirim} email dikirim, {hasil.gagal} gagal atau tanpa alamat, "
            f"{hasil.sudah} sudah dikirim sebelumnya."
        )
