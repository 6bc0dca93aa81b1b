"""The workflow Draf → Diajukan → Disetujui (or Dikembalikan) → Ditandatangani, and Revisi.

Every transition checks the role (PermissionDenied: 403) and the current status
(ValidationError with an Indonesian message), records a ``Langkah`` and runs in one transaction.
"""

import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from laporan.cetak import get_pdf, render_pdf_bertanggal
from laporan.dokumen import build_dokumen
from laporan.models import Laporan
from laporan.pemeriksaan import GALAT, Temuan, nama_satker_lain, periksa
from lkjip.kunci import kunci_satker
from pengesahan.models import DokumenTertandatangani, Langkah, Pengesahan
from pengesahan.sertifikat import ditandatangani_sertifikat_uji
from pengesahan.signing import InfoTandaTangan, Penandatangan, letak_tanda_tangan
from pengesahan.sinyal import laporan_diajukan, laporan_dikembalikan
from satker.models import Pengguna, Satker

Status = Pengesahan.Status
PERAN_PENYETUJU = (Pengguna.Peran.SEKRETARIS, Pengguna.Peran.KOMISIONER)


@dataclass(frozen=True)
class LangkahBerikut:
    """What the dashboard shows: the next step and who may take it."""

    aksi: str  # "ajukan", "setujui", "tandatangani", "" when nothing is pending
    keterangan: str


def kunci_temuan(t: Temuan) -> str:
    """A stable key of one finding, so a reason given in the form stays attached to it."""
    return hashlib.sha256(f"{t.jenis}|{t.lokasi}|{t.pesan}".encode()).hexdigest()[:16]


def get_pengesahan(*, satker: Satker, tahun: int) -> Pengesahan:
    pengesahan, _ = Pengesahan.objects.get_or_create(satker=satker, tahun=tahun)
    return pengesahan


def _kunci(*, satker: Satker, tahun: int) -> Pengesahan:
    """The year's row, locked for the transition; and the satker lock every writer of the
    report's data holds shared (pengesahan.guard): edits already made commit first, later ones
    wait for this transition and then meet the new status."""
    kunci_satker([satker.pk], eksklusif=True)
    get_pengesahan(satker=satker, tahun=tahun)
    return Pengesahan.objects.select_for_update().get(satker=satker, tahun=tahun)


def _pastikan_satker(user: Pengguna, satker: Satker) -> None:
    if not user.is_superuser and user.satker_id != satker.pk:
        raise PermissionDenied("Anda bukan pengguna satker ini.")


def _pastikan_status(p: Pengesahan, *status: str, aksi: str) -> None:
    if p.status not in status:
        raise ValidationError(
            f"Laporan berstatus {p.get_status_display()}: tidak dapat {aksi} sekarang."
        )


