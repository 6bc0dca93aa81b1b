"""Create one demo account per role for a satker, where it is missing, and a Pemantau of the
province and of KPU RI above it (the demo's province and KPU RI are made where missing:
pertukaran.demo.hierarki).

`make run` runs this on every start: an account that exists is left exactly as it is (its password
too, if a user changed it). The table also prints the passphrase of the demo signing key
(``manage.py buat_kunci_demo``), which the Ketua types on the signing form.
"""

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from pengesahan.sertifikat import KunciDemoRusak, baca_kunci_demo
from pertukaran.demo.hierarki import pasang_induk
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
# Above the satker (docs/pemantauan.md): (username, how many levels up, first_name, jabatan)
AKUN_PEMANTAU = [
    ("pemantau", 1, "Pemantau Provinsi", "Staf Sekretariat Provinsi"),
    ("pemantau-ri", 2, "Pemantau RI", "Staf Sekretariat Jenderal"),
]


class Command(BaseCommand):
    help = (
        "Membuat akun demo yang belum ada, satu untuk setiap peran (kata sandi demo12345). Akun "
        "yang sudah ada tidak diubah, termasuk kata sandinya."
    )

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
            pasang_induk(satker)
            akun = [self.simpan(satker, *baris) for baris in AKUN]
            pemantau = []
            for username, naik, nama, jabatan in AKUN_PEMANTAU:
                atas = satker.induk if naik == 1 else getattr(satker.induk, "induk", None)
                if atas is not None:
                    baris = (username, Peran.PEMANTAU, False, nama, "Demo", jabatan)
                    pemantau.append(self.simpan(atas, *baris))
        if options["verbosity"] < 1:
            return
        self.stdout.write(f"Akun demo {satker.nama}:")
        self.stdout.write(f"{'Nama pengguna':<14} {'Kata sandi':<15} Peran")
        for pengguna in akun:
            self.tulis(pengguna)
        if pemantau:
            self.stdout.write("Akun pemantau (hanya baca) di atasnya:")
            for pengguna in pemantau:
                self.tulis(pengguna, f" {pengguna.satker.nama}")
        try:
            kunci = baca_kunci_demo(folder=settings.PENGESAHAN_DEMO_DIR)
        except KunciDemoRusak as e:
            self.stderr.write(str(e))
            return
        if kunci is not None:
            self.stdout.write(
                "Passphrase tanda tangan akun ketua (kunci demo, sertifikat uji): "
                + kunci.passphrase
            )

    def tulis(self, pengguna: Pengguna, satker: str = "") -> None:
        # Without a setter: checking must not rewrite the stored hash.
        sandi = KATA_SANDI if check_password(KATA_SANDI, pengguna.password) else "(diganti)"
        self.stdout.write(f"{pengguna.username:<14} {sandi:<15} {pengguna.nama_peran}{satker}")

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
        """The account, made now if it is missing; an existing one is never changed."""
        pengguna = Pengguna.objects.filter(username=username).first()
        if pengguna is not None:
            return pengguna
        pengguna = Pengguna(username=username)
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
        # An address under .invalid (RFC 2606: never delivered) so that the reminders of `make
        # run`, printed by the console email backend, have someone to go to (docs/pengingat.md).
        pengguna.email = f"{username}@{satker.kode}.demo.invalid"
        pengguna.is_active = True
        pengguna.set_password(KATA_SANDI)
        pengguna.save()
        return pengguna
