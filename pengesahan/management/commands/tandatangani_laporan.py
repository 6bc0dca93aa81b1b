"""Sign an approved report from the command line, through the same service as the web form.

The passphrase comes from the environment variable named by --passphrase-env, else from
PENGESAHAN_PKCS12_PASSPHRASE, else it is asked without echo; it is never stored or printed.
"""

import getpass
import os

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from pengesahan import services
from pengesahan.models import Pengesahan
from pengesahan.signing import (
    GagalMenandatangani,
    Penandatangan,
    PenandatanganBSrE,
    PenandatanganPKCS12,
)
from riwayat.services import konteks
from satker.models import Pengguna, Satker


class Command(BaseCommand):
    help = (
        "Menandatangani laporan LKjIP yang sudah disetujui atas nama Ketua, lalu mencetak ID "
        "dokumen, SHA-256 dan alamat verifikasinya."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--satker", required=True, help="Kode satker, mis. 6210.")
        parser.add_argument("--tahun", required=True, type=int, help="Tahun laporan.")
        parser.add_argument("--pengguna", required=True, help="Nama pengguna Ketua.")
        parser.add_argument(
            "--passphrase-env",
            metavar="VAR",
            help="Nama variabel lingkungan yang berisi passphrase (jangan tulis passphrase-nya "
            "di baris perintah).",
        )
        parser.add_argument("--nik", default="", help="NIK penandatangan (hanya untuk BSrE).")
        parser.add_argument("--email", default="", help="Email penandatangan (hanya untuk BSrE).")
        parser.add_argument(
            "--base-url",
            default="",
            help="Alamat situs untuk QR verifikasi (bawaan: PENGESAHAN_BASE_URL).",
        )

    def handle(self, *args, **options) -> None:
        satker = Satker.objects.filter(kode=options["satker"]).first()
        if satker is None:
            raise CommandError(f"Satker dengan kode {options['satker']} tidak ditemukan.")
        tahun = options["tahun"]
        user = Pengguna.objects.filter(username=options["pengguna"], is_active=True).first()
        if user is None:
            raise CommandError(f"Pengguna aktif {options['pengguna']!r} tidak ditemukan.")
        if not user.is_superuser and user.satker_id != satker.pk:
            raise CommandError(f"{user.username} bukan pengguna {satker.nama}.")
        if not services.boleh(user=user, aksi="tandatangani"):
            raise CommandError(services.PESAN_PERAN["tandatangani"])
        base_url = options["base_url"] or settings.PENGESAHAN_BASE_URL
        if not base_url:
            raise CommandError(
                "Alamat situs untuk QR verifikasi belum diatur: isi PENGESAHAN_BASE_URL atau "
                "beri --base-url, mis. --base-url https://lkjip.kpu-gunungmas.go.id."
            )
        # Refuse a wrong status before asking for the passphrase; the service checks it again
        # under the row lock.
        pengesahan = Pengesahan.objects.filter(satker=satker, tahun=tahun).first()
        status = pengesahan.status if pengesahan else Pengesahan.Status.DRAF
        if status != Pengesahan.Status.DISETUJUI:
            nama = Pengesahan.Status(status).label
            raise CommandError(
                f"Laporan {satker.nama} tahun {tahun} berstatus {nama}: hanya laporan yang "
                "sudah Disetujui yang dapat ditandatangani."
            )

        penandatangan = self._penandatangan(options)
        try:
            with konteks(sumber="perintah", pengguna=user, keterangan="tandatangani_laporan"):
                dokumen = services.tandatangani(
                    satker=satker,
                    tahun=tahun,
                    user=user,
                    penandatangan=penandatangan,
                    url_verifikasi=services.pola_url_verifikasi(base_url=base_url),
                )
        except (PermissionDenied, GagalMenandatangani) as e:
            raise CommandError(str(e)) from e
        except ValidationError as e:
            raise CommandError(" ".join(e.messages)) from e

        url = services.pola_url_verifikasi(base_url=base_url).format(id=dokumen.id)
        self.stdout.write(
            self.style.SUCCESS(
                f"Laporan {satker.nama} tahun {tahun} ditandatangani (versi {dokumen.versi})."
            )
        )
        self.stdout.write(f"ID dokumen     : {dokumen.id}")
        self.stdout.write(f"SHA-256        : {dokumen.sha256}")
        self.stdout.write(f"URL verifikasi : {url}")

    def _passphrase(self, options, *, lingkungan_bawaan: str) -> str:
        nama = options["passphrase_env"]
        if nama:
            if nama not in os.environ:
                raise CommandError(f"Variabel lingkungan {nama} tidak ada.")
            return os.environ[nama]
        if os.environ.get(lingkungan_bawaan):
            return os.environ[lingkungan_bawaan]
        try:
            return getpass.getpass("Passphrase kunci penandatangan: ")
        except (EOFError, KeyboardInterrupt) as e:
            raise CommandError("Passphrase tidak diberikan; laporan tidak ditandatangani.") from e

    def _penandatangan(self, options) -> Penandatangan:
        if settings.PENGESAHAN_PENANDATANGAN == "bsre":
            try:
                return PenandatanganBSrE(
                    nik=options["nik"],
                    email=options["email"],
                    passphrase=self._passphrase(options, lingkungan_bawaan="BSRE_PASSPHRASE"),
                )
            except GagalMenandatangani as e:
                raise CommandError(str(e)) from e
        return PenandatanganPKCS12(
            passphrase=self._passphrase(options, lingkungan_bawaan="PENGESAHAN_PKCS12_PASSPHRASE")
        )
