"""Live figures in narrative text: ``{serapan_total}``, ``{pagu:076.01.CQ}`` …

Staff write placeholders instead of typing numbers, so the text and the tables cannot disagree.
An unknown placeholder is an error shown to the writer, never silently blank. ``{{`` and ``}}``
write literal braces.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}\s:]+)(?::([^{}\s]+))?\}")

# Placeholders taking a budget code, e.g. {serapan:076.01.CQ} or {pagu:6709}.
BERKODE = ("pagu", "realisasi", "sisa", "serapan")


@dataclass(frozen=True)
class HasilIsi:
    teks: str
    tidak_dikenal: tuple[str, ...]  # the placeholders that could not be filled, as written


def isi_placeholder(
    teks: str, *, nilai: Mapping[str, str], nilai_berkode: Mapping[tuple[str, str], str]
) -> HasilIsi:
    """Replace every placeholder by its formatted value; unknown ones stay visible in the text
    and are returned so the writer and the consistency check can name them."""
    tidak_dikenal: list[str] = []

    def ganti(cocok: re.Match[str]) -> str:
        utuh = cocok.group(0)
        if utuh in ("{{", "}}"):
            return utuh[0]
        nama, kode = cocok.group(1), cocok.group(2)
        hasil = nilai.get(nama) if kode is None else nilai_berkode.get((nama, kode))
        if hasil is None:
            tidak_dikenal.append(utuh)
            return utuh
        return hasil

    return HasilIsi(teks=_PLACEHOLDER.sub(ganti, teks), tidak_dikenal=tuple(tidak_dikenal))
