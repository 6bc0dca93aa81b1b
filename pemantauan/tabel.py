"""The monitoring table as the reader asked for it: filtered and sorted by the query string
(docs/pemantauan.md, "Halaman pemantauan"). The page and its xlsx read the same rows from here,
so a download holds exactly what the page shows."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.http import QueryDict

from pemantauan.rekap import BELUM_TERUKUR, BarisPemantauan
from pengesahan.models import Pengesahan

NAIK, TURUN = "naik", "turun"
_URUTAN_STATUS = {s: i for i, s in enumerate(Pengesahan.Status.values)}


def _isian(tw: int) -> Callable[[BarisPemantauan], float | None]:
    def kunci(b: BarisPemantauan) -> float | None:
        isian = b.tw[tw - 1]
        return isian.terisi / isian.jumlah if isian.jumlah else None

    return kunci


# Column → the value it sorts by; None sorts last whichever the direction.
KOLOM_URUT: dict[str, Callable[[BarisPemantauan], object]] = {
    "nama": lambda b: b.nama.lower(),
    "provinsi": lambda b: (b.provinsi.lower(), b.nama.lower()),
    "tw1": _isian(1),
    "tw2": _isian(2),
    "tw3": _isian(3),
    "tw4": _isian(4),
    "status": lambda b: (
        _URUTAN_STATUS.get(b.status, -1),
        b.status_waktu.timestamp() if b.status_waktu else 0.0,
    ),
    "capaian": lambda b: b.capaian,
    "serapan": lambda b: b.serapan,
    "galat": lambda b: None if b.galat is None else (b.galat, b.peringatan or 0),
}


@dataclass(frozen=True)
class Saringan:
    """What the reader chose: filters and order, kept in the URL."""

    status: str = ""
    kategori: str = ""
    terlambat: bool = False
    cari: str = ""
    provinsi: int | None = None  # KPU RI's page only
    urut: str = "nama"
    arah: str = NAIK

    @property
    def aktif(self) -> bool:
        return bool(self.status or self.kategori or self.terlambat or self.cari or self.provinsi)

    def query(self, **ubah) -> str:
        """The query string of this choice (changed by ``ubah``), without defaults."""
        s = replace(self, **ubah)
        pasangan = {
            "status": s.status,
            "kategori": s.kategori,
            "terlambat": "1" if s.terlambat else "",
            "q": s.cari,
            "provinsi": "" if s.provinsi is None else str(s.provinsi),
            "urut": "" if s.urut == "nama" else s.urut,
            "arah": "" if s.arah == NAIK else s.arah,
        }
        return urlencode({k: v for k, v in pasangan.items() if v})


def parse_saringan(query: QueryDict, *, per_provinsi: bool) -> Saringan:
    """The reader's choice from the query string; anything unknown is ignored, never an error."""
    status = query.get("status", "")
    urut = query.get("urut", "nama")
    if urut not in KOLOM_URUT or (urut == "provinsi" and not per_provinsi):
        urut = "nama"
    provinsi = query.get("provinsi", "")
    return Saringan(
        status=status if status in _URUTAN_STATUS else "",
        kategori=query.get("kategori", "")[:50],
        terlambat=query.get("terlambat") == "1",
        cari=" ".join(query.get("q", "").split())[:100],
        provinsi=int(provinsi) if per_provinsi and provinsi.isdigit() else None,
        urut=urut,
        arah=TURUN if query.get("arah") == TURUN else NAIK,
    )


def terlambat(b: BarisPemantauan) -> bool:
    return any(isian.keadaan == "terlambat" for isian in b.tw)


def apply_saringan(baris: Sequence[BarisPemantauan], s: Saringan) -> list[BarisPemantauan]:
    cari = s.cari.lower()
    hasil = [
        b
        for b in baris
        if (not s.status or b.status == s.status)
        and (not s.kategori or (b.kategori or BELUM_TERUKUR) == s.kategori)
        and (not s.terlambat or terlambat(b))
        and (not cari or cari in b.nama.lower() or cari in b.kode)
        and (s.provinsi is None or b.provinsi_id == s.provinsi)
    ]
    kunci = KOLOM_URUT[s.urut]
    ada = [b for b in hasil if kunci(b) is not None]
    tanpa = [b for b in hasil if kunci(b) is None]
    # Stable: rows with the same value keep the order by name.
    ada.sort(key=lambda b: b.nama.lower())
    ada.sort(key=kunci, reverse=s.arah == TURUN)
    tanpa.sort(key=lambda b: b.nama.lower())
    return ada + tanpa
