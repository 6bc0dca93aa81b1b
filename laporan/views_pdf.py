"""The state of the report's background PDF, polled by static/js/pdf.js."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.urls import reverse

from laporan.tasks import get_status_pdf
from laporan.views import _satker_tahun


@login_required
def laporan_pdf_status(request: HttpRequest, kode: str, tahun: int) -> JsonResponse:
    satker, _ = _satker_tahun(request, kode, tahun)
    status = get_status_pdf(satker=satker, tahun=tahun)
    return JsonResponse(
        {
            "keadaan": status.keadaan,
            "pesan": status.pesan,
            "url": reverse("laporan_pdf", kwargs={"kode": kode, "tahun": tahun}),
        },
        headers={"Cache-Control": "no-store"},
    )
