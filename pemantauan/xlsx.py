"""The monitoring table as .xlsx (docs/pemantauan.md, "Halaman pemantauan"): the rows the page
shows, filtered and sorted the same way, and the roll-up of those rows on a second sheet. The
cells follow the report's tables (laporan.ekspor): money and percentages are numeric cells in
Indonesian format, a missing value is "—", never 0."""

from io import BytesIO

from openpyxl import load_workbook

from laporan.ekspor import FORMAT_PERSEN, JUDUL, TEBAL, Baris, Kolom, Tabel, write_tabel
from lkjip.angka import KOSONG, bulatkan, format_tanggal
from pemantauan.rekap import BarisPemantauan, Rekap
from pengesahan.models import Pengesahan


def teks_tw(isian) -> str:
    """'8/10 lengkap' — as the page prints a TW's completeness."""
    return f"{isian.terisi}/{isian.jumlah} {isian.label}"


def teks_pemeriksaan(b: BarisPemantauan) -> str:
    if b.galat is None:
        return "belum diperiksa"
    return "sesuai data terkini" if b.pemeriksaan_kini else "data sudah berubah sejak diperiksa"


def _tepat(b: BarisPemantauan) -> str:
    return KOSONG if b.tepat_waktu is None else ("Ya" if b.tepat_waktu else "Tidak")


def write_pemantauan(
    *, baris: list[BarisPemantauan], rekap: Rekap, nama_atas: str, tahun: int, per_provinsi: bool
) -> bytes:
    kolom = [Kolom("No.", 6), Kolom("Kode", 8), Kolom("Satker", 36)]
    if per_provinsi:
        kolom.append(Kolom("Provinsi", 24))
    kolom += [
        *(Kolom(f"TW {r}", 13) for r in ("I", "II", "III", "IV")),
        Kolom("Status laporan", 15),
        Kolom("Tanggal status", 16),
        Kolom("Tepat waktu", 10),
        Kolom("Capaian kinerja", 12, "persen"),
        Kolom("Kategori", 14),
        Kolom("Pagu", 18, "rupiah"),
        Kolom("Realisasi", 18, "rupiah"),
        Kolom("Serapan", 10, "persen"),
        Kolom("Galat", 8, "bilangan"),
        Kolom("Peringatan", 10, "bilangan"),
        Kolom("Pemeriksaan", 22),
    ]
    isi = []
    for i, b in enumerate(baris, 1):
        nilai = [i, b.kode, b.nama]
        if per_provinsi:
            nilai.append(b.provinsi)
        nilai += [
            *(teks_tw(t) for t in b.tw),
            b.status_label,
            format_tanggal(b.status_waktu.date()) if b.status_waktu else KOSONG,
            _tepat(b),
            b.capaian,
            b.kategori or KOSONG,
            b.pagu,
            b.realisasi,
            b.serapan,
            b.galat,
            b.peringatan,
            teks_pemeriksaan(b),
        ]
        isi.append(Baris(tuple(nilai)))
    tabel = Tabel(
        f"Pemantauan satker di bawah {nama_atas} — Tahun {tahun}",
        tuple(kolom),
        tuple(isi),
        catatan=(
            "TW: indikator terukur yang terisi / seluruhnya dan keadaannya terhadap batas "
            "waktu. Angka adalah sel angka; “—” berarti belum ada data (bukan nol)."
        ),
    )
    wb = load_workbook(BytesIO(write_tabel(tabel, satker=nama_atas, tahun=tahun)))
    wb.active.title = "Satker"
    _tulis_rekap(wb.create_sheet("Rekap"), rekap=rekap, judul=f"Rekap — {nama_atas} — {tahun}")
    keluar = BytesIO()
    wb.save(keluar)
    return keluar.getvalue()


def _tulis_rekap(ws, *, rekap: Rekap, judul: str) -> None:
    """Label in column A, value in column B: numbers as numeric cells."""
    ws["A1"] = judul
    ws["A1"].font = JUDUL
    status = dict(Pengesahan.Status.choices)
    baris: list[tuple[str, object, str]] = [("Jumlah satker", rekap.jumlah_satker, "0")]
    baris += [(f"Status: {status.get(s, s)}", n, "0") for s, n in rekap.per_status.items()]
    baris += [(f"Kategori: {k}", n, "0") for k, n in rekap.per_kategori.items()]
    baris += [
        ("Rata-rata serapan", rekap.rata_serapan, FORMAT_PERSEN),
        ("Serapan tertimbang (Σ realisasi ÷ Σ pagu)", rekap.serapan_tertimbang, FORMAT_PERSEN),
        ("Laporan ditandatangani tepat waktu", rekap.tepat_waktu, "0"),
        ("Laporan yang sudah jatuh tempo", rekap.jatuh_tempo, "0"),
        ("Persentase tepat waktu", rekap.persen_tepat_waktu, FORMAT_PERSEN),
    ]
    baris += [(f"Serapan {label}", n, "0") for label, n in rekap.histogram_serapan]
    for r, (label, nilai, format_) in enumerate(baris, 3):
        ws.cell(row=r, column=1, value=label)
        sel = ws.cell(row=r, column=2)
        if nilai is None:
            sel.value = KOSONG
        else:
            sel.value = bulatkan(nilai, 2) if format_ == FORMAT_PERSEN else nilai
            sel.number_format = format_
    ws.cell(row=3, column=1).font = TEBAL
    ws.column_dimensions["A"].width = 44
    ws.column_dimensions["B"].width = 14
