"""The Perjanjian Kinerja as a page and as a PDF, for every role of the satker."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from kinerja.perjanjian import (
    DokumenPerjanjian,
    build_perjanjian,
    get_perjanjian,
    nama_berkas_perjanjian,
)
from lkjip.pdf import html_ke_pdf
from lkjip.unduhan import respons_unduhan
from satker.access import get_satker_tahun_or_404
from satker.models import Satker


def _versi_diminta(request: HttpRequest) -> int | None:
    teks = request.GET.get("versi", "").strip()
    if not teks:
        return None
    if not (teks.isascii() and teks.isdigit()):  # "²" is a digit to isdigit, not to int
        raise Http404("Versi Perjanjian Kinerja tidak dikenal.")
    return int(teks)


def _dokumen(request: HttpRequest, kode: str, tahun: int):
    """(satker, semua_tahun, versi asked for, document or None when the year has no PK)."""
    satker, semua_tahun = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    versi = _versi_diminta(request)
    pk = get_perjanjian(satker=satker, tahun=tahun, versi=versi)
    if pk is None and versi is not None:
        raise Http404(f"Perjanjian Kinerja tahun {tahun} versi {versi} tidak ada.")
    dokumen = build_perjanjian(satker=satker, pk=pk) if pk is not None else None
    return satker, semua_tahun, versi, dokumen


@login_required
def perjanjian_kinerja(request: HttpRequest, kode: str, tahun: int) -> HttpResponse:
    # A year with only a budget still answers (the year switch leads here), saying the PK is
    # missing.
    satker, semua_tahun, versi, dokumen = _dokumen(request, kode, tahun)
    context = {
        "satker": satker,
        "tahun": tahun,
        "semua_tahun": semua_tahun,
        "dokumen": dokumen,
        "versi_diminta": versi,
    }
    return render(request, "kinerja/perjanjian/halaman.html", context)


def render_pdf_perjanjian(dokumen: DokumenPerjanjian) -> bytes:
    html = render_to_string("kinerja/perjanjian/cetak.html", {"dokumen": dokumen, "cetak": True})
    return html_ke_pdf(html)


def _nama_berkas(satker: Satker, dokumen: DokumenPerjanjian, versi: int | None) -> str:
    # The version is named only when an earlier one was asked for, so the usual download keeps
    # the plain name.
    return nama_berkas_perjanjian(
        satker=satker, tahun=dokumen.tahun, versi=None if dokumen.terkini else versi
    )


@login_required
def perjanjian_kinerja_pdf(request: HttpRequest, kode: str, tahun: int) -> HttpResponse:
    satker, _, versi, dokumen = _dokumen(request, kode, tahun)
    if dokumen is None:
        raise Http404(f"Perjanjian Kinerja tahun {tahun} belum ada.")
    nama = f"{_nama_berkas(satker, dokumen, versi)}.pdf"
    return respons_unduhan(
        render_pdf_perjanjian(dokumen), nama=nama, content_type="application/pdf"
    )
