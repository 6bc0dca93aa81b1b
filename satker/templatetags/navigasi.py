"""The workspace navigation of a satker and year (templates/_navigasi.html).

Built from the URLconf rather than typed into the template, so that the year switch can point at the
same page of another year and a section whose page is not there yet is simply left out.
"""

from dataclasses import dataclass

from django import template
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from satker.models import JENIS_MEMBAWAHI

register = template.Library()


@dataclass(frozen=True)
class Bagian:
    """A section of the workspace: label, main URL name and the URL names that belong to it."""

    label: str
    url_name: str
    awalan: tuple[str, ...] = ()  # URL names starting with one of these belong to the section

    def memuat(self, url_name: str) -> bool:
        return url_name == self.url_name or url_name.startswith(self.awalan)


BAGIAN: tuple[Bagian, ...] = (
    Bagian("Dashboard", "ringkasan"),
    Bagian("Renstra", "renstra_target"),
    Bagian("Rencana Aksi", "rencana_aksi", ("rencana_aksi_",)),
    Bagian("Realisasi", "realisasi", ("realisasi_", "bukti", "dokumen_")),
    Bagian("Triwulan", "triwulan", ("triwulan_",)),
    # What the user owns and what is due (docs/triwulan.md); the Admin names the owners there.
    Bagian("Indikator saya", "indikator_saya", ("penanggung_jawab",)),
    Bagian("Narasi", "narasi", ("narasi_", "komentar")),
    Bagian("Anggaran", "anggaran_pohon"),
    Bagian("Laporan", "laporan", ("laporan_", "tabel_xlsx", "pengesahan_", "perjanjian_kinerja")),
    Bagian("Riwayat", "riwayat", ("riwayat_",)),
)


@dataclass(frozen=True)
class Tautan:
    label: str
    url: str
    # "page" on the section's own page, "true" on one of its sub-pages, "" elsewhere (aria-current).
    aktif: str


@dataclass(frozen=True)
class Navigasi:
    tautan: tuple[Tautan, ...]
    tahun: tuple[Tautan, ...]


def _reverse(url_name: str, kwargs: dict) -> str | None:
    try:
        return reverse(url_name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def build_navigasi(
    *,
    request: HttpRequest | None,
    kode: str,
    tahun: int,
    semua_tahun: tuple[int, ...],
    membawahi: bool = False,
) -> Navigasi:
    match = getattr(request, "resolver_match", None)
    sekarang = match.url_name if match is not None and match.url_name else ""
    tautan = []
    for bagian in BAGIAN:
        if bagian.url_name == "riwayat":
            # The history is satker-wide; it opens filtered on this year.
            url = _reverse("riwayat", {"kode": kode})
            url = f"{url}?tahun={tahun}" if url else None
        else:
            url = _reverse(bagian.url_name, {"kode": kode, "tahun": tahun})
        if url is None:
            continue
        if sekarang == bagian.url_name:
            aktif = "page"
        elif sekarang and bagian.memuat(sekarang):
            aktif = "true"
        else:
            aktif = ""
        tautan.append(Tautan(bagian.label, url, aktif))
    if membawahi:
        # A province or KPU RI: the monitoring of the satker below it (docs/pemantauan.md).
        url = _reverse("pemantauan_indeks", {"kode": kode})
        if url is not None:
            tautan.append(Tautan("Pemantauan", url, ""))

    # The same page in another year when the page has a year in its URL; else that year's dashboard.
    kwargs = dict(match.kwargs) if match is not None else {}
    per_tahun = []
    for t in semua_tahun:
        url = None
        if match is not None and "tahun" in kwargs and "kode" in kwargs:
            url = _reverse(match.view_name, {**kwargs, "tahun": t})
        elif sekarang == "riwayat":
            url = f"{reverse('riwayat', kwargs={'kode': kode})}?tahun={t}"
        if url is None:
            url = reverse("ringkasan", kwargs={"kode": kode, "tahun": t})
        per_tahun.append(Tautan(str(t), url, "page" if t == tahun else ""))
    return Navigasi(tuple(tautan), tuple(per_tahun))


@register.simple_tag(takes_context=True)
def navigasi_ruang_kerja(context: template.Context) -> Navigasi:
    """``{% navigasi_ruang_kerja as nav %}`` with ``satker``, ``tahun`` (and ``semua_tahun``)
    in the context; nothing when they are not a satker and a year."""
    satker = context.get("satker")
    kode = getattr(satker, "kode", None)
    try:
        tahun = int(context.get("tahun"))
    except (TypeError, ValueError):
        tahun = None
    if not kode or tahun is None:
        return Navigasi((), ())
    return build_navigasi(
        request=context.get("request"),
        kode=kode,
        tahun=tahun,
        semua_tahun=tuple(context.get("semua_tahun") or ()),
        # By its kind, not a query on every page: a province or KPU RI has satker below it.
        membawahi=getattr(satker, "jenis", None) in JENIS_MEMBAWAHI,
    )
