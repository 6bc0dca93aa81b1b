"""The rencana aksi (RENAKSI) of a satker's year: the workspace page where Operators and Admins
enter the TW targets, planned actions and monthly targets per indicator (one form per indicator,
through ``kinerja.renaksi.simpan_rencana_aksi``), and the printable document (page, PDF, xlsx) for
every role of the satker. docs/triwulan.md."""

from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from kinerja.jadwal import status_triwulan
from kinerja.models import RencanaAksi, Triwulan
from kinerja.renaksi import (
    BULAN,
    BarisRenaksi,
    Galat,
    RencanaDitolak,
    baca_isian,
    build_rencana_aksi,
    simpan_rencana_aksi,
)
from kinerja.renaksi_dokumen import (
    DokumenRenaksi,
    build_dokumen_renaksi,
    nama_berkas_renaksi,
    xlsx_renaksi,
)
from kinerja.services import KonflikPenyimpanan, get_indikator_berlaku
from kinerja.views import PENGISI, XLSX
from lkjip.isian import IsianDitolak
from lkjip.kunci import pesan_kunci
from lkjip.pdf import html_ke_pdf
from lkjip.unduhan import respons_unduhan
from satker.access import get_satker_tahun_or_404, has_peran
from satker.models import Satker


@dataclass
class FormRenaksi:
    """One indicator's form: the stored values, or the typed ones of a refused save with their
    messages."""

    baris: BarisRenaksi
    target: tuple[str, ...]
    rencana: tuple[str, ...]
    bulan: tuple[str, ...]
    galat: dict[str, str] = field(default_factory=dict)
    pesan: str = ""  # the refusal as a whole
    konflik: bool = False

    @classmethod
    def dari(cls, baris: BarisRenaksi) -> "FormRenaksi":
        return cls(baris, baris.target_tw_isian, baris.rencana_tw, baris.bulan_isian)

    @property
    def tw(self) -> list[tuple]:
        """(tw, label, target typed, its message, rencana typed, its message) per TW."""
        return [
            (
                tw,
                Triwulan(tw).label,
                self.target[tw - 1],
                self.galat.get(f"target{tw}", ""),
                self.rencana[tw - 1],
                self.galat.get(f"rencana{tw}", ""),
            )
            for tw in Triwulan.values
        ]

    @property
    def bulan_per_tw(self) -> list[tuple]:
        """(TW label, [(month, name, typed, its message), …]) for the monthly targets."""
        return [
            (
                Triwulan(tw).label,
                [
                    (b, BULAN[b - 1], self.bulan[b - 1], self.galat.get(f"bulan{b}", ""))
                    for b in range(tw * 3 - 2, tw * 3 + 1)
                ],
            )
            for tw in Triwulan.values
        ]

    @property
    def buka_bulan(self) -> bool:
        return self.baris.ada_bulan or any(k.startswith("bulan") for k in self.galat)


def _nomor(teks: str) -> int | None:
    return int(teks) if teks.isascii() and teks.isdigit() and len(teks) < 19 else None


def _bisa_ubah(request: HttpRequest) -> bool:
    return has_peran(request.user, *PENGISI)


def _halaman(
    request: HttpRequest,
    satker: Satker,
    tahun: int,
    semua_tahun,
    ditolak: FormRenaksi | None = None,
    status: int = 200,
) -> HttpResponse:
    data = build_rencana_aksi(satker=satker, tahun=tahun)
    terkunci = pesan_kunci(satker=satker, tahun=tahun, model=RencanaAksi)
    kelompok = []
    for s in data.sasaran:
        forms = [
            ditolak
            if ditolak and ditolak.baris.indikator_id == b.indikator_id
            else FormRenaksi.dari(b)
            for b in s.indikator
        ]
        kelompok.append((s, forms))
    tw_status = status_triwulan(satker_id=satker.pk, tahun=tahun)
    context = {
        "satker": satker,
        "tahun": tahun,
        "semua_tahun": semua_tahun,
        "data": data,
        "kelompok": kelompok,
        "terkunci": terkunci,
        "bisa_ubah": _bisa_ubah(request) and not terkunci,
        "tertutup": [s for s in tw_status.values() if s.tertutup],
        "tersimpan": _nomor(request.GET.get("tersimpan", "")),
        "sama": _nomor(request.GET.get("sama", "")),
    }
    return render(request, "kinerja/renaksi/halaman.html", context, status=status)


@login_required
def rencana_aksi(request: HttpRequest, kode: str, tahun: int) -> HttpResponse:
    """Every indicator of the PK in force with its TW targets and planned actions; a form per
    indicator for Operators and Admins."""
    satker, semua_tahun = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    return _halaman(request, satker, tahun, semua_tahun)


