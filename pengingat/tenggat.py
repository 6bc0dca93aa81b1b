"""What a TW's due date means for whoever enters it, in words (docs/pengingat.md): the page
"Indikator saya" and the reminder emails say it the same way."""

import datetime

from django.conf import settings
from django.urls import reverse

from kinerja.models import IndikatorKinerja, JenisTarget, SasaranPK
from lkjip.angka import format_tanggal


def teks_sisa_hari(*, batas: datetime.date, hari_ini: datetime.date) -> str:
    """'5 hari lagi', 'besok', 'hari ini', 'terlambat 3 hari'."""
    sisa = (batas - hari_ini).days
    if sisa > 1:
        return f"{sisa} hari lagi"
    if sisa == 1:
        return "besok"
    if sisa == 0:
        return "hari ini"
    return f"terlambat {-sisa} hari"


def teks_jatuh_tempo(*, label: str, batas: datetime.date, hari_ini: datetime.date) -> str:
    """'TW II jatuh tempo 10 Juli 2024, 5 hari lagi' / 'TW I jatuh tempo 10 April 2024,
    terlambat 3 hari'."""
    sisa = teks_sisa_hari(batas=batas, hari_ini=hari_ini)
    return f"{label} jatuh tempo {format_tanggal(batas)}, {sisa}"


def perlu_nilai_tw(*, bagian: str, jenis_target: str) -> bool:
    """Whether an indicator is due a value each TW: a measured one (Tabel 3.2) with a number
    target; a document target is checked off, not entered per TW."""
    return bagian == SasaranPK.Bagian.KINERJA and jenis_target != JenisTarget.DOKUMEN


def indikator_perlu_nilai_tw():
    """The indicators ``perlu_nilai_tw`` keeps, as a queryset."""
    return IndikatorKinerja.objects.filter(sasaran__bagian=SasaranPK.Bagian.KINERJA).exclude(
        jenis_target=JenisTarget.DOKUMEN
    )


def alamat_lengkap(nama_url: str, **kwargs) -> str:
    """The URL for an email: with PENGINGAT_BASE_URL in front when it is set."""
    path = reverse(nama_url, kwargs=kwargs or None)
    return f"{settings.PENGINGAT_BASE_URL.rstrip('/')}{path}"