def boleh(*, user: Pengguna, aksi: str) -> bool:
    """Whether ``user``'s role allows ``aksi`` at all (the status is checked separately)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if aksi == "ajukan":
        return user.peran == Pengguna.Peran.OPERATOR
    if aksi in ("setujui", "kembalikan"):
        return user.peran in PERAN_PENYETUJU
    if aksi in ("tandatangani", "revisi"):
        return user.is_ketua
    return False


PESAN_PERAN = {
    "ajukan": "Hanya Operator yang dapat mengajukan laporan.",
    "setujui": "Hanya Sekretaris atau Komisioner yang dapat menyetujui laporan.",
    "kembalikan": "Hanya Sekretaris atau Komisioner yang dapat mengembalikan laporan.",
    "tandatangani": "Hanya Ketua yang dapat menandatangani laporan.",
    "revisi": "Hanya Ketua yang dapat membuka Revisi.",
}


def pastikan_peran(*, user: Pengguna, aksi: str) -> None:
    if not boleh(user=user, aksi=aksi):
        raise PermissionDenied(PESAN_PERAN[aksi])


def langkah_berikut(p: Pengesahan) -> LangkahBerikut:
    if p.status == Status.DRAF:
        return LangkahBerikut(
            "ajukan", "Operator mengajukan laporan setelah pemeriksaan konsistensi bebas galat."
        )
    if p.status == Status.DIAJUKAN:
        return LangkahBerikut(
            "setujui",
            "Sekretaris atau Komisioner memeriksa lalu menyetujui atau mengembalikan. "
            "Selama itu datanya dikunci.",
        )
    if p.status == Status.DISETUJUI:
        return LangkahBerikut(
            "tandatangani",
            "Ketua menandatangani laporan secara elektronik, tepat versi yang disetujui.",
        )
    return LangkahBerikut("", "Laporan sudah ditandatangani; datanya dikunci.")


def _catat(p: Pengesahan, aksi: str, user: Pengguna, komentar: str = "", **extra) -> Langkah:
    return Langkah.objects.create(
        pengesahan=p, aksi=aksi, versi=p.versi, oleh=user, komentar=komentar.strip(), **extra
    )


def _kabarkan(sinyal, *, satker: Satker, tahun: int, user: Pengguna, langkah: Langkah) -> None:
    """Send ``sinyal`` once the transition's transaction commits (pengesahan/sinyal.py)."""
    transaction.on_commit(
        lambda: sinyal.send(
            sender=Pengesahan,
            satker=satker,
            tahun=tahun,
            oleh=user,
            langkah=langkah,
            komentar=langkah.komentar,
        ),
        robust=True,
    )


def ajukan(
    *, satker: Satker, tahun: int, user: Pengguna, alasan: Mapping[str, str], komentar: str = ""
) -> Pengesahan:
    """Operator submits. No galat may remain; every peringatan needs a reason
    (``alasan`` maps ``kunci_temuan`` to the reason)."""
    _pastikan_satker(user, satker)
    pastikan_peran(user=user, aksi="ajukan")
    with transaction.atomic():
        p = _kunci(satker=satker, tahun=tahun)
        _pastikan_status(p, Status.DRAF, aksi="diajukan")
        temuan = periksa(
            build_dokumen(satker=satker, tahun=tahun), nama_satker_lain=nama_satker_lain(satker)
        )
        galat = [t for t in temuan if t.tingkat == GALAT]
        if galat:
            raise ValidationError(
                f"Laporan belum dapat diajukan: masih ada {len(galat)} galat pada pemeriksaan "
                "konsistensi. Perbaiki dahulu."
            )
        diakui = []
        kurang = 0
        for t in temuan:
            teks = (alasan.get(kunci_temuan(t)) or "").strip()
            if not teks:
                kurang += 1
            diakui.append({"jenis": t.jenis, "lokasi": t.lokasi, "pesan": t.pesan, "alasan": teks})
        if kurang:
            raise ValidationError(
                f"{kurang} peringatan belum diberi alasan. Setiap peringatan yang tidak "
                "diperbaiki harus diakui dengan alasannya."
            )
        p.status = Status.DIAJUKAN
        p.save(update_fields=["status"])
        langkah = _catat(p, Langkah.Aksi.AJUKAN, user, komentar, peringatan_diakui=diakui)
        _kabarkan(laporan_diajukan, satker=satker, tahun=tahun, user=user, langkah=langkah)
    return p


def setujui(*, satker: Satker, tahun: int, user: Pengguna, komentar: str = "") -> Pengesahan:
    _pastikan_satker(user, satker)
    pastikan_peran(user=user, aksi="setujui")
    with transaction.atomic():
        p = _kunci(satker=satker, tahun=tahun)
        _pastikan_status(p, Status.DIAJUKAN, aksi="disetujui")
        # The approved version is kept as rendered now: the Ketua signs these bytes, so what is
        # signed is what was approved (the data stays locked meanwhile: pengesahan.guard). A
        # report without a date of its own is dated today, the day of its approval.
        tanggal = (
            Laporan.objects.filter(satker=satker, tahun=tahun)
            .values_list("tanggal", flat=True)
            .first()
        )
        if tanggal is None:
            p.pdf_disetujui = render_pdf_bertanggal(
                satker=satker, tahun=tahun, tanggal=timezone.localdate()
            )
        else:
            p.pdf_disetujui = get_pdf(satker=satker, tahun=tahun)
        p.sha256_disetujui = hashlib.sha256(p.pdf_disetujui).hexdigest()
        p.status = Status.DISETUJUI
        p.save(update_fields=["status", "pdf_disetujui", "sha256_disetujui"])
        _catat(p, Langkah.Aksi.SETUJUI, user, komentar)
    return p


