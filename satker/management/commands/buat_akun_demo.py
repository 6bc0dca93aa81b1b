"""Create (idempotently) one demo account per role for a satker; the password is reset each run."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from satker.models import Pengguna, Satker

KATA_SANDI = "demo12345"
Peran = Pengguna.Peran

# (username, peran, is_ketua, first_name, last_name, jabatan)
AKUN = [
    ("operator", Peran.OPERATOR, False, "Operator", "Demo", "Staf Sekretariat"),
    ("sekretaris", Peran.SEKRETARIS, False, "Sekretaris", "Demo", "Sekretaris"),
    ("komisioner", Peran.KOMISIONER, False, "Komisioner", "Demo", "Anggota"),
    ("ketua", Peran.KOMISIONER, True, "ELFRINIS G.", "TUMON", "Ketua"),
    ("admin", Peran.ADMIN, False, "Admin", "Demo", "Admin"),
]


class Command(BaseCommand):
    help = "Membuat satu akun demo untuk setiap peran (kata sandi demo12345)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--satker", default="6210", help="Kode satker (bawaan: 6210).")

    def handle(self, *args, **options) -> None:
        satker = Satker.objects.filter(kode=options["satker"]).first()
        if satker is None:
            raise CommandError(
                f"Satker dengan kode {options['satker']} tidak ditemukan. "
                "Muat datanya dulu, mis. python manage.py muat_gunung_mas."
            )
        with transaction.atomic():
            akun = [self.simpan(satker, *baris) for baris in AKUN]
        if options["verbosity"] >= 1:
            self.stdout.write(f"Akun demo {satker.nama}:")
            self.stdout.write(f"{'Nama pengguna':<14} {'Kata sandi':<11} Peran")
            for pengguna in akun:
                self.stdout.write(f"{pengguna.username:<14} {KATA_SANDI:<11} {pengguna.nama_peran}")

    def simpan(
        self,
        satker: Satker,
        username: str,
        peran: str,
        is_ketua: bool,
        first_name: str,
        last_name: str,
        jabatan: str,
    ) -> Pengguna:
        pengguna = Pengguna.objects.filter(username=username).first()
        if pengguna is None:
            pengguna = Pengguna(username=username)
        elif pengguna.satker_id not in (None, satker.pk):
            # Usernames are global: never move another satker's account silently.
            raise CommandError(
                f"Nama pengguna '{username}' sudah dipakai oleh {pengguna.satker}; "
                "hapus atau ganti nama akun itu dulu."
            )
        if is_ketua:
            ketua_lain = satker.pengguna.filter(is_ketua=True).exclude(username=username).first()
            if ketua_lain is not None:
                raise CommandError(
                    f"{satker.nama} sudah memiliki Ketua ({ketua_lain.username}); "
                    "akun demo 'ketua' tidak dibuat."
                )
        pengguna.satker = satker
        pengguna.peran = peran
        pengguna.is_ketua = is_ketua
        pengguna.first_name = first_name
        pengguna.last_name = last_name
        pengguna.jabatan = jabatan
        pengguna.is_active = True
        pengguna.set_password(KATA_SANDI)
        pengguna.save()
        return pengguna
