"""Figures of the report that join performance and budget (docs/aturan.md rules 10–11), and every
figure of the report as plain data (``build_angka_laporan``, printed by ``manage.py
angka_laporan``)."""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from anggaran.models import Tingkat, kode_cetak
from anggaran.services import (
    NodeAnggaran,
    RealisasiTahun,
    RingkasanAnggaran,
    build_pohon_anggaran,
    build_realisasi_tahun,
    build_tabulasi,
)
from kinerja.models import JenisTarget, SasaranPK
from kinerja.services import (
    CapaianIndikator,
    RingkasanKinerja,
    build_ringkasan_kinerja,
    compute_capaian_sampai_tw,
    mean,
)
from lkjip.angka import bulatkan
from satker.models import Satker


def _selisih(capaian: Decimal | None, serapan: Decimal | None) -> Decimal | None:
    """The difference of the two printed (rounded) figures, so the three numbers on the page
    always agree (the spirit of docs/aturan.md rule 7)."""
    if capaian is None or serapan is None:
        return None
    return bulatkan(capaian, 2) - bulatkan(serapan, 2)


@dataclass(frozen=True)
class EfisiensiTriwulan:
    """Capaian kinerja s.d. a TW beside the serapan s.d. that TW, both against the year's target
    and pagu (docs/aturan.md rule 14)."""

    label: str  # "s.d. TW III"
    capaian_kinerja: Decimal
    serapan: Decimal
    selisih: Decimal


@dataclass(frozen=True)
class BarisEfisiensi:
    kode_kegiatan: str
    uraian: str
    capaian_kinerja: Decimal | None
    serapan: Decimal | None
    selisih: Decimal | None  # printed capaian − printed serapan, in percentage points
    per_triwulan: tuple[EfisiensiTriwulan, ...] = ()

    @property
    def kode_cetak(self) -> str:
        return kode_cetak(kode_singkat=self.kode_kegiatan, tingkat=Tingkat.KEGIATAN)


def build_efisiensi(
    *,
    kinerja: RingkasanKinerja,
    anggaran: RingkasanAnggaran,
    realisasi_kegiatan: Mapping[str, RealisasiTahun] | None = None,
) -> tuple[BarisEfisiensi, ...]:
    """Efficiency analysis (docs/aturan.md rule 11): per kegiatan that measured indicators are
    linked to (``IndikatorKinerja.kode_kegiatan``), the mean capaian of those indicators beside the
    kegiatan's serapan anggaran, and the difference. With ``realisasi_kegiatan`` (the kegiatan's
    months, ``build_realisasi_tahun``), also per TW where both are known (rule 14).

    The capaian used is the one for aggregation (after the satker's cap, rule 4). Rows follow the
    budget order; a kegiatan named by indicators but absent from the budget comes last, without
    serapan.
    """
    per_kegiatan: dict[str, list[CapaianIndikator]] = {}
    for capaian in kinerja.terukur:
        kode = capaian.kode_kegiatan.strip()
        if kode:
            per_kegiatan.setdefault(kode, []).append(capaian)

    hasil = []
    terpakai: set[str] = set()
    for node in anggaran.kegiatan():
        kode = next((k for k in (node.kode_singkat, node.kode) if k in per_kegiatan), None)
        if kode is None or kode in terpakai:
            continue
        terpakai.add(kode)
        bulanan = (realisasi_kegiatan or {}).get(node.kode)
        baris = _baris_efisiensi(node.kode_singkat, node.uraian, per_kegiatan[kode], node)
        if bulanan is not None:
            baris = replace(
                baris, per_triwulan=_efisiensi_tw(per_kegiatan[kode], bulanan, kinerja.batas)
            )
        hasil.append(baris)
    for kode in sorted(per_kegiatan.keys() - terpakai):
        indikator = per_kegiatan[kode]
        hasil.append(_baris_efisiensi(kode, indikator[0].sasaran, indikator, None))
    return tuple(hasil)


def _baris_efisiensi(
    kode: str, uraian: str, indikator: list[CapaianIndikator], node: NodeAnggaran | None
) -> BarisEfisiensi:
    capaian = mean(c.capaian_dibatasi for c in indikator)
    serapan = node.serapan if node is not None else None
    return BarisEfisiensi(
        kode_kegiatan=kode,
        uraian=uraian,
        capaian_kinerja=capaian,
        serapan=serapan,
        selisih=_selisih(capaian, serapan),
    )


