"""The Renstra's yearly targets per indicator: read for the workspace page, written from its form.

The end-of-period target of an indicator is its target for the Renstra's last year
(``tahun_selesai``): a Renstra states its target "akhir periode" in that column (docs/analisis.md).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from lkjip.isian import IsianDitolak, format_isian, format_nilai, parse_nilai_realisasi
from renstra.models import IndikatorSasaran, Polaritas, Renstra, TargetRenstra
from satker.models import Satker


def get_renstra_tahun(*, satker: Satker, tahun: int) -> Renstra | None:
    """The Renstra whose period holds ``tahun`` (the latest-starting one should two overlap)."""
    return (
        Renstra.objects.filter(satker=satker, tahun_mulai__lte=tahun, tahun_selesai__gte=tahun)
        .order_by("-tahun_mulai")
        .first()
    )


@dataclass(frozen=True)
class SelTarget:
    tahun: int
    nilai: Decimal | None
    nilai_isian: str  # as the form shows it: "95,06"; "" when not set
    nilai_teks: str  # as read: "95,06%"; "—"
    nama_isian: str  # the form field: "target-<indikator>-<tahun>"


@dataclass(frozen=True)
class BarisTargetRenstra:
    indikator_id: int
    nomor: str  # "1.2": sasaran and indicator order
    sasaran: str
    nama: str
    satuan: str
    polaritas: str
    polaritas_teks: str
    target: tuple[SelTarget, ...]  # one per year of the period

    @property
    def target_akhir(self) -> SelTarget:
        return self.target[-1]


@dataclass(frozen=True)
class TabelTargetRenstra:
    renstra_id: int | None
    periode: str
    tahun: tuple[int, ...]
    baris: tuple[BarisTargetRenstra, ...]


def nama_isian(indikator_id: int, tahun: int) -> str:
    return f"target-{indikator_id}-{tahun}"


def teks_polaritas(polaritas: str) -> str:
    """'makin tinggi makin baik' / 'makin rendah makin baik', as printed next to an indicator."""
    if polaritas == Polaritas.NEGATIF:
        return "makin rendah makin baik"
    return "makin tinggi makin baik"


def build_tabel_target_renstra(*, satker: Satker, tahun: int) -> TabelTargetRenstra:
    """Every indicator of the Renstra in force in ``tahun`` with its target for each year of the
    period (three queries)."""
    renstra = get_renstra_tahun(satker=satker, tahun=tahun)
    if renstra is None:
        return TabelTargetRenstra(renstra_id=None, periode="", tahun=(), baris=())
    semua_tahun = tuple(range(renstra.tahun_mulai, renstra.tahun_selesai + 1))
    indikator = IndikatorSasaran.objects.filter(sasaran__renstra=renstra).select_related("sasaran")
    target: dict[tuple[int, int], Decimal] = {
        (t.indikator_id, t.tahun): t.nilai
        for t in TargetRenstra.objects.filter(indikator__sasaran__renstra=renstra)
    }
    baris = []
    for ind in indikator.order_by("sasaran__urutan", "urutan"):
        sel = []
        for t in semua_tahun:
            nilai = target.get((ind.pk, t))
            sel.append(
                SelTarget(
                    tahun=t,
                    nilai=nilai,
                    nilai_isian=format_isian(nilai),
                    nilai_teks=format_nilai(nilai=nilai, satuan=ind.satuan),
                    nama_isian=nama_isian(ind.pk, t),
                )
            )
        baris.append(
            BarisTargetRenstra(
                indikator_id=ind.pk,
                nomor=f"{ind.sasaran.urutan}.{ind.urutan}",
                sasaran=ind.sasaran.uraian,
                nama=ind.nama,
                satuan=ind.satuan,
                polaritas=ind.polaritas,
                polaritas_teks=teks_polaritas(ind.polaritas),
                target=tuple(sel),
            )
        )
    return TabelTargetRenstra(
        renstra_id=renstra.pk, periode=renstra.periode, tahun=semua_tahun, baris=tuple(baris)
    )


def _baca_target(teks: str, *, nama: str, tahun: int) -> Decimal | None:
    letak = f"Target {tahun} “{nama[:60]}”"
    if teks.strip().startswith("-"):
        raise IsianDitolak(f"{letak}: target tidak boleh negatif.")
    try:
        return parse_nilai_realisasi(teks)
    except IsianDitolak as exc:
        raise IsianDitolak(f"{letak}: {exc.pesan}") from exc


def simpan_target_renstra(*, satker: Satker, tahun: int, isian: Mapping[str, str]) -> int:
    """Write the targets typed in the form (``nama_isian`` → text; empty deletes) for the Renstra
    in force in ``tahun``, all or nothing. Fields not in ``isian`` are left as they are. Returns
    the number of targets changed. A period read by a submitted or signed report is locked
    (pengesahan.guard): refused with its message, nothing written."""
    tabel = build_tabel_target_renstra(satker=satker, tahun=tahun)
    if tabel.renstra_id is None:
        raise IsianDitolak(f"Belum ada Renstra yang mencakup tahun {tahun}.")
    rencana: list[tuple[int, int, Decimal | None]] = []
    masalah: list[str] = []
    for baris in tabel.baris:
        for sel in baris.target:
            if sel.nama_isian not in isian:
                continue
            try:
                baru = _baca_target(isian[sel.nama_isian], nama=baris.nama, tahun=sel.tahun)
            except IsianDitolak as exc:
                masalah.append(exc.pesan)
                continue
            if baru != sel.nilai:
                rencana.append((baris.indikator_id, sel.tahun, baru))
    if masalah:
        raise IsianDitolak(" ".join(masalah) + " Tidak ada target yang disimpan.")
    try:
        with transaction.atomic():
            for indikator_id, t, nilai in rencana:
                if nilai is None:
                    for obj in TargetRenstra.objects.filter(indikator_id=indikator_id, tahun=t):
                        obj.delete()
                else:
                    obj, _ = TargetRenstra.objects.get_or_create(
                        indikator_id=indikator_id, tahun=t, defaults={"nilai": nilai}
                    )
                    if obj.nilai != nilai:
                        obj.nilai = nilai
                        obj.save()
    except ValidationError as exc:  # the lock of a submitted or signed year
        raise IsianDitolak(" ".join(exc.messages)) from exc
    return len(rencana)
