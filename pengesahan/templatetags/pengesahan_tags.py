from django import template

from pengesahan import services
from pengesahan.models import Pengesahan
from satker.models import Pengguna, Satker

register = template.Library()


@register.inclusion_tag("pengesahan/_status.html")
def status_pengesahan(satker: Satker, tahun: int, user: Pengguna) -> dict:
    """The status block of the report page: status, what is needed next, the allowed actions and
    the signed PDFs. (The report view belongs to the laporan app, so the block loads itself.)"""
    pengesahan = Pengesahan.objects.filter(satker=satker, tahun=tahun).first() or Pengesahan(
        satker=satker, tahun=tahun
    )
    langkah = list(pengesahan.langkah.select_related("oleh")) if pengesahan.pk else []
    dokumen = list(pengesahan.dokumen.defer("pdf")) if pengesahan.pk else []
    berikut = services.langkah_berikut(pengesahan)
    Status = Pengesahan.Status
    return {
        "satker": satker,
        "tahun": tahun,
        "pengesahan": pengesahan,
        "berikut": berikut,
        "langkah": langkah,
        "dokumen": dokumen,
        "boleh_ajukan": pengesahan.status == Status.DRAF
        and services.boleh(user=user, aksi="ajukan"),
        "boleh_setujui": pengesahan.status == Status.DIAJUKAN
        and services.boleh(user=user, aksi="setujui"),
        "boleh_tandatangani": pengesahan.status == Status.DISETUJUI
        and services.boleh(user=user, aksi="tandatangani"),
        "boleh_revisi": pengesahan.status == Status.DITANDATANGANI
        and services.boleh(user=user, aksi="revisi"),
    }
