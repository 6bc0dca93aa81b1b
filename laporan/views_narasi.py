"""The narrative editor of the workspace: the sections of the report, their editor with a live
preview, and comments."""

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from laporan.models import Narasi
from laporan.narasi import (
    BagianNarasi,
    KonflikNarasi,
    add_komentar,
    build_nilai_placeholder,
    build_pratinjau,
    get_bagian_narasi,
    get_indikator_tahun,
    list_bagian_narasi,
    list_komentar,
    update_narasi,
    versi_dari,
)
from lkjip.kunci import pesan_kunci
from satker.access import get_satker_tahun_or_404, has_peran, require_peran
from satker.models import Pengguna, Satker

# Who writes the narrative; every other role of the satker reads it and may comment.
PERAN_PENULIS = (Pengguna.Peran.OPERATOR, Pengguna.Peran.ADMIN)
PERAN_KOMENTAR = tuple(Pengguna.Peran.values)


def _url_bagian(satker: Satker, tahun: int, b: BagianNarasi) -> str:
    if b.kunci:
        return reverse(
            "narasi_ubah_kunci",
            kwargs={"kode": satker.kode, "tahun": tahun, "bagian": b.bagian, "kunci": b.kunci},
        )
    return reverse("narasi_ubah", kwargs={"kode": satker.kode, "tahun": tahun, "bagian": b.bagian})


def _pesan_terkunci(satker: Satker, tahun: int) -> str:
    return pesan_kunci(satker=satker, tahun=tahun)


@login_required
def daftar_narasi(request: HttpRequest, kode: str, tahun: int) -> HttpResponse:
    satker, semua_tahun = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    bagian = list_bagian_narasi(satker=satker, tahun=tahun)
    context = {
        "satker": satker,
        "tahun": tahun,
        "semua_tahun": semua_tahun,
        "bagian": [(b, _url_bagian(satker, tahun, b)) for b in bagian],
        "jumlah": len(bagian),
        "jumlah_terisi": sum(1 for b in bagian if b.terisi),
        "boleh_ubah": has_peran(request.user, *PERAN_PENULIS),
        "terkunci": _pesan_terkunci(satker, tahun),
    }
    return render(request, "laporan/narasi/daftar.html", context)


def _render_editor(
    request: HttpRequest,
    *,
    satker: Satker,
    tahun: int,
    semua_tahun: tuple[int, ...],
    b: BagianNarasi,
    teks: str,
    versi: str,
    **extra,
) -> HttpResponse:
    nilai = build_nilai_placeholder(satker=satker, tahun=tahun)
    url = _url_bagian(satker, tahun, b)
    context = {
        "satker": satker,
        "tahun": tahun,
        "semua_tahun": semua_tahun,
        "b": b,
        "teks": teks,
        "versi": versi,
        "pratinjau": build_pratinjau(
            teks=teks, bagian=b.bagian, kunci=b.kunci, judul=b.judul, nilai=nilai
        ),
        "placeholder": nilai.pilihan,
        "placeholder_anggaran": nilai.anggaran,
        "placeholder_rekap": nilai.pilihan_tambahan,
        "komentar": list_komentar(satker=satker, tahun=tahun, bagian=b.bagian, kunci=b.kunci),
        "boleh_ubah": has_peran(request.user, *PERAN_PENULIS),
        "terkunci": _pesan_terkunci(satker, tahun),
        "url_ini": url,
        "konflik": None,
        "galat": (),
        "konfirmasi_hapus": False,
        **extra,
    }
    # A refused save answers 200 like any re-shown form: a 4xx document is a console error in
    # the browser, and the page itself says what happened.
    return render(request, "laporan/narasi/ubah.html", context)


@login_required
def ubah_narasi(
    request: HttpRequest, kode: str, tahun: int, bagian: str, kunci: str = ""
) -> HttpResponse:
    """Read (every role) or write (Operator, Admin) one section of the report's narrative."""
    satker, semua_tahun = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    b = get_bagian_narasi(satker=satker, tahun=tahun, bagian=bagian, kunci=kunci)
    if b is None:
        raise Http404("Bagian narasi ini tidak ada di laporan.")
    if request.method == "POST":
        return _simpan_narasi(request, satker=satker, tahun=tahun, semua_tahun=semua_tahun, b=b)
    return _render_editor(
        request,
        satker=satker,
        tahun=tahun,
        semua_tahun=semua_tahun,
        b=b,
        teks=b.teks,
        versi=versi_dari(b.diperbarui_pada),
    )


