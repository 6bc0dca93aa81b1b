"""The verdict of the public verification page cannot be mistaken: each status has its own words,
icon and colour (rules in static/css/app.css), not the same plain text for "Sah dan berlaku" and
"Telah diubah"."""

import re
from pathlib import Path

from django.conf import settings

from pengesahan.verifikasi import IKON, JUDUL, SARAN

from .test_verifikasi import _unggah, signed  # noqa: F401 - the fixture

CSS = Path(settings.BASE_DIR, "static", "css", "app.css").read_text(encoding="utf-8")


def _putusan(html: str) -> str:
    cocok = re.search(r'<div class="hasil-verifikasi [^"]*"[^>]*>.*?</p>', html, re.S)
    assert cocok, html
    return cocok.group(0)


def test_a_valid_file_gets_the_green_tick_and_is_trusted(client, signed):  # noqa: F811
    putusan = _putusan(_unggah(client, signed, bytes(signed.pdf)))
    assert 'class="hasil-verifikasi hasil-verifikasi--sah"' in putusan
    assert '<span class="hasil-verifikasi__ikon" aria-hidden="true">✓</span> Sah dan berlaku' in (
        putusan
    )
    assert "Berkas ini dapat dipercaya." in putusan


def test_an_altered_file_gets_the_red_cross_and_a_warning(client, signed):  # noqa: F811
    pdf = bytearray(bytes(signed.pdf))
    pdf[pdf.index(b"stream", 2000) + 20] ^= 0x01
    putusan = _putusan(_unggah(client, signed, bytes(pdf)))
    assert 'class="hasil-verifikasi hasil-verifikasi--diubah"' in putusan
    assert (
        '<span class="hasil-verifikasi__ikon" aria-hidden="true">✗</span> Telah diubah' in putusan
    )
    assert "Jangan percayai berkas ini" in putusan


def test_every_verdict_has_its_own_words_icon_and_colour():
    assert set(IKON) == set(JUDUL) == set(SARAN)
    assert len(set(IKON.values())) == len(set(SARAN.values())) == len(IKON)
    warna = {}
    for status in JUDUL:
        aturan = re.search(rf"\.hasil-verifikasi--{status} \{{([^}}]*)\}}", CSS)
        assert aturan, f"no CSS rule for .hasil-verifikasi--{status}"
        warna[status] = re.search(r"border-color: ([^;]+);", aturan.group(1)).group(1)
        assert re.search(rf"\.hasil-verifikasi--{status} \.hasil-verifikasi__ikon \{{", CSS)
    assert len(set(warna.values())) == len(warna), warna
