"""The monitoring page of a KPU Provinsi or KPU RI and its xlsx (docs/pemantauan.md, "Halaman
pemantauan"). Who may open it is satker.access's answer for the satker (its own users, those
above it, superusers); a KPU Kabupaten/Kota has no monitoring page (404), a province or KPU RI with
nothing below it yet says so."""

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max, Q
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_safe

from laporan.ekspor import XLSX
from laporan.models import HasilPemeriksaan
from lkjip.unduhan import bagian_nama, respons_unduhan
from pemantauan import tabel
from pemantauan.grafik import grafik_kategori, grafik_serapan
from pemantauan.rekap import (
    BarisPemantauan,
    Rekap,
    build_pemantauan,
    build_rekap,
    nama_kategori,
    tahun_pemantauan,
)
from pemantauan.xlsx import write_pemantauan
from pengesahan.models import Pengesahan
from satker.access import get_satker_or_404, satker_bawahan
from satker.models import JENIS_MEMBAWAHI, Satker
from satker.revisi import SEMUA, RevisiData, simpanan_bertanda


def _atas_or_404(request: HttpRequest, kode: str) -> Satker:
    atas = get_satker_or_404(user=request.user, kode=kode)
    if atas.jenis not in JENIS_MEMBAWAHI and not atas.bawahan.exists():
        raise Http404("Satker ini tidak membawahi satker lain.")
    return atas


T = TypeVar("T")
PER_HALAMAN = 100


@dataclass(frozen=True)
class Provinsi:
    """One line of KPU RI's per-province summary."""

    provinsi_id: int | None
    nama: str
    rekap: Rekap


@dataclass(frozen=True)
class Isi:
    atas: Satker
    tahun: int
    semua_tahun: tuple[int, ...]
    per_provinsi: bool  # KPU RI's page: a province column, filter and summary
    saringan: tabel.Saringan
    semua: list[BarisPemantauan]  # every row of the year, for the filters' choices
    baris: list[BarisPemantauan]  # the rows shown: filtered and sorted
    rekap: Rekap  # of the rows shown


def _revisi_bawahan(atas: Satker) -> str:
    """One mark for the data of every satker below ``atas``: its own revisions of every year and
    the installation's (satker/revisi.py) — every write below renews the report revision of the
    same years of its province and of KPU RI once it commits (``_perbarui_atasan``), so these few
    rows change with any data below — and their stored consistency checks, which renew no
    revision (laporan.HasilPemeriksaan): how many and the latest. Two short queries, whatever
    the number of satker below."""
    periksa = HasilPemeriksaan.objects.filter(
        satker__in=satker_bawahan(atas).values("pk")
    ).aggregate(jumlah=Count("pk"), terakhir=Max("diperiksa_pada"))
    tanda = (
        RevisiData.objects.filter(Q(satker=atas.pk) | Q(satker=SEMUA, tahun=SEMUA))
        .order_by("satker", "tahun")
        .values_list("satker", "tahun", "laporan", "halaman")
    )
    teks = ",".join(":".join(map(str, b)) for b in tanda)
    teks += f"|{periksa['jumlah']}:{periksa['terakhir']}"
    return hashlib.sha256(teks.encode()).hexdigest()[:32]


def _tersimpan(
    nama: str, *, atas: Satker, tahun: int, revisi: str, tambahan: tuple, buat: Callable[[], T]
) -> T:
    """As ``satker.revisi.simpanan`` for the satker below ``atas``: what ``buat()`` builds, kept
    under their mark ``revisi`` (``_revisi_bawahan``)."""
    return simpanan_bertanda(
        nama,
        satker_id=atas.pk,
        tahun=tahun,
        buat=buat,
        tambahan=tambahan,
        tanda=revisi,
        tanda_kini=lambda: _revisi_bawahan(atas),
    )


