from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.views.decorators.http import require_http_methods, require_safe

from anggaran.forms import ImporAnggaranForm, RencanaPenarikanForm, RevisiDipaForm
from anggaran.grafik import grafik_realisasi_bulanan
from anggaran.impor import (
    BerkasDitolak,
    ImporGagal,
    apply_impor,
    cancel_impor,
    create_impor,
    list_masalah,
    read_pratinjau,
)
from anggaran.impor.layanan import DataRevisi, create_pemetaan, map_impor
from anggaran.impor.pemetaan import PemetaanForm, build_grid
from anggaran.impor.tata_letak import JudulTidakDitemukan
from anggaran.impor.templat import write_templat, write_templat_contoh, write_templat_dari
from anggaran.models import BarisAnggaran, ImporAnggaran, PemetaanKolom, RencanaPenarikan
from anggaran.pohon import build_cabang
from anggaran.services import (
    RingkasanAnggaran,
    build_pohon_anggaran,
    build_realisasi_tahun,
    list_rencana_penarikan,
    list_revisi_dipa,
    simpan_rencana_penarikan,
)
from lkjip.kunci import pesan_kunci
from lkjip.unduhan import respons_unduhan
from satker.access import get_satker_or_404, get_satker_tahun_or_404, has_peran, require_peran
from satker.models import Pengguna
from satker.revisi import simpanan
from satker.services import list_tahun

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ADMIN = Pengguna.Peran.ADMIN


def _xlsx(isi: bytes, nama: str) -> HttpResponse:
    return respons_unduhan(isi, nama=nama, content_type=XLSX)


@login_required
@require_peran(ADMIN)
@require_http_methods(["GET", "POST"])
def impor_anggaran(request: HttpRequest, kode: str) -> HttpResponse:
    """Upload a budget spreadsheet; it is read and kept for the preview, nothing else is written."""
    satker = get_satker_or_404(user=request.user, kode=kode)
    semua_tahun = list_tahun(satker=satker)
    if request.method == "POST":
        form = ImporAnggaranForm(request.POST, request.FILES)
        if form.is_valid():
            berkas = form.cleaned_data["berkas"]
            data = berkas.read()
            isian = {
                "satker": satker,
                "tahun": form.cleaned_data["tahun"],
                "data": data,
                "nama_berkas": berkas.name,
                "ribuan": form.cleaned_data["ribuan"],
                "pengguna": request.user,
            }
            try:
                impor, _ = create_impor(**isian)
            except JudulTidakDitemukan as exc:
                # No header recognised: the preview shows the first rows to map the columns.
                impor = create_pemetaan(**isian, galat=exc)
                return redirect("pratinjau_impor_anggaran", kode=satker.kode, pk=impor.pk)
            except BerkasDitolak as exc:
                form.add_error("berkas", exc.pesan)
            else:
                return redirect("pratinjau_impor_anggaran", kode=satker.kode, pk=impor.pk)
    else:
        form = ImporAnggaranForm(initial={"tahun": semua_tahun[-1] if semua_tahun else None})
    riwayat = list(
        ImporAnggaran.objects.filter(satker=satker)
        .select_related("diunggah_oleh")
        .defer("baris", "berkas")[:30]
    )
    context = {"satker": satker, "form": form, "riwayat": riwayat, "semua_tahun": semua_tahun}
    return render(request, "anggaran/impor.html", context)