@require_peran(*PERAN_PENULIS)
def _simpan_narasi(
    request: HttpRequest,
    *,
    satker: Satker,
    tahun: int,
    semua_tahun: tuple[int, ...],
    b: BagianNarasi,
) -> HttpResponse:
    teks = request.POST.get("teks", "")
    versi = request.POST.get("versi", "")
    editor = {"satker": satker, "tahun": tahun, "semua_tahun": semua_tahun, "b": b}
    if not teks.strip() and not b.terisi and not versi:
        messages.info(request, "Teks kosong; tidak ada yang disimpan.")
        return redirect(_url_bagian(satker, tahun, b))
    if not teks.strip() and b.terisi and request.POST.get("konfirmasi_hapus") != "1":
        return _render_editor(request, **editor, teks="", versi=versi, konfirmasi_hapus=True)
    try:
        hasil = update_narasi(
            satker=satker,
            tahun=tahun,
            bagian=b.bagian,
            kunci=b.kunci,
            teks=teks,
            versi=versi,
            pengguna=request.user,
        )
    except KonflikNarasi as konflik:
        # Their version becomes the one this editor is based on: saving again is a deliberate
        # overwrite by someone who has seen the other text.
        return _render_editor(request, **editor, teks=teks, versi=konflik.versi, konflik=konflik)
    except ValidationError as e:
        return _render_editor(request, **editor, teks=teks, versi=versi, galat=tuple(e.messages))
    if hasil is None:
        messages.success(request, f"Narasi “{b.judul}” dihapus.")
        return redirect("narasi", kode=satker.kode, tahun=tahun)
    messages.success(request, f"Narasi “{b.judul}” disimpan.")
    return redirect(_url_bagian(satker, tahun, b))


@login_required
def pratinjau_narasi(request: HttpRequest, kode: str, tahun: int) -> HttpResponse:
    """The text being written, as the report prints it (HTML fragment for the editor's JS)."""
    # Another satker: 404 before anything else.
    satker, _ = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not has_peran(request.user, *PERAN_PENULIS):
        raise PermissionDenied("Peran Anda tidak diizinkan mengubah narasi.")
    bagian = request.POST.get("bagian", "")
    kunci = request.POST.get("kunci", "")
    b = get_bagian_narasi(satker=satker, tahun=tahun, bagian=bagian, kunci=kunci)
    judul = b.judul if b else dict(Narasi.Bagian.choices).get(bagian, "")
    nilai = build_nilai_placeholder(satker=satker, tahun=tahun)
    pratinjau = build_pratinjau(
        teks=request.POST.get("teks", ""), bagian=bagian, kunci=kunci, judul=judul, nilai=nilai
    )
    return render(request, "laporan/narasi/_pratinjau.html", {"pratinjau": pratinjau})


def _url_aman(request: HttpRequest, url: str) -> bool:
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


@login_required
def komentar(request: HttpRequest, kode: str, tahun: int) -> HttpResponse:
    """The comments of a satker-year (or of one indicator); every role of the satker adds them."""
    satker, semua_tahun = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    indikator = None
    pk = request.GET.get("indikator") or request.POST.get("indikator")
    if pk:
        if not (pk.isascii() and pk.isdigit()):  # "²" is a digit to isdigit, not to int
            raise Http404("Indikator tidak ditemukan.")
        indikator = get_indikator_tahun(satker=satker, tahun=tahun, pk=int(pk))
        if indikator is None:
            raise Http404("Indikator tidak ditemukan.")
    if request.method == "POST":
        return _tambah_komentar(request, satker=satker, tahun=tahun, indikator=indikator)
    daftar = list_komentar(
        satker=satker, tahun=tahun, indikator_id=indikator.pk if indikator else None
    )
    url = {
        (b.bagian, b.kunci): _url_bagian(satker, tahun, b)
        for b in list_bagian_narasi(satker=satker, tahun=tahun)
    }
    context = {
        "satker": satker,
        "tahun": tahun,
        "semua_tahun": semua_tahun,
        "indikator": indikator,
        "komentar": [replace(k, url_bagian=url.get((k.bagian, k.kunci), "")) for k in daftar],
    }
    return render(request, "laporan/narasi/komentar.html", context)


@require_peran(*PERAN_KOMENTAR)
def _tambah_komentar(
    request: HttpRequest, *, satker: Satker, tahun: int, indikator
) -> HttpResponse:
    kembali = request.POST.get("next", "")
    if not _url_aman(request, kembali):
        kembali = reverse("komentar", kwargs={"kode": satker.kode, "tahun": tahun})
        if indikator is not None:
            kembali += f"?indikator={indikator.pk}"
    try:
        add_komentar(
            satker=satker,
            tahun=tahun,
            teks=request.POST.get("teks", ""),
            penulis=request.user,
            bagian=request.POST.get("bagian", ""),
            kunci=request.POST.get("kunci", ""),
            indikator=indikator,
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, "Komentar ditambahkan.")
    return redirect(kembali)
