"""Figures rolled up from the satker below a KPU Provinsi or KPU RI, as placeholders of its own
report's narrative ({kabkota_jumlah}, {kabkota_tepat_waktu_persen} …; docs/pemantauan.md, "Angka
rekap dalam narasi dan perbandingan").

The report (``laporan``, a floor below) asks ``laporan.placeholder`` for the placeholders a satker
may add; ``PemantauanConfig.ready`` installs ``keterangan`` and ``nilai`` there. Every value is
``build_rekap`` over ``build_pemantauan`` (pemantauan.rekap), formatted as the report prints.

Freshness: a change of a satker renews the report's revision of its province and of KPU RI
(``satker.revisi``), so their cached pages and PDF are built again. A submitted report is locked:
its roll-up is frozen at submission (``AngkaRekapBeku``) and read from there until the report
goes back to Draf, so what is approved and signed is what was submitted.
"""

from collections.abc import Callable

from django.utils.text import slugify

from kinerja.services import DEFAULT_SKALA
from lkjip.angka import format_jumlah, format_persen
from pemantauan.models import AngkaRekapBeku
from pemantauan.rekap import (
    BELUM_TERUKUR,
    BarisPemantauan,
    Rekap,
    build_pemantauan,
    build_rekap,
)
from pengesahan.models import Pengesahan
from satker.models import Satker
from satker.revisi import perbarui_laporan

KABKOTA = (Satker.Jenis.KABUPATEN, Satker.Jenis.KOTA)

# (prefix, who is counted, as the editor says it): a province counts its kabupaten/kota; KPU RI
# every kabupaten/kota of the country, and the provinces apart.
KELOMPOK = {
    Satker.Jenis.PROVINSI: (("kabkota", KABKOTA, "KPU Kabupaten/Kota"),),
    Satker.Jenis.PUSAT: (
        ("kabkota", KABKOTA, "KPU Kabupaten/Kota"),
        ("provinsi", (Satker.Jenis.PROVINSI,), "KPU Provinsi"),
    ),
}


def _nama_kategori(kategori: str) -> str:
    return slugify(kategori).replace("-", "_")


def _butir(awalan: str, siapa: str) -> list[tuple[str, str, Callable[[Rekap], str]]]:
    """Each placeholder of a group, once: its name, its description in the editor, its value
    from a roll-up as the report prints it."""
    butir: list[tuple[str, str, Callable[[Rekap], str]]] = [
        ("jumlah", f"Jumlah {siapa} di bawah satker ini", lambda r: format_jumlah(r.jumlah_satker))
    ]
    for status in Pengesahan.Status:
        butir.append(
            (
                status.value,
                f"Jumlah {siapa} berstatus laporan {status.label}",
                lambda r, s=status.value: format_jumlah(r.per_status.get(s, 0)),
            )
        )
    butir += [
        (
            "tepat_waktu",
            f"Jumlah {siapa} yang laporannya ditandatangani tepat waktu",
            lambda r: format_jumlah(r.tepat_waktu),
        ),
        (
            "jatuh_tempo",
            f"Jumlah {siapa} yang laporannya sudah jatuh tempo atau ditandatangani (penyebut "
            "tepat waktu)",
            lambda r: format_jumlah(r.jatuh_tempo),
        ),
        (
            "tepat_waktu_persen",
            f"Persentase {siapa} yang melapor tepat waktu",
            lambda r: format_persen(r.persen_tepat_waktu),
        ),
        (
            "rata_serapan",
            f"Rata-rata serapan anggaran {siapa}",
            lambda r: format_persen(r.rata_serapan),
        ),
        (
            "serapan_tertimbang",
            f"Serapan anggaran gabungan {siapa} (Σ realisasi ÷ Σ pagu)",
            lambda r: format_persen(r.serapan_tertimbang),
        ),
    ]
    for k in (*(k.nama for k in reversed(DEFAULT_SKALA.pita)), BELUM_TERUKUR):
        butir.append(
            (
                _nama_kategori(k),
                f"Jumlah {siapa} dengan capaian kinerja kategori {k}",
                lambda r, k=k: format_jumlah(r.per_kategori.get(k, 0)),
            )
        )
    return [(f"{awalan}_{nama}", teks, hitung) for nama, teks, hitung in butir]


def keterangan(*, satker: Satker) -> dict[str, str]:
    """The placeholders ``satker`` may add, with their descriptions; none for a kabupaten/kota.
    No query: read from the satker's kind."""
    return {
        nama: teks
        for awalan, _, siapa in KELOMPOK.get(satker.jenis, ())
        for nama, teks, _ in _butir(awalan, siapa)
    }


def nilai_hidup(*, satker: Satker, tahun: int, baris: list[BarisPemantauan] | None = None):
    """The values on the current data of the satker below ``satker``."""
    kelompok = KELOMPOK.get(satker.jenis, ())
    if not kelompok:
        return {}
    if baris is None:
        baris = build_pemantauan(atas=satker, tahun=tahun)
    hasil: dict[str, str] = {}
    for awalan, jenis, siapa in kelompok:
        rekap = build_rekap([b for b in baris if b.jenis in jenis])
        hasil.update({nama: hitung(rekap) for nama, _, hitung in _butir(awalan, siapa)})
    return hasil


def nilai(*, satker: Satker, tahun: int) -> dict[str, str]:
    """The values the report of (satker, tahun) prints: frozen at submission while the report is
    locked, else on the current data. One query more than the roll-up."""
    if satker.jenis not in KELOMPOK:
        return {}
    beku = AngkaRekapBeku.objects.milik(satker=satker, tahun=tahun).first()
    if beku is None:
        return nilai_hidup(satker=satker, tahun=tahun)
    if keterangan(satker=satker).keys() <= beku.nilai.keys():
        return dict(beku.nilai)
    # A name added since the freeze prints its current value: the submitted text cannot use it
    # (the editor refuses an unknown placeholder).
    return {**nilai_hidup(satker=satker, tahun=tahun), **beku.nilai}


def bekukan(sender, instance: Pengesahan, **kwargs) -> None:
    """``post_save`` of ``Pengesahan``, inside the transition's transaction: a province's or KPU
    RI's report that leaves Draf keeps its roll-up as it is now; back to Draf, it follows the
    data again (and its report's revision is renewed, its cached PDF held the frozen figures)."""
    if kwargs.get("raw"):
        return  # loaddata: rows as they were stored, frozen values included
    satker = Satker.objects.only("jenis").get(pk=instance.satker_id)
    if satker.jenis not in KELOMPOK:
        return
    ada = AngkaRekapBeku.objects.filter(satker=satker, tahun=instance.tahun)
    if instance.status == Pengesahan.Status.DRAF:
        if ada.exists():
            ada.delete()
            perbarui_laporan([(satker.pk, instance.tahun, instance.tahun)])
    elif not ada.exists():
        AngkaRekapBeku.objects.create(
            satker=satker,
            tahun=instance.tahun,
            nilai=nilai_hidup(satker=satker, tahun=instance.tahun),
        )