@login_required
@require_peran(ADMIN)
@require_http_methods(["GET", "POST"])
def pratinjau_impor(request: HttpRequest, kode: str, pk: int) -> HttpResponse:
    """Show what the file would change; on confirmation apply it in one transaction."""
    satker = get_satker_or_404(user=request.user, kode=kode)
    # By ``id`` (the upload's, riwayat.Unggahan): a pk lookup goes through the parent link, which
    # does not refuse a number larger than the column as Django's integer lookups do.
    impor = get_object_or_404(ImporAnggaran, id=pk, satker=satker)
    bisa_petakan = impor.berkas is not None and impor.status in (
        ImporAnggaran.Status.PEMETAAN,
        ImporAnggaran.Status.PRATINJAU,
    )
    contoh = impor.ringkasan.get("contoh") or {}
    form_peta = None
    aksi = request.POST.get("aksi", "terapkan") if request.method == "POST" else None
    if bisa_petakan and contoh:
        if aksi == "petakan":
            form_peta = PemetaanForm(request.POST, contoh=contoh)
            if form_peta.is_valid():
                try:
                    map_impor(
                        impor=impor,
                        tanda=form_peta.tanda(),
                        judul=form_peta.judul(),
                        kolom=form_peta.kolom(),
                        pengguna=request.user,
                    )
                except (BerkasDitolak, ImporGagal) as exc:
                    form_peta.add_error(None, getattr(exc, "pesan", str(exc)))
                else:
                    messages.success(
                        request,
                        "Pemetaan kolom disimpan untuk satker ini dan dipakai lagi untuk berkas "
                        "dengan baris judul yang sama.",
                    )
                    return redirect("pratinjau_impor_anggaran", kode=satker.kode, pk=impor.pk)
        elif aksi is None and (
            impor.status == ImporAnggaran.Status.PEMETAAN or request.GET.get("petakan")
        ):
            form_peta = PemetaanForm(initial=_awal_peta(impor, contoh), contoh=contoh)
    if aksi is not None and aksi != "petakan":
        try:
            if aksi == "batal":
                cancel_impor(impor=impor)
                messages.info(
                    request, f"Impor {impor.nama_berkas} dibatalkan; tidak ada yang diubah."
                )
                return redirect("impor_anggaran", kode=satker.kode)
            form_revisi = RevisiDipaForm(request.POST)
            if not form_revisi.is_valid():
                raise ImporGagal(
                    "Keterangan revisi DIPA tidak sah: "
                    + " ".join(e for daftar in form_revisi.errors.values() for e in daftar)
                )
            data = form_revisi.cleaned_data
            revisi = DataRevisi(
                ke=data["revisi_ke"], tanggal=data["revisi_tanggal"], nomor=data["revisi_nomor"]
            )
            hitung = apply_impor(impor=impor, revisi=revisi)
        except ImporGagal as exc:
            messages.error(request, str(exc))
            return redirect("pratinjau_impor_anggaran", kode=satker.kode, pk=impor.pk)
        pesan = (
            f"Anggaran {impor.tahun} diperbarui dari {impor.nama_berkas}: {hitung['ditambah']} "
            f"baris ditambah, {hitung['diubah']} diubah, {hitung['dihapus']} dihapus."
        )
        if "revisi_dipa" in hitung:
            ke = hitung["revisi_dipa"]
            pesan += " Dicatat sebagai " + ("pagu awal." if ke == 0 else f"revisi DIPA ke-{ke}.")
        messages.success(request, pesan)
        return redirect("ringkasan", kode=satker.kode, tahun=impor.tahun)
    masalah = list_masalah(impor)
    pratinjau = None
    if impor.status == ImporAnggaran.Status.PRATINJAU:
        pratinjau = read_pratinjau(impor)
        if pratinjau.sidik != impor.sidik_data:
            # Saving would be refused (apply_impor re-checks the base): say so before the click.
            messages.warning(
                request,
                f"Anggaran tahun {impor.tahun} telah berubah sejak berkas ini diunggah, sehingga "
                "impor ini tidak dapat disimpan lagi. Unggah berkasnya lagi untuk membuat "
                "pratinjau baru.",
            )
    context = {
        "satker": satker,
        "impor": impor,
        "pratinjau": pratinjau,
        "galat": [m for m in masalah if m.galat],
        "peringatan": [m for m in masalah if not m.galat],
        "ringkasan": impor.ringkasan,
        "form_peta": form_peta,
        "bisa_petakan": bisa_petakan and bool(contoh),
        "grid": build_grid(contoh),
        "form_revisi": RevisiDipaForm(),
        "baris_bulanan": len(impor.baris.get("bulan", ())) if isinstance(impor.baris, dict) else 0,
    }
    return render(request, "anggaran/pratinjau.html", context)


def _awal_peta(impor: ImporAnggaran, contoh: dict) -> dict:
    """The mapping form's first values: the mapping used for this file, if any."""
    dipakai = impor.ringkasan.get("dipetakan") or []
    if not dipakai:
        lembar = next(iter(contoh), None)
        return {"lembar": lembar, **(contoh[lembar].get("tebakan", {}) if lembar else {})}
    d = dipakai[0]
    peta = PemetaanKolom.objects.filter(pk=d.get("pk"), satker=impor.satker).first()
    awal = {"lembar": d["lembar"], "baris_judul": d["baris"]}
    if peta is not None:
        awal.update(peta.kolom)
    return awal


@login_required
@require_peran(ADMIN)
def templat_anggaran(request: HttpRequest, kode: str) -> HttpResponse:
    get_satker_or_404(user=request.user, kode=kode)
    return _xlsx(write_templat(), "templat-impor-anggaran.xlsx")


