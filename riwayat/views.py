from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from riwayat.forms import FilterRiwayatForm
from riwayat.models import Unggahan
from riwayat.services import (
    PELACAKAN_MENURUT_KODE,
    build_baris,
    list_tahun_riwayat,
    nama_riwayat,
    query_pengguna_riwayat,
    query_riwayat,
    query_riwayat_objek,
    rincian,
)
from satker.access import get_satker_or_404, satker_path
from satker.services import list_tahun

PER_HALAMAN = 50
# What the upload history shows (never what was read from the file)
KOLOM_UNGGAHAN = (
    "satker_id",
    "tahun",
    "jenis",
    "diunggah_oleh",
    "waktu",
    "diterapkan_pada",
    "nama_berkas",
    "ukuran",
    "status",
)
BIGINT_MAX = 2**63 - 1  # a larger id in the URL would overflow the query


@login_required
def riwayat(request: HttpRequest, kode: str) -> HttpResponse:
    """The satker's recent changes, with filters; every role of the satker may read it."""
    satker = get_satker_or_404(user=request.user, kode=kode)
    form = FilterRiwayatForm(
        request.GET or None,
        tahun=list_tahun_riwayat(satker=satker),
        pengguna=query_pengguna_riwayat(satker=satker),
    )
    filter_ = form.to_filter() if form.is_bound else None
    halaman = Paginator(query_riwayat(satker=satker, filter=filter_), PER_HALAMAN).get_page(
        request.GET.get("halaman")
    )
    semua_tahun = list_tahun(satker=satker)
    tahun_filter = form.cleaned_data.get("tahun") if form.is_bound and form.is_valid() else None
    context = {
        "satker": satker,
        "form": form,
        "halaman": halaman,
        "baris": build_baris(halaman.object_list),
        # The workspace navigation: the year filtered on, else the latest year with data.
        "tahun": int(tahun_filter) if tahun_filter else (semua_tahun[-1] if semua_tahun else None),
        "semua_tahun": semua_tahun,
    }
    return render(request, "riwayat/daftar.html", context)


@login_required
def riwayat_unggahan(request: HttpRequest, kode: str) -> HttpResponse:
    """Every spreadsheet upload of the satker (budget, indicator workbook, data workbook): who
    uploaded which file when, and what became of it; every role of the satker may read it."""
    satker = get_satker_or_404(user=request.user, kode=kode)
    halaman = Paginator(
        Unggahan.objects.filter(satker=satker)
        .select_related("diunggah_oleh")
        .only(*KOLOM_UNGGAHAN),
        PER_HALAMAN,
    ).get_page(request.GET.get("halaman"))
    semua_tahun = list_tahun(satker=satker)
    context = {
        "satker": satker,
        "halaman": halaman,
        "tahun": semua_tahun[-1] if semua_tahun else None,
        "semua_tahun": semua_tahun,
    }
    return render(request, "riwayat/unggahan.html", context)


@login_required
def riwayat_objek(request: HttpRequest, kode: str, jenis: str, objek_id: int) -> HttpResponse:
    """One row's history. 404 unless the row is the satker's (or, once deleted, was)."""
    satker = get_satker_or_404(user=request.user, kode=kode)
    pelacakan = PELACAKAN_MENURUT_KODE.get(jenis)
    # A kind without a path to its satker cannot be scoped: not found rather than a failure.
    path = satker_path(pelacakan.model) if pelacakan is not None else None
    if not path or objek_id > BIGINT_MAX:
        raise Http404("Data tidak ditemukan.")
    objek = pelacakan.model._default_manager.filter(pk=objek_id).milik(satker=satker).first()
    # A deleted row keeps its history, recorded under the satker it belonged to.
    if (
        objek is None
        and not query_riwayat_objek(satker=satker, pelacakan=pelacakan, objek_id=objek_id).exists()
    ):
        raise Http404("Data tidak ditemukan.")
    semua = query_riwayat_objek(
        satker=satker, pelacakan=pelacakan, objek_id=objek_id, dengan_rincian=True
    )
    halaman = Paginator(semua, PER_HALAMAN).get_page(request.GET.get("halaman"))
    baris = build_baris(halaman.object_list)
    if objek is not None:
        nama = nama_riwayat(objek)
    else:
        nama = baris[0].objek if baris else str(objek_id)
    context = {
        "satker": satker,
        "pelacakan": pelacakan,
        "nama_objek": nama,
        "dihapus": objek is None,
        # An indicator's page also lists its realisations and documents: name each row.
        "satu_objek": not rincian(pelacakan),
        "halaman": halaman,
        "baris": baris,
    }
    return render(request, "riwayat/objek.html", context)
