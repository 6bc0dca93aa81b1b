from pathlib import Path

from django.core.management.base import CommandError, CommandParser

from laporan.cetak import get_pdf, render_html_cetak
from laporan.dokumen import build_dokumen
from laporan.management.perintah import PerintahLaporan


class Command(PerintahLaporan):
    help = "Buat LKjIP satu satker untuk satu tahun sebagai berkas PDF atau HTML."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--output", required=True, help="Berkas tujuan: .pdf atau .html")

    def handle(self, *args, satker: str, tahun: int, output: str, **options) -> None:
        tujuan = Path(output)
        if tujuan.suffix.lower() not in {".pdf", ".html"}:
            raise CommandError("Berkas tujuan harus berakhiran .pdf atau .html.")
        objek = self.get_satker(satker, tahun)
        if tujuan.suffix.lower() == ".pdf":
            tujuan.write_bytes(get_pdf(satker=objek, tahun=tahun))
        else:
            dokumen = build_dokumen(satker=objek, tahun=tahun)
            tujuan.write_text(render_html_cetak(dokumen), encoding="utf-8")
        self.stdout.write(f"LKjIP {objek.nama} {tahun} ditulis ke {tujuan}.")
