"""The budget tree as the read-only page shows it (/<kode>/<tahun>/anggaran/).

Wraps the nodes of ``build_pohon_anggaran`` with what the page needs beside the figures: the
label of the level and the warnings about that line, so the template looks nothing up.
"""

from dataclasses import dataclass

from anggaran.models import Tingkat
from anggaran.services import NodeAnggaran, RingkasanAnggaran

LABEL_TINGKAT = dict(Tingkat.choices)


@dataclass(frozen=True)
class CabangPohon:
    node: NodeAnggaran
    tingkat_label: str
    peringatan: tuple[str, ...]
    anak: tuple["CabangPohon", ...]


def _cabang(node: NodeAnggaran, pesan: dict[str, list[str]]) -> CabangPohon:
    return CabangPohon(
        node=node,
        tingkat_label=LABEL_TINGKAT.get(node.tingkat, node.tingkat),
        peringatan=tuple(pesan.get(node.kode, ())),
        anak=tuple(_cabang(a, pesan) for a in node.anak),
    )


def build_cabang(*, anggaran: RingkasanAnggaran) -> tuple[CabangPohon, ...]:
    """The programmes of the year with their descendants and each line's warnings."""
    pesan: dict[str, list[str]] = {}
    for p in anggaran.peringatan:
        pesan.setdefault(p.kode, []).append(p.pesan)
    return tuple(_cabang(program, pesan) for program in anggaran.program)