@login_required
@require_peran(ADMIN)
def contoh_anggaran(request: HttpRequest, kode: str) -> HttpResponse:
    get_satker_or_404(user=request.user, kode=kode)
    return _xlsx(write_templat_contoh(), "contoh-impor-anggaran.xlsx")


@login_required
@require_peran(ADMIN)
def templat_anggaran_terisi(request: HttpRequest, kode: str, tahun: int) -> HttpResponse:
    """The template filled with the stored lines of a year: edit offline, import again."""
    satker, _ = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    baris = sorted(
        BarisAnggaran.objects.filter(satker=satker, tahun=tahun), key=lambda b: (b.urutan, b.kode)
    )
    judul = f"Anggaran {satker.nama} tahun {tahun}"
    return _xlsx(write_templat_dari(baris, judul=judul), f"anggaran-{satker.kode}-{tahun}.xlsx")


def _halaman_pohon(
    request: HttpRequest,
    *,
    satker,
    tahun: int,
    semua_tahun,
    form_rencana: RencanaPenarikanForm | None = None,
    status: int = 200,
) -> HttpResponse:
    def buat() -> tuple[RingkasanAnggaran, SafeString, SafeString]:
        anggaran = build_pohon_anggaran(satker=satker, tahun=tahun)
        realisasi, _ = build_realisasi_tahun(satker=satker, tahun=tahun, anggaran=anggaran)
        isi = {
            "satker": satker,
            "tahun": tahun,
            "anggaran": anggaran,
            "cabang": build_cabang(anggaran=anggaran),
            "realisasi": realisasi,
            "grafik": grafik_realisasi_bulanan(
                data=realisasi, judul=f"Realisasi anggaran {realisasi.periode} per bulan"
            ),
            "revisi": list_revisi_dipa(satker=satker, tahun=tahun),
        }
        return (
            anggaran,
            render_to_string("anggaran/_pohon_atas.html", isi),
            render_to_string("anggaran/_pohon_isi.html", isi),
        )

    # Built once per revision of the data (satker.revisi).
    anggaran, atas_html, pohon_html = simpanan(
        "pohon-anggaran", satker_id=satker.pk, tahun=tahun, buat=buat
    )
    admin = has_peran(request.user, ADMIN)
    if admin and form_rencana is None:
        form_rencana = RencanaPenarikanForm(
            rencana=list_rencana_penarikan(satker=satker, tahun=tahun)
        )
    context = {
        "satker": satker,
        "tahun": tahun,
        "semua_tahun": semua_tahun,
        "anggaran": anggaran,
        "atas_html": atas_html,
        "pohon_html": pohon_html,
        "form_rencana": form_rencana if admin else None,
        "kunci_rencana": (
            pesan_kunci(satker=satker, tahun=tahun, model=RencanaPenarikan) if admin else ""
        ),
    }
    return render(request, "anggaran/pohon.html", context, status=status)


@login_required
@require_safe
def anggaran_pohon(request: HttpRequest, kode: str, tahun: int) -> HttpResponse:
    """The year's budget tree with pagu, realisasi, sisa and serapan, every role of the satker
    (budget lines change through the import or the admin); the satker's Admin also types the
    rencana penarikan dana here (``rencana_penarikan``)."""
    satker, semua_tahun = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    return _halaman_pohon(request, satker=satker, tahun=tahun, semua_tahun=semua_tahun)


@login_required
@require_peran(ADMIN)
@require_http_methods(["POST"])
def rencana_penarikan(request: HttpRequest, kode: str, tahun: int) -> HttpResponse:
    """Save the 12 months of the rencana penarikan dana typed on the budget tree page, all or
    nothing (anggaran.services.simpan_rencana_penarikan); a refusal shows the page again with
    what was typed and the reason."""
    satker, semua_tahun = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    form = RencanaPenarikanForm(request.POST)
    if form.is_valid():
        try:
            berubah = simpan_rencana_penarikan(satker=satker, tahun=tahun, rencana=form.rencana())
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(
                request,
                f"Rencana penarikan dana {tahun} disimpan ({berubah} bulan berubah)."
                if berubah
                else "Rencana penarikan dana tidak berubah.",
            )
            return redirect("anggaran_pohon", kode=satker.kode, tahun=tahun)
    messages.error(
        request,
        "Rencana penarikan dana tidak disimpan; tidak ada yang diubah. Periksa pesan di bagian "
        "Rencana penarikan dana.",
    )
    return _halaman_pohon(
        request,
        satker=satker,
        tahun=tahun,
        semua_tahun=semua_tahun,
        form_rencana=form,
        status=400,
    )
