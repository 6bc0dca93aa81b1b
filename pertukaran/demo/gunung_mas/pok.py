"""Gunung Mas 2024 as the finance applications print a POK (``anggaran.impor.templat.write_pok``
writes it): the budget import's tests, benchmarks and documentation read it as a real upload."""

from decimal import Decimal

from lkjip.angka import format_angka
from pertukaran.demo.gunung_mas import data


def build_baris_pok_gunung_mas() -> list[tuple]:
    """Gunung Mas 2024 as a POK sheet: the demo's programme and kegiatan figures, with 6709 and
    3355 broken down to detail lines (KRO QAH, RO 001, komponen 051, sub komponen A, akun 521211)
    and amounts written the ways admins write them (numbers, 'Rp 1.191.810.000', '-')."""
    baris: list[tuple] = []
    for kode_program, pagu, realisasi, kegiatan in data.ANGGARAN[2024]:
        baris.append(
            (kode_program, data.PROGRAM[kode_program], f"Rp {_titik(pagu)}", _titik(realisasi))
        )
        for kode, pagu_k, realisasi_k in kegiatan:
            uraian = data.KEGIATAN[kode]
            if kode == "6709":
                baris += [
                    (int(kode), uraian, int(pagu_k), int(realisasi_k)),
                    ("QAH", "Layanan Fasilitasi dan Pembinaan Penyelenggara Pemilu", "-", "-"),
                    (1, "Fasilitasi dan Pembinaan Badan Ad Hoc", None, None),
                    ("051", "Pembentukan Badan Ad Hoc", None, None),
                    ("A", "Seleksi PPK dan PPS", None, None),
                    (521211, "Belanja Bahan", 791810000, 772222002),
                    ("", "- Konsumsi rapat seleksi", 491810000, 472222002),
                    ("", "- Penggandaan bahan seleksi", "Rp 300.000.000", "300.000.000"),
                    ("521213", "Belanja Honor Output Kegiatan", 400000000, 400000000),
                    ("", "- Honor tim seleksi", 400000000, 400000000),
                ]
            elif kode == "3355":
                baris += [
                    (kode, uraian, int(pagu_k), int(realisasi_k)),
                    ("EBA", "Layanan Dukungan Manajemen Internal", None, None),
                    ("962", "Layanan Umum", None, None),
                    ("051", "Operasional dan Pemeliharaan Kantor", None, None),
                    ("0", "Operasional Kantor", None, None),
                    ("521111", "Belanja Keperluan Perkantoran", None, None),
                    ("", "- Alat tulis kantor", 1160190000, 1121844395),
                    ("", "- Langganan daya dan jasa", 1000000000, 1000000000),
                ]
            elif kode == "6981":
                baris.append((kode, f"{uraian} (*)", int(pagu_k), int(realisasi_k)))
            else:
                baris.append((kode, uraian, int(pagu_k), int(realisasi_k)))
    return baris


def _titik(angka: str) -> str:
    """'1191810000' -> '1.191.810.000'."""
    return format_angka(Decimal(angka))


PENUTUP_POK = (
    (None, "JUMLAH SELURUHNYA", 41469966000, 39420682212),
    (),
    (None, "Kuala Kurun, 31 Desember 2024"),
    ("Kuasa Pengguna Anggaran", None),
    (None, "NIP. 19700101 199003 1 001"),
)
