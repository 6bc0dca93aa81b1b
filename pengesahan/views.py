import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from laporan.pemeriksaan import GALAT
from laporan.pemeriksaan_tersimpan import periksa_dan_simpan
from lkjip.unduhan import respons_unduhan
from pengesahan import services
from pengesahan.models import DokumenTertandatangani
from pengesahan.signing import (
    GagalMenandatangani,
    Penandatangan,
    PenandatanganBSrE,
    PenandatanganPKCS12,
)
from pengesahan.verifikasi import verifikasi_pdf
from satker.access import get_satker_or_404, get_satker_tahun_or_404
from satker.dua_faktor import wajib_dua_faktor
from satker.models import Satker

BATAS_UNGGAH = 50 * 1024 * 1024


def _satker(request: HttpRequest, kode: str) -> Satker:
    return get_satker_or_404(user=request.user, kode=kode)


def _satker_tahun(request: HttpRequest, kode: str, tahun: int) -> Satker:
    """404 also for a year without data, before its Pengesahan row could be created."""
    return get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)[0]


def _ke_laporan(kode: str, tahun: int) -> HttpResponse:
    """Back to the report page, scrolled to the step's message (base.html's #pesan, just above
    the report's heading and its signing block): at #pengesahan the message was above the fold."""
    return redirect(reverse("laporan", kwargs={"kode": kode, "tahun": tahun}) + "#pesan")


def _pesan_galat(e: ValidationError) -> str:
    return " ".join(e.messages)


@login_required
def ajukan(request: HttpRequest, kode: str, tahun: int) -> HttpResponse:
    """GET: the findings with a reason field for each warning; POST: submit."""
    satker = _satker_tahun(request, kode, tahun)
    services.pastikan_peran(user=request.user, aksi="ajukan")
    pengesahan = services.get_pengesahan(satker=satker, tahun=tahun)
    if request.method == "POST":
        alasan = {
            k.removeprefix("alasan_"): v for k, v in request.POST.items() if k.startswith("alasan_")
        }
        try:
            services.ajukan(
                satker=satker,
                tahun=tahun,
                user=request.user,
                alasan=alasan,
                komentar=request.POST.get("komentar", ""),
            )
        except ValidationError as e:
            messages.error(request, _pesan_galat(e))
        else:
            messages.success(request, "Laporan diajukan untuk disetujui.")
            return _ke_laporan(kode, tahun)
    temuan = periksa_dan_simpan(satker=satker, tahun=tahun)
    context = {
        "satker": satker,
        "tahun": tahun,
        "pengesahan": pengesahan,
        "galat": [t for t in temuan if t.tingkat == GALAT],
        "peringatan": [
            (
                services.kunci_temuan(t),
                t,
                request.POST.get(f"alasan_{services.kunci_temuan(t)}", ""),
            )
            for t in temuan
            if t.tingkat != GALAT
        ],
    }
    return render(request, "pengesahan/ajukan.html", context)


def _langkah(request: HttpRequest, kode: str, tahun: int, langkah, berhasil: str) -> HttpResponse:
    """One workflow step taking only a comment: the service checks role and order."""
    satker = _satker_tahun(request, kode, tahun)
    try:
        langkah(
            satker=satker, tahun=tahun, user=request.user, komentar=request.POST.get("komentar", "")
        )
    except ValidationError as e:
        messages.error(request, _pesan_galat(e))
    else:
        messages.success(request, berhasil)
    return _ke_laporan(kode, tahun)


@login_required
@wajib_dua_faktor
@require_POST
def setujui(request: HttpRequest, kode: str, tahun: int) -> HttpResponse:
    return _langkah(
        request, kode, tahun, services.setujui, "Laporan disetujui; menunggu tanda tangan Ketua."
    )


@login_required
@wajib_dua_faktor
@require_POST
def kembalikan(request: HttpRequest, kode: str, tahun: int) -> HttpResponse:
    return _langkah(request, kode, tahun, services.kembalikan, "Laporan dikembalikan ke Operator.")


