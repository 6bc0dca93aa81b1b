"""Make the demo's signing key once: a local CA and a test certificate for the demo Ketua.

`make run` runs it on every start; an existing key is kept (documents signed with it verify only
against its CA). Refused with DJANGO_ENV=production: there the office's key or BSrE signs
(docs/pengesahan.md).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pengesahan.sertifikat import KunciDemoRusak, buat_kunci_demo
from pertukaran.demo.gunung_mas import data


class Command(BaseCommand):
    help = (
        "Membuat sekali kunci tanda tangan demo (CA lokal dan sertifikat uji Ketua "
        f"{data.PK_2024['pihak_kedua_nama']}) di PENGESAHAN_DEMO_DIR (bawaan var/pengesahan/) "
        "dan mencetak passphrase-nya. Kunci yang sudah ada tidak pernah dibuat ulang. Hanya untuk "
        "demo: tanda tangannya ditandai SERTIFIKAT UJI dan tidak berlaku di produksi."
    )

    def handle(self, *args, **options) -> None:
        if settings.PRODUKSI:
            raise CommandError(
                "Kunci demo tidak dibuat bila DJANGO_ENV=production: pakai kunci PKCS#12 kantor "
                "atau BSrE (docs/pengesahan.md)."
            )
        try:
            kunci = buat_kunci_demo(
                folder=settings.PENGESAHAN_DEMO_DIR,
                nama_ketua=data.PK_2024["pihak_kedua_nama"],
                nama_satker=data.SATKER["nama"],
            )
        except KunciDemoRusak as e:
            raise CommandError(str(e)) from e
        if options["verbosity"] >= 1:
            keadaan = "dibuat" if kunci.baru else "sudah ada, tidak dibuat ulang"
            self.stdout.write(f"Kunci tanda tangan demo {keadaan}: {kunci.p12}")
            self.stdout.write(f"Passphrase kunci demo (untuk akun ketua): {kunci.passphrase}")