def _baris_tersimpan(
    atas: Satker, tahun: int, hari_ini: datetime.date, revisi: str
) -> tuple[BarisPemantauan, ...]:
    """``build_pemantauan`` under the data's revision and the day (the TW states and the deadline
    move with the date)."""
    return _tersimpan(
        "pemantauan",
        atas=atas,
        tahun=tahun,
        revisi=revisi,
        tambahan=(hari_ini,),
        buat=lambda: build_pemantauan(atas=atas, tahun=tahun, hari_ini=hari_ini),
    )


def _atas_tahun_or_404(
    request: HttpRequest, kode: str, tahun: int
) -> tuple[Satker, tuple[int, ...], str]:
    """The satker, the years the satker below have data for (404 for another year) and the
    revision of their data."""
    atas = _atas_or_404(request, kode)
    revisi = _revisi_bawahan(atas)
    semua_tahun = _tersimpan(
        "pemantauan_tahun",
        atas=atas,
        tahun=SEMUA,
        revisi=revisi,
        tambahan=(),
        buat=lambda: tuple(tahun_pemantauan(atas=atas)),
    )
    if tahun not in semua_tahun:
        raise Http404("Belum ada data satker di bawahnya untuk tahun ini.")
    return atas, semua_tahun, revisi


def _build_isi(
    *,
    atas: Satker,
    tahun: int,
    semua_tahun: tuple[int, ...],
    query: QueryDict,
    hari_ini: datetime.date,
    revisi: str,
) -> Isi:
    semua = list(_baris_tersimpan(atas, tahun, hari_ini, revisi))
    per_provinsi = atas.jenis == Satker.Jenis.PUSAT
    saringan = tabel.parse_saringan(query, per_provinsi=per_provinsi)
    baris = tabel.apply_saringan(semua, saringan)
    return Isi(
        atas=atas,
        tahun=tahun,
        semua_tahun=semua_tahun,
        per_provinsi=per_provinsi,
        saringan=saringan,
        semua=semua,
        baris=baris,
        rekap=build_rekap(baris),
    )


def _per_provinsi(isi: Isi) -> list[Provinsi]:
    kelompok: dict[int | None, list[BarisPemantauan]] = {}
    nama: dict[int | None, str] = {}
    for b in isi.baris:
        kelompok.setdefault(b.provinsi_id, []).append(b)
        nama[b.provinsi_id] = b.provinsi
    return sorted(
        (Provinsi(p, nama[p], build_rekap(rows)) for p, rows in kelompok.items()),
        key=lambda p: p.nama.lower(),
    )


@login_required
@require_safe
def pemantauan_indeks(request: HttpRequest, kode: str) -> HttpResponse:
    """The latest year that the satker below have data for."""
    atas = _atas_or_404(request, kode)
    semua_tahun = tahun_pemantauan(atas=atas)
    if not semua_tahun:
        # A province or KPU RI whose satker are not (yet) linked to it, or have no data yet: the
        # workspace navigation links here by the satker's kind, so say so rather than 404.
        ada_bawahan = atas.bawahan.exists()
        return render(
            request, "pemantauan/kosong.html", {"satker": atas, "ada_bawahan": ada_bawahan}
        )
    return redirect("pemantauan", kode=kode, tahun=max(semua_tahun))


@login_required
@require_safe
def pemantauan(request: HttpRequest, kode: str, tahun: int) -> HttpResponse:
    """The page's content is the same for every reader of the satker: kept in the cache under the
    revisions of the satker below, the day and the query string, so a page read again is served
    without building anything."""
    atas, semua_tahun, revisi = _atas_tahun_or_404(request, kode, tahun)
    hari_ini = timezone.localdate()

    def buat() -> str:
        isi = _build_isi(
            atas=atas,
            tahun=tahun,
            semua_tahun=semua_tahun,
            query=request.GET,
            hari_ini=hari_ini,
            revisi=revisi,
        )
        return render_to_string("pemantauan/_isi.html", _context_isi(isi, request.GET))

    isi_html = _tersimpan(
        "pemantauan_isi",
        atas=atas,
        tahun=tahun,
        revisi=revisi,
        tambahan=(hari_ini, request.GET.urlencode()),
        buat=buat,
    )
    context = {
        # Not "satker"+"tahun": this is no workspace of one satker and year (no workspace
        # navigation); the top bar names the satker.
        "satker": atas,
        "tahun_pantau": tahun,
        "isi_html": isi_html,
    }
    return render(request, "pemantauan/halaman.html", context)