def _efisiensi_tw(
    indikator: list[CapaianIndikator], bulanan: RealisasiTahun, batas: Decimal | None
) -> tuple[EfisiensiTriwulan, ...]:
    hasil = []
    for tw in bulanan.triwulan:
        if tw.serapan is None:
            continue
        capaian = mean(
            compute_capaian_sampai_tw(
                target=c.target,
                realisasi_tw=c.realisasi_tw,
                triwulan=tw.triwulan,
                polaritas=c.polaritas,
                agregasi=c.agregasi,
                batas=batas,
            )
            for c in indikator
            if c.jenis_target != JenisTarget.DOKUMEN
        )
        if capaian is not None:
            selisih = _selisih(capaian, tw.serapan)
            hasil.append(EfisiensiTriwulan(f"s.d. {tw.label}", capaian, tw.serapan, selisih))
    return tuple(hasil)


# --- Plain data for the JSON export ---------------------------------------------------------


def _persen(nilai: Decimal | None) -> str | None:
    """Two decimals, half-up (docs/aturan.md rule 8): Decimal('95.0584') -> '95.06'."""
    if nilai is None:
        return None
    bulat = bulatkan(nilai, 2)
    return f"{abs(bulat) if bulat == 0 else bulat:.2f}"


def _angka(nilai: Decimal | None) -> str | None:
    """Exact, no trailing zeros or exponent: Decimal('100.0000') -> '100', '6.5000' -> '6.5'."""
    if nilai is None:
        return None
    if nilai == nilai.to_integral_value():
        return f"{nilai.quantize(Decimal(1)):f}"
    return f"{nilai.normalize():f}"


def _uang(nilai: Decimal | None) -> str | None:
    """Money: an integer string when whole ('41469966000'), otherwise with its two decimals."""
    if nilai is None:
        return None
    if nilai == nilai.to_integral_value():
        return f"{nilai.quantize(Decimal(1)):f}"
    return f"{nilai:.2f}"


def _node_angka(node: NodeAnggaran) -> dict[str, Any]:
    return {
        "kode": node.kode,
        "kode_singkat": node.kode_singkat,
        "tingkat": node.tingkat,
        "uraian": node.uraian,
        "pagu": _uang(node.pagu),
        "realisasi": _uang(node.realisasi),
        "sisa": _uang(node.sisa),
        "serapan": _persen(node.serapan),
    }


def _pohon_angka(node: NodeAnggaran) -> dict[str, Any]:
    return {
        **_node_angka(node),
        "catatan": node.catatan,
        "pagu_tercatat": _uang(node.pagu_tercatat),
        "realisasi_tercatat": _uang(node.realisasi_tercatat),
        "selisih": node.selisih,
        "anak": [_pohon_angka(anak) for anak in node.anak],
    }


def _indikator_angka(c: CapaianIndikator) -> dict[str, Any]:
    return {
        "id": c.indikator_id,
        "program_kode": c.program_kode,
        "bagian": c.bagian,
        "sasaran_nomor": c.sasaran_nomor,
        "sasaran": c.sasaran,
        "kelompok": c.kelompok,
        "nama": c.nama,
        "kode_kegiatan": c.kode_kegiatan,
        "jenis_target": c.jenis_target,
        "satuan": c.satuan,
        "polaritas": c.polaritas,
        "agregasi": c.agregasi,
        "target": _angka(c.target),
        "target_teks": c.target_teks,
        "dokumen": [{"nama": nama, "tersedia": tersedia} for nama, tersedia in c.dokumen],
        "realisasi_tw": [_angka(n) for n in c.realisasi_tw],
        "realisasi": _angka(c.realisasi),
        "realisasi_teks": c.realisasi_teks,
        "capaian": _persen(c.capaian),
        "capaian_dibatasi": _persen(c.capaian_dibatasi),
        "kategori": c.kategori,
        "masalah": list(c.masalah),
    }


_BAGIAN = {
    SasaranPK.Bagian.PROGRAM: "sasaran program",
    SasaranPK.Bagian.KINERJA: "sasaran kinerja",
    SasaranPK.Bagian.RINCIAN: "rincian PK",
}