def _penandatangan(request: HttpRequest) -> Penandatangan:
    if settings.PENGESAHAN_PENANDATANGAN == "bsre":
        return PenandatanganBSrE(
            nik=request.POST.get("nik", "").strip(),
            email=request.POST.get("email", "").strip(),
            passphrase=request.POST.get("passphrase", ""),
            totp=request.POST.get("totp", "").strip(),
        )
    return PenandatanganPKCS12(passphrase=request.POST.get("passphrase") or None)


def _url_verifikasi(request: HttpRequest) -> str:
    return services.pola_url_verifikasi(
        base_url=settings.PENGESAHAN_BASE_URL or request.build_absolute_uri("/")
    )


@login_required
@wajib_dua_faktor
def tandatangani(request: HttpRequest, kode: str, tahun: int) -> HttpResponse:
    """GET: the signing form (passphrase, or NIK and passphrase/TOTP for BSrE); POST: sign."""
    satker = _satker_tahun(request, kode, tahun)
    services.pastikan_peran(user=request.user, aksi="tandatangani")
    if request.method == "POST":
        try:
            dokumen = services.tandatangani(
                satker=satker,
                tahun=tahun,
                user=request.user,
                penandatangan=_penandatangan(request),
                url_verifikasi=_url_verifikasi(request),
            )
        except ValidationError as e:
            messages.error(request, _pesan_galat(e))
        except GagalMenandatangani as e:
            messages.error(request, str(e))
        else:
            messages.success(
                request, f"Laporan ditandatangani (versi {dokumen.versi}); datanya kini dikunci."
            )
            return _ke_laporan(kode, tahun)
    context = {
        "satker": satker,
        "tahun": tahun,
        "pengesahan": services.get_pengesahan(satker=satker, tahun=tahun),
        "bsre": settings.PENGESAHAN_PENANDATANGAN == "bsre",
    }
    return render(request, "pengesahan/tandatangani.html", context)


@login_required
@wajib_dua_faktor
@require_POST
def revisi(request: HttpRequest, kode: str, tahun: int) -> HttpResponse:
    return _langkah(
        request, kode, tahun, services.revisi, "Revisi dibuka: data dapat diubah kembali."
    )


@login_required
def unduh(request: HttpRequest, id: uuid.UUID) -> HttpResponse:
    """The signed PDF, byte for byte, for every role of its satker."""
    dokumen = get_object_or_404(
        DokumenTertandatangani.objects.select_related("pengesahan__satker"), id=id
    )
    _satker(request, dokumen.satker.kode)  # 404 for another satker's users
    return _respons_dokumen(dokumen)


def _respons_dokumen(dokumen: DokumenTertandatangani) -> HttpResponse:
    response = respons_unduhan(
        bytes(dokumen.pdf), nama=dokumen.nama_berkas, content_type="application/pdf"
    )
    response["X-Content-SHA256"] = dokumen.sha256
    return response


def unduhan_sah(*, satker: Satker, tahun: int) -> HttpResponse | None:
    """The report's download on a signed year (lkjip.kunci.unduhan_sah): the signed file.
    The caller has checked the reader's satker."""
    dokumen = services.get_dokumen_sah(satker=satker, tahun=tahun)
    return None if dokumen is None else _respons_dokumen(dokumen)


def verifikasi(request: HttpRequest, id: uuid.UUID | None = None) -> HttpResponse:
    """Public (no login): the document's facts by the id from the QR code, and a PDF check."""
    dokumen = None
    if id is not None:
        dokumen = get_object_or_404(
            DokumenTertandatangani.objects.select_related("pengesahan__satker"), id=id
        )
    hasil = None
    galat = ""
    if request.method == "POST":
        berkas = request.FILES.get("berkas")
        if berkas is None:
            galat = "Pilih berkas PDF yang akan diperiksa."
        elif berkas.size > BATAS_UNGGAH:
            galat = "Berkas terlalu besar (maksimal 50 MB)."
        else:
            hasil = verifikasi_pdf(berkas.read())
    context = {"dokumen": dokumen, "hasil": hasil, "galat": galat}
    return render(request, "pengesahan/verifikasi.html", context)