def _context_isi(isi: Isi, query: QueryDict) -> dict:
    s = isi.saringan
    kolom = [("nama", "Satker")]
    if isi.per_provinsi:
        kolom.append(("provinsi", "Provinsi"))
    kolom += [
        ("tw1", "TW I"),
        ("tw2", "TW II"),
        ("tw3", "TW III"),
        ("tw4", "TW IV"),
        ("status", "Status laporan"),
        ("capaian", "Capaian kinerja"),
        ("serapan", "Serapan"),
        ("galat", "Galat / peringatan"),
    ]
    kepala = []
    for nama_kolom, label in kolom:
        arah = tabel.TURUN if s.urut == nama_kolom and s.arah == tabel.NAIK else tabel.NAIK
        kepala.append(
            {
                "label": label,
                "query": s.query(urut=nama_kolom, arah=arah),
                "aktif": s.urut == nama_kolom,
                "arah": s.arah,
                "angka": nama_kolom not in ("nama", "provinsi"),
            }
        )
    # KPU RI's 552 rows: a hundred per page (the xlsx holds them all).
    nomor = query.get("halaman", "1")
    nomor = int(nomor) if nomor.isdigit() and int(nomor) > 0 else 1
    jumlah_halaman = max(1, -(-len(isi.baris) // PER_HALAMAN))
    nomor = min(nomor, jumlah_halaman)
    awal, akhir = (nomor - 1) * PER_HALAMAN, min(nomor * PER_HALAMAN, len(isi.baris))
    potongan = {
        "ada": jumlah_halaman > 1,
        "awal": awal + 1,
        "akhir": akhir,
        "sebelum": f"{s.query()}&halaman={nomor - 1}".lstrip("&") if nomor > 1 else "",
        "sesudah": f"{s.query()}&halaman={nomor + 1}".lstrip("&") if nomor < jumlah_halaman else "",
    }
    provinsi = sorted(
        {(b.provinsi_id, b.provinsi) for b in isi.semua if b.provinsi_id}, key=lambda p: p[1]
    )
    return {
        "isi": isi,
        "kepala": kepala,
        "baris": [{"b": b, "terlambat": tabel.terlambat(b)} for b in isi.baris[awal:akhir]],
        "potongan": potongan,
        "per_provinsi": _per_provinsi(isi) if isi.per_provinsi else [],
        "pilihan_status": Pengesahan.Status.choices,
        "pilihan_kategori": nama_kategori(isi.semua),
        "pilihan_provinsi": provinsi,
        "query": s.query(),
        "grafik_kategori": grafik_kategori(isi.rekap),
        "grafik_serapan": grafik_serapan(isi.rekap),
    }


@login_required
@require_safe
def pemantauan_xlsx(request: HttpRequest, kode: str, tahun: int) -> HttpResponse:
    atas, semua_tahun, revisi = _atas_tahun_or_404(request, kode, tahun)
    isi = _build_isi(
        atas=atas,
        tahun=tahun,
        semua_tahun=semua_tahun,
        query=request.GET,
        hari_ini=timezone.localdate(),
        revisi=revisi,
    )
    konten = write_pemantauan(
        baris=isi.baris,
        rekap=isi.rekap,
        nama_atas=isi.atas.nama,
        tahun=tahun,
        per_provinsi=isi.per_provinsi,
    )
    nama = f"Pemantauan-{bagian_nama(isi.atas.nama)}-{tahun}.xlsx"
    return respons_unduhan(konten, nama=nama, content_type=XLSX)
