"""Downloads: every file the application hands out is named here (Content-Disposition).

File names carry satker names and uploaded names, which may hold quotes, dashes, accents or even a
line break: put into the header as they are, they cut the name short or break the response. So the
header has an ASCII ``filename`` of safe characters only, for every client, and, when that is not
the whole name, the real one as UTF-8 in ``filename*`` (RFC 6266, RFC 5987), which every current
browser prefers.
"""

import re
import unicodedata
from urllib.parse import quote

from django.http import HttpResponse

_BUKAN_AMAN = re.compile(r"[^A-Za-z0-9._-]+")


def bagian_nama(teks: str) -> str:
    """'KPU Kabupaten Gunung Mas' -> 'KPU-Kabupaten-Gunung-Mas': a name as part of a file name
    (every run of whitespace, line breaks included, becomes one dash)."""
    return "-".join(teks.split())


def nama_berkas_laporan(*, nama_satker: str, tahun: int) -> str:
    """'LKjIP-KPU-Kabupaten-Gunung-Mas-2024': the report's download name without its extension;
    the satker-year's other downloads start with it."""
    return f"LKjIP-{bagian_nama(nama_satker)}-{tahun}"


def _nama_bersih(nama: str) -> str:
    """Without directories, control characters and surrounding space."""
    nama = nama.replace("\\", "/").rsplit("/", 1)[-1]
    nama = "".join(c if c.isprintable() else " " for c in nama)
    return " ".join(nama.split()) or "berkas"


def _nama_ascii(nama: str) -> str:
    """'LKjIP-KPU-Kab.-"Uji"-–-Baru-2024.pdf' -> 'LKjIP-KPU-Kab.-Uji-Baru-2024.pdf'."""
    dasar, titik, akhiran = nama.rpartition(".")
    if not titik or not (akhiran.isascii() and akhiran.isalnum()):
        dasar, akhiran = nama, ""
    ascii_ = unicodedata.normalize("NFKD", dasar).encode("ascii", "ignore").decode()
    ascii_ = re.sub(r"-{2,}", "-", _BUKAN_AMAN.sub("-", ascii_)).strip("-.") or "berkas"
    return f"{ascii_}.{akhiran}" if akhiran else ascii_


def content_disposition(nama: str, *, lampiran: bool = True) -> str:
    """The Content-Disposition of a file called ``nama``: an attachment, or ``inline``."""
    nama = _nama_bersih(nama)
    ascii_ = _nama_ascii(nama)
    header = f'{"attachment" if lampiran else "inline"}; filename="{ascii_}"'
    if ascii_ == nama:  # nothing lost: the one name says it all
        return header
    return f"{header}; filename*=UTF-8''{quote(nama, safe='')}"


def respons_unduhan(isi: bytes, *, nama: str, content_type: str) -> HttpResponse:
    """``isi`` as a download called ``nama``."""
    response = HttpResponse(isi, content_type=content_type)
    response["Content-Disposition"] = content_disposition(nama)
    return response
