"""The BSrE adapter against a small fake Esign Client Service on 127.0.0.1."""

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from pengesahan.models import DokumenTertandatangani
from pengesahan.signing import GagalMenandatangani, PenandatanganBSrE

from .alur import sampai_disetujui, url

TANDA = b"\n%BSrE-fake-signature\n"


class _BSrEPalsu(BaseHTTPRequestHandler):
    diterima: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        data = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).diterima.append(
            {"path": self.path, "auth": self.headers.get("Authorization"), **data}
        )
        if self.path != "/api/v2/sign/pdf":
            self._jawab(404, {"error": "not found"})
        elif data.get("passphrase") == "salah":
            self._jawab(400, {"error": "Passphrase anda salah", "status_code": 2031})
        else:
            pdf = base64.b64decode(data["file"][0]) + TANDA
            self._jawab(200, {"file": [base64.b64encode(pdf).decode()], "time": 120})

    def _jawab(self, kode: int, isi: dict) -> None:
        body = json.dumps(isi).encode()
        self.send_response(kode)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def bsre(settings):
    _BSrEPalsu.diterima = []
    server = HTTPServer(("127.0.0.1", 0), _BSrEPalsu)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.PENGESAHAN_PENANDATANGAN = "bsre"
    settings.BSRE_BASE_URL = f"http://127.0.0.1:{server.server_port}/"
    settings.BSRE_USERNAME, settings.BSRE_PASSWORD = "klien", "rahasia-klien"
    yield _BSrEPalsu
    server.shutdown()
    server.server_close()


def test_ketua_signs_through_bsre_with_nik_and_passphrase(
    client, bsre, gunung_mas, operator, sekretaris, ketua
):
    sampai_disetujui(client, gunung_mas, operator=operator, penyetuju=sekretaris)
    client.force_login(ketua)

    response = client.post(
        url("pengesahan_tandatangani", gunung_mas),
        {"nik": "6210000000000001", "passphrase": "benar"},
    )

    assert response.status_code == 302
    (permintaan,) = bsre.diterima
    assert permintaan["path"] == "/api/v2/sign/pdf"
    assert permintaan["nik"] == "6210000000000001" and permintaan["passphrase"] == "benar"
    assert permintaan["auth"] == "Basic " + base64.b64encode(b"klien:rahasia-klien").decode()
    terkirim = base64.b64decode(permintaan["file"][0])
    dokumen = DokumenTertandatangani.objects.get(pengesahan__satker=gunung_mas)
    assert bytes(dokumen.pdf) == terkirim + TANDA
    sifat = permintaan["signatureProperties"][0]
    assert sifat["qrCode"].endswith(f"/pengesahan/verifikasi/{dokumen.id}/")


def test_email_and_totp_are_sent_when_given(bsre, settings):
    penanda = PenandatanganBSrE(email="ketua@kpu.go.id", totp="123456")
    from .test_tanda_tangan import _contoh_info

    penanda.sign(b"%PDF-1.7 uji", info=_contoh_info())

    (p,) = bsre.diterima
    assert (p["email"], p["totp"]) == ("ketua@kpu.go.id", "123456")
    assert "nik" not in p and "passphrase" not in p


def test_refusal_by_bsre_is_shown_and_nothing_is_signed(
    client, bsre, gunung_mas, operator, sekretaris, ketua
):
    sampai_disetujui(client, gunung_mas, operator=operator, penyetuju=sekretaris)
    client.force_login(ketua)

    response = client.post(
        url("pengesahan_tandatangani", gunung_mas),
        {"nik": "6210000000000001", "passphrase": "salah"},
        follow=True,
    )

    assert (
        "Layanan BSrE menolak permintaan (400): Passphrase anda salah" in response.content.decode()
    )
    assert not DokumenTertandatangani.objects.exists()


def test_unreachable_service_is_a_clear_error(settings):
    from .test_tanda_tangan import _contoh_info

    penanda = PenandatanganBSrE(nik="1", passphrase="x", base_url="http://127.0.0.1:9", timeout=2)
    with pytest.raises(GagalMenandatangani, match="tidak dapat dihubungi"):
        penanda.sign(b"%PDF", info=_contoh_info())


def test_nik_or_email_and_a_secret_are_required():
    with pytest.raises(GagalMenandatangani, match="NIK atau email"):
        PenandatanganBSrE(passphrase="x")
    with pytest.raises(GagalMenandatangani, match="Passphrase atau TOTP"):
        PenandatanganBSrE(nik="1")