def kembalikan(*, satker: Satker, tahun: int, user: Pengguna, komentar: str) -> Pengesahan:
    _pastikan_satker(user, satker)
    pastikan_peran(user=user, aksi="kembalikan")
    if not komentar.strip():
        raise ValidationError(
            "Tuliskan alasan pengembalian agar Operator tahu yang harus diperbaiki."
        )
    with transaction.atomic():
        p = _kunci(satker=satker, tahun=tahun)
        _pastikan_status(p, Status.DIAJUKAN, aksi="dikembalikan")
        p.status = Status.DRAF
        p.pdf_disetujui, p.sha256_disetujui = None, ""
        p.save(update_fields=["status", "pdf_disetujui", "sha256_disetujui"])
        langkah = _catat(p, Langkah.Aksi.KEMBALIKAN, user, komentar)
        _kabarkan(laporan_dikembalikan, satker=satker, tahun=tahun, user=user, langkah=langkah)
    return p


def pola_url_verifikasi(*, base_url: str) -> str:
    """The verification URL printed in the QR code, with ``{id}`` where the document id goes;
    ``base_url`` is the site's address (PENGESAHAN_BASE_URL, or the web request's own)."""
    contoh = uuid.UUID(int=0)
    jalur = reverse("verifikasi_dokumen", kwargs={"id": contoh}).replace(str(contoh), "{id}")
    return base_url.rstrip("/") + jalur


def tandatangani(
    *,
    satker: Satker,
    tahun: int,
    user: Pengguna,
    penandatangan: Penandatangan,
    url_verifikasi: str,
) -> DokumenTertandatangani:
    """The Ketua signs the PDF stored at approval (no new render) and it is stored signed.

    The key (or the BSrE configuration) is checked first, before any lock or heavy work, so a
    missing key file or a wrong passphrase is answered at once.
    ``url_verifikasi`` has ``{id}`` where the document id goes (it is printed in the QR code)."""
    _pastikan_satker(user, satker)
    pastikan_peran(user=user, aksi="tandatangani")
    _pastikan_status(
        get_pengesahan(satker=satker, tahun=tahun), Status.DISETUJUI, aksi="ditandatangani"
    )
    penandatangan.periksa()
    with transaction.atomic():
        p = _kunci(satker=satker, tahun=tahun)
        _pastikan_status(p, Status.DISETUJUI, aksi="ditandatangani")
        if p.pdf_disetujui:
            pdf = bytes(p.pdf_disetujui)
        else:
            # Approved before approvals kept their PDF: rendered from the data, locked since.
            pdf = get_pdf(satker=satker, tahun=tahun)
        id_dokumen = uuid.uuid4()
        waktu = timezone.localtime()
        halaman, kotak = letak_tanda_tangan(pdf)
        info = InfoTandaTangan(
            nama=user.get_full_name() or user.username,
            jabatan=f"Ketua {satker.nama}",
            waktu=waktu,
            lokasi=satker.kedudukan,
            url_verifikasi=url_verifikasi.format(id=id_dokumen),
            halaman=halaman,
            kotak=kotak,
        )
        ditandatangani = penandatangan.sign(pdf, info=info)
        hasil = DokumenTertandatangani.objects.create(
            id=id_dokumen,
            pengesahan=p,
            versi=p.versi,
            pdf=ditandatangani,
            sha256=hashlib.sha256(ditandatangani).hexdigest(),
            penandatangan_nama=info.nama,
            penandatangan_jabatan=info.jabatan,
            ditandatangani_oleh=user,
            waktu=waktu,
            sertifikat_uji=ditandatangani_sertifikat_uji(ditandatangani),
        )
        p.status = Status.DITANDATANGANI
        p.save(update_fields=["status"])
        _catat(p, Langkah.Aksi.TANDATANGANI, user)
    return hasil


