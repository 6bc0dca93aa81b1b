"""The state of the report's background PDF, polled by static/js/pdf.js."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.urls import reverse

from laporan.tasks import get_status_pdf
from satker.access import get_satker_tahun_or_404


@login_required
def laporan_pdf_status(request: HttpRequest, kode: str, tahun: int) -> JsonResponse:
    satker, _ = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    status = get_status_pdf(satker=satker, tahun=tahun)
    return JsonResponse(
        {
            "keadaan": status.keadaan,
            "pesan": status.pesan,
            "url": reverse("laporan_pdf", kwargs={"kode": kode, "tahun": tahun}),
        },
        headers={"Cache-Control": "no-store"},
    )