def build_angka_laporan(*, satker: Satker, tahun: int) -> dict[str, Any]:
    """Every figure the report shows, as JSON-ready data; numbers are decimal strings
    (percentages with two decimals, money as integers when whole). See docs/angka_laporan.md."""
    kinerja = build_ringkasan_kinerja(satker=satker, tahun=tahun)
    anggaran = build_pohon_anggaran(satker=satker, tahun=tahun)
    tahun_tabulasi = (tahun - 2, tahun - 1, tahun)
    tabulasi = build_tabulasi(satker=satker, tahun_list=tahun_tabulasi, tingkat=Tingkat.KEGIATAN)
    realisasi, realisasi_kegiatan = build_realisasi_tahun(
        satker=satker, tahun=tahun, anggaran=anggaran
    )
    efisiensi = build_efisiensi(
        kinerja=kinerja, anggaran=anggaran, realisasi_kegiatan=realisasi_kegiatan
    )

    peringatan = [
        {
            "sumber": "kinerja",
            "kode": c.program_kode,
            "indikator_id": c.indikator_id,
            "jenis": "belum_lengkap",
            "pesan": (
                f"{c.program_kode} {_BAGIAN[c.bagian]} {c.sasaran_nomor}, {c.nama}: {masalah}."
            ),
        }
        for c in kinerja.belum_lengkap
        for masalah in c.masalah
    ] + [
        {"sumber": "anggaran", "kode": p.kode, "jenis": p.jenis, "pesan": p.pesan}
        for p in anggaran.peringatan
    ]

    return {
        "satker": {"kode": satker.kode, "nama": satker.nama},
        "tahun": tahun,
        "kinerja": {
            "perjanjian_kinerja": (
                None
                if kinerja.pk_id is None
                else {"id": kinerja.pk_id, "versi": kinerja.pk_versi, "jenis": kinerja.pk_jenis}
            ),
            "skala": [
                {
                    "nama": k.nama,
                    "batas_bawah": _angka(k.batas_bawah),
                    "termasuk_batas": k.termasuk_batas,
                }
                for k in kinerja.skala.pita
            ],
            "batas_capaian": _angka(kinerja.batas),
            "capaian_kinerja": _persen(kinerja.capaian_kinerja),
            "capaian_kinerja_dibatasi": _persen(kinerja.capaian_kinerja_dibatasi),
            "kategori": kinerja.kategori,
            "jumlah_sasaran_program": kinerja.jumlah_sasaran_program,
            "jumlah_sasaran_terukur": kinerja.jumlah_sasaran_terukur,
            "jumlah_indikator_terukur": kinerja.jumlah_indikator_terukur,
            "jumlah_indikator": len(kinerja.indikator),
            "jumlah_belum_lengkap": len(kinerja.belum_lengkap),
            "indikator": [_indikator_angka(c) for c in kinerja.indikator],
        },
        "anggaran": {
            "total": {
                "pagu": _uang(anggaran.total_pagu),
                "realisasi": _uang(anggaran.total_realisasi),
                "sisa": _uang(anggaran.total_sisa),
                "serapan": _persen(anggaran.serapan),
            },
            "program": [_node_angka(p) for p in anggaran.program],
            "kegiatan": [_node_angka(k) for k in anggaran.kegiatan()],
            "pohon": [_pohon_angka(p) for p in anggaran.program],
            # docs/aturan.md rule 14: the period the figures cover, and the TWs within it.
            "periode": realisasi.periode,
            "triwulan": [
                {
                    "triwulan": t.triwulan,
                    "realisasi_kumulatif": _uang(t.kumulatif),
                    "serapan_kumulatif": _persen(t.serapan),
                }
                for t in realisasi.triwulan
                if t.diketahui
            ],
        },
        "tabulasi": {
            "tahun": list(tahun_tabulasi),
            "baris": [
                {
                    "kode": baris.kode_singkat,
                    "uraian": baris.uraian,
                    "per_tahun": [
                        {
                            "tahun": t,
                            "pagu": _uang(node.pagu) if node else None,
                            "realisasi": _uang(node.realisasi) if node else None,
                            "serapan": _persen(node.serapan) if node else None,
                        }
                        for t, node in baris.per_tahun
                    ],
                }
                for baris in tabulasi
            ],
        },
        "efisiensi": [
            {
                "kode_kegiatan": b.kode_kegiatan,
                "uraian": b.uraian,
                "capaian_kinerja": _persen(b.capaian_kinerja),
                "serapan": _persen(b.serapan),
                "selisih": _persen(b.selisih),
                "per_triwulan": [
                    {
                        "periode": t.label,
                        "capaian_kinerja": _persen(t.capaian_kinerja),
                        "serapan": _persen(t.serapan),
                        "selisih": _persen(t.selisih),
                    }
                    for t in b.per_triwulan
                ],
            }
            for b in efisiensi
        ],
        "peringatan": peringatan,
    }