@login_required
@require_POST
def simpan_renaksi(request: HttpRequest, kode: str, tahun: int, indikator: int) -> HttpResponse:
    """Save one indicator's form as a whole (its four TWs and its months), or nothing."""
    satker, semua_tahun = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    # The satker is checked first (404 for another satker's users), then the role (403).
    if not _bisa_ubah(request):
        raise PermissionDenied("Hanya Operator dan Admin yang dapat mengisi rencana aksi.")
    obj = get_indikator_berlaku(satker=satker, tahun=tahun, indikator_id=indikator)
    if obj is None:
        raise Http404("Indikator tidak ditemukan pada Perjanjian Kinerja yang berlaku.")
    post = request.POST
    target = [post.get(f"target{tw}", "") for tw in Triwulan.values]
    rencana = [post.get(f"rencana{tw}", "") for tw in Triwulan.values]
    bulan = [post.get(f"bulan{b}", "") for b in range(1, 13)]
    galat: dict[tuple[int, str], Galat] = {}
    isian = baca_isian(indikator=obj, target=target, rencana=rencana, bulan=bulan, galat=galat)
    try:
        hasil = simpan_rencana_aksi(
            satker=satker,
            tahun=tahun,
            isian=[isian],
            user=request.user,
            sidik={obj.pk: post.get("sidik", "")},
            galat=galat,
        )
    except IsianDitolak as exc:
        baris = next(
            b
            for b in build_rencana_aksi(satker=satker, tahun=tahun).indikator
            if b.indikator_id == obj.pk
        )
        ditolak = FormRenaksi(
            baris,
            tuple(target),
            tuple(rencana),
            tuple(bulan),
            galat={m: g.pesan for (_, m), g in exc.galat.items()}
            if isinstance(exc, RencanaDitolak)
            else {},
            pesan=exc.pesan,
            konflik=isinstance(exc, KonflikPenyimpanan),
        )
        if ditolak.konflik:  # what is stored now, with the typed values gone: said in the message
            ditolak = FormRenaksi.dari(baris)
            ditolak.pesan, ditolak.konflik = exc.pesan, True
        return _halaman(
            request, satker, tahun, semua_tahun, ditolak, status=409 if ditolak.konflik else 422
        )
    # The answer is said in the indicator's own card, where the anchor scrolls to (a message at
    # the top of the page would be out of view); the warnings are shown there on every visit.
    tujuan = reverse("rencana_aksi", kwargs={"kode": satker.kode, "tahun": tahun})
    hasil_teks = "tersimpan" if hasil.diubah else "sama"
    return redirect(f"{tujuan}?{hasil_teks}={obj.pk}#renaksi-{obj.pk}")


# --- The printable document -------------------------------------------------------------------


def _dokumen(request: HttpRequest, kode: str, tahun: int):
    satker, semua_tahun = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    return satker, semua_tahun, build_dokumen_renaksi(satker=satker, tahun=tahun)


def _pastikan_ada(dokumen: DokumenRenaksi | None, tahun: int) -> DokumenRenaksi:
    if dokumen is None:
        raise Http404(f"Perjanjian Kinerja tahun {tahun} belum ada.")
    return dokumen


@login_required
def rencana_aksi_dokumen(request: HttpRequest, kode: str, tahun: int) -> HttpResponse:
    satker, semua_tahun, dokumen = _dokumen(request, kode, tahun)
    context = {"satker": satker, "tahun": tahun, "semua_tahun": semua_tahun, "dokumen": dokumen}
    return render(request, "kinerja/renaksi/dokumen.html", context)


def render_pdf_renaksi(dokumen: DokumenRenaksi) -> bytes:
    html = render_to_string("kinerja/renaksi/cetak.html", {"dokumen": dokumen, "cetak": True})
    return html_ke_pdf(html)


@login_required
def rencana_aksi_pdf(request: HttpRequest, kode: str, tahun: int) -> HttpResponse:
    satker, _, dokumen = _dokumen(request, kode, tahun)
    dokumen = _pastikan_ada(dokumen, tahun)
    nama = f"{nama_berkas_renaksi(satker=satker, tahun=tahun)}.pdf"
    return respons_unduhan(render_pdf_renaksi(dokumen), nama=nama, content_type="application/pdf")


@login_required
def rencana_aksi_xlsx(request: HttpRequest, kode: str, tahun: int) -> HttpResponse:
    satker, _, dokumen = _dokumen(request, kode, tahun)
    dokumen = _pastikan_ada(dokumen, tahun)
    nama = f"{nama_berkas_renaksi(satker=satker, tahun=tahun)}.xlsx"
    return respons_unduhan(xlsx_renaksi(dokumen), nama=nama, content_type=XLSX)
