"""The rencana aksi (RENAKSI) as a printable document, like the Perjanjian Kinerja
(``kinerja/perjanjian.py``): letterhead, title, a table per sasaran (indikator, target tahunan,
TW I–IV target and planned actions) and the PK's signature block. ``build_dokumen_renaksi`` reads
everything once; the web page, the PDF and the xlsx render the returned ``DokumenRenaksi``.
docs/triwulan.md."""

import io
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from kinerja.models import Triwulan
from kinerja.perjanjian import Pihak, _jabatan, get_perjanjian
from kinerja.renaksi import RencanaAksiTahun, build_rencana_aksi
from lkjip.unduhan import bagian_nama
from satker.kop import KopSurat, build_kop
from satker.models import Satker

# Indonesian number formats in the spreadsheet, as the report's tables (laporan/ekspor.py).
FORMAT_ANGKA = "[$-421]#,##0.####"


@dataclass(frozen=True)
class DokumenRenaksi:
    kode_satker: str
    kop: KopSurat
    satker: str
    nama_lengkap: str
    tahun: int
    pk_nama: str
    rencana: RencanaAksiTahun
    tanggal: date | None
    tempat: str
    pihak_pertama: Pihak
    pihak_kedua: Pihak

    @property
    def judul(self) -> str:
        return f"Rencana Aksi {self.satker} Tahun {self.tahun}"

    @property
    def label_tw(self) -> tuple[str, ...]:
        return tuple(Triwulan.labels)


def nama_berkas_renaksi(*, satker: Satker, tahun: int) -> str:
    """'Rencana-Aksi-KPU-Kabupaten-Gunung-Mas-2024', no extension."""
    return f"Rencana-Aksi-{bagian_nama(satker.nama)}-{tahun}"


def build_dokumen_renaksi(*, satker: Satker, tahun: int) -> DokumenRenaksi | None:
    """The year's rencana aksi with the PK in force's parties; None when the year has no PK."""
    pk = get_perjanjian(satker=satker, tahun=tahun)
    if pk is None:
        return None
    return DokumenRenaksi(
        kode_satker=satker.kode,
        kop=build_kop(satker),
        satker=satker.nama,
        nama_lengkap=satker.nama_lengkap,
        tahun=tahun,
        pk_nama=f"{pk.get_jenis_display()} versi {pk.versi}",
        rencana=build_rencana_aksi(satker=satker, tahun=tahun),
        tanggal=pk.tanggal,
        tempat=pk.tempat.strip() or satker.kedudukan.strip(),
        pihak_pertama=Pihak(
            pk.pihak_pertama_nama.strip(),
            _jabatan(pk.pihak_pertama_jabatan, satker),
            pk.pihak_pertama_nip.strip(),
        ),
        pihak_kedua=Pihak(pk.pihak_kedua_nama.strip(), _jabatan(pk.pihak_kedua_jabatan, satker)),
    )


_TIPIS = Side(style="thin", color="808080")
_BINGKAI = Border(left=_TIPIS, right=_TIPIS, top=_TIPIS, bottom=_TIPIS)
_ATAS = Alignment(vertical="top", wrap_text=True)


def xlsx_renaksi(dokumen: DokumenRenaksi) -> bytes:
    """The document as one sheet: per indicator its yearly target and, per TW, the target (a
    number, Indonesian format) and the planned actions."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Rencana Aksi"
    ws.cell(row=1, column=1, value=f"RENCANA AKSI {dokumen.satker.upper()} TAHUN {dokumen.tahun}")
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    ws.cell(row=2, column=1, value=f"Berdasarkan Perjanjian Kinerja {dokumen.pk_nama}")
    ws.cell(row=2, column=1).font = Font(italic=True, size=9, color="595959")
    judul = ["No.", "Sasaran", "Indikator kinerja", "Satuan", "Target tahunan"]
    for label in dokumen.label_tw:
        judul += [f"Target {label}", f"Rencana aksi {label}"]
    for k, teks in enumerate(judul, 1):
        sel = ws.cell(row=4, column=k, value=teks)
        sel.font = Font(bold=True)
        sel.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sel.border = _BINGKAI
    baris = 5
    for s in dokumen.rencana.sasaran:
        sasaran = f"{s.nomor} {s.uraian}".strip()
        for ind in s.indikator:
            nilai = [ind.nomor, sasaran, ind.nama, "dokumen" if ind.jenis_dokumen else ind.satuan]
            nilai.append(ind.target_teks if ind.jenis_dokumen else ind.target)
            for target, rencana in zip(ind.target_tw, ind.rencana_tw, strict=True):
                nilai += [target, rencana]
            for k, v in enumerate(nilai, 1):
                sel = ws.cell(row=baris, column=k, value=v)
                sel.border = _BINGKAI
                sel.alignment = _ATAS
                if k >= 5 and not isinstance(v, str) and v is not None:
                    sel.number_format = FORMAT_ANGKA
            baris += 1
    lebar = [5, 30, 40, 10, 12] + [12, 30] * 4
    for k, w in enumerate(lebar, 1):
        ws.column_dimensions[get_column_letter(k)].width = w
    ws.freeze_panes = "D5"
    keluaran = io.BytesIO()
    wb.save(keluaran)
    return keluaran.getvalue()
