"""htmx comes from django-htmx (pinned in pyproject.toml): its packaged script, served from our
own static files (no CDN, no hand-vendored copy), and ``request.htmx`` from its middleware
instead of reading the HX-Request header by hand."""

import tomllib
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

AKAR = Path(settings.BASE_DIR)


def test_django_htmx_is_pinned_installed_and_its_middleware_runs():
    pyproject = tomllib.loads((AKAR / "pyproject.toml").read_text(encoding="utf-8"))
    pin = [d for d in pyproject["project"]["dependencies"] if d.startswith("django-htmx")]
    assert len(pin) == 1 and "==" in pin[0], pin
    assert "django_htmx" in settings.INSTALLED_APPS
    assert "django_htmx.middleware.HtmxMiddleware" in settings.MIDDLEWARE


def test_the_packaged_htmx_is_a_local_static_file_and_the_vendored_copy_is_gone():
    berkas = finders.find("django_htmx/htmx-2.min.js")
    assert berkas and Path(berkas).read_text(encoding="utf-8").startswith("var htmx=")
    assert not (AKAR / "static" / "vendor" / "htmx").exists()


def test_no_view_reads_the_hx_request_header_by_hand():
    for berkas in AKAR.glob("*/*.py"):
        if berkas.parts[-2] in {"tests", "bench", ".venv"}:
            continue
        teks = berkas.read_text(encoding="utf-8").lower()
        assert "hx-request" not in teks and "http_hx_request" not in teks, berkas


def test_an_htmx_save_gets_the_row_and_a_plain_post_the_redirect(client, operator, gunung_mas):
    from kinerja.models import Realisasi
    from kinerja.services import JenisTarget, build_tabel_realisasi

    baris = next(
        b
        for b in build_tabel_realisasi(satker=gunung_mas, tahun=2024).baris
        if b.capaian.jenis_target == JenisTarget.ANGKA
        and b.triwulan[1].versi == 0
        and b.triwulan[2].versi == 0
    )
    client.force_login(operator)
    alamat = f"/6210/2024/realisasi/{baris.indikator_id}/tw/{{}}/"
    data = {"nilai": "50", "versi": "0", "realisasi": ""}
    htmx = client.post(alamat.format(2), data, headers={"HX-Request": "true"})
    assert htmx.status_code == 200
    assert htmx.content.decode().startswith(f'<tr id="indikator-{baris.indikator_id}"')
    biasa = client.post(alamat.format(3), data)
    assert biasa.status_code == 302
    assert biasa["Location"].endswith(f"#indikator-{baris.indikator_id}")
    assert (
        Realisasi.objects.filter(indikator_id=baris.indikator_id, triwulan__in=[2, 3]).count() == 2
    )