def revisi(*, satker: Satker, tahun: int, user: Pengguna, komentar: str) -> Pengesahan:
    """The Ketua opens a new version: the data unlocks; the signed PDF stays downloadable,
    marked superseded, so nobody takes it for the current report."""
    _pastikan_satker(user, satker)
    pastikan_peran(user=user, aksi="revisi")
    if not komentar.strip():
        raise ValidationError("Tuliskan alasan Revisi.")
    with transaction.atomic():
        p = _kunci(satker=satker, tahun=tahun)
        _pastikan_status(p, Status.DITANDATANGANI, aksi="direvisi")
        p.dokumen.update(digantikan=True)
        p.status = Status.DRAF
        p.versi += 1
        p.pdf_disetujui, p.sha256_disetujui = None, ""
        p.save(update_fields=["status", "versi", "pdf_disetujui", "sha256_disetujui"])
        _catat(p, Langkah.Aksi.REVISI, user, komentar)
    return p


def get_dokumen_sah(*, satker: Satker, tahun: int) -> DokumenTertandatangani | None:
    """The signed PDF in force: the year is signed and no Revisi has superseded it."""
    return (
        DokumenTertandatangani.objects.filter(
            pengesahan__satker=satker,
            pengesahan__tahun=tahun,
            pengesahan__status=Pengesahan.Status.DITANDATANGANI,
            digantikan=False,
        )
        .order_by("-versi")
        .first()
    )


@dataclass(frozen=True)
class StatusPengesahan:
    """The status block of the report page, loaded by the view (templates never query)."""

    pengesahan: Pengesahan
    berikut: LangkahBerikut
    langkah: tuple[Langkah, ...]
    dokumen: tuple[DokumenTertandatangani, ...]
    boleh_ajukan: bool
    boleh_setujui: bool
    boleh_tandatangani: bool
    boleh_revisi: bool

    @property
    def dokumen_sah(self) -> DokumenTertandatangani | None:
        """The signed PDF in force (as ``get_dokumen_sah``), from the documents loaded."""
        if self.pengesahan.status != Pengesahan.Status.DITANDATANGANI:
            return None
        return next((d for d in self.dokumen if not d.digantikan), None)


def build_status(*, satker: Satker, tahun: int, user: Pengguna) -> StatusPengesahan:
    """Status, what is needed next, the actions this user may take, and the signed PDFs."""
    pengesahan = Pengesahan.objects.filter(satker=satker, tahun=tahun).defer(
        "pdf_disetujui"
    ).first() or Pengesahan(satker=satker, tahun=tahun)
    ada = pengesahan.pk is not None
    Status = Pengesahan.Status

    def boleh_bila(status: str, aksi: str) -> bool:
        return pengesahan.status == status and boleh(user=user, aksi=aksi)

    return StatusPengesahan(
        pengesahan=pengesahan,
        berikut=langkah_berikut(pengesahan),
        langkah=tuple(pengesahan.langkah.select_related("oleh")) if ada else (),
        dokumen=tuple(pengesahan.dokumen.defer("pdf")) if ada else (),
        boleh_ajukan=boleh_bila(Status.DRAF, "ajukan"),
        boleh_setujui=boleh_bila(Status.DIAJUKAN, "setujui"),
        boleh_tandatangani=boleh_bila(Status.DISETUJUI, "tandatangani"),
        boleh_revisi=boleh_bila(Status.DITANDATANGANI, "revisi"),
    )
