"""Live figures in narrative text: ``{serapan_total}``, ``{pagu:076.01.CQ}`` …

Staff write placeholders instead of typing numbers, so the text and the tables cannot disagree.
An unknown placeholder is an error shown to the writer, never silently blank. ``{{`` and ``}}``
write literal braces.
"""

import re
from collections.abc import Callable, Iterator, Mapping
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


# --- Placeholders a higher floor adds ------------------------------------------------------------
#
# A KPU Provinsi or KPU RI may cite figures rolled up from the satker below it ({kabkota_jumlah}
# …, docs/pemantauan.md). The report (this floor) cannot compute them: the roll-up lives in
# ``pemantauan``, above it. So the report asks here and ``PemantauanConfig.ready`` installs the
# answer (docs/arsitektur.md, floors); without it there are none.

_keterangan_tambahan: Callable[..., dict[str, str]] | None = None
_nilai_tambahan: Callable[..., dict[str, str]] | None = None


def pasang_tambahan(
    *, keterangan: Callable[..., dict[str, str]], nilai: Callable[..., dict[str, str]]
) -> None:
    """Install the added placeholders: ``keterangan(satker=…)`` names those a satker may use with
    their descriptions (without a query), ``nilai(satker=…, tahun=…)`` their formatted values."""
    global _keterangan_tambahan, _nilai_tambahan
    _keterangan_tambahan, _nilai_tambahan = keterangan, nilai


def keterangan_tambahan(*, satker) -> dict[str, str]:
    return _keterangan_tambahan(satker=satker) if _keterangan_tambahan else {}


class NilaiTambahan(Mapping[str, str]):
    """The placeholder values of a report: its own, and the added ones computed only when a text
    asks for one (a KPU RI's roll-up reads every satker of the country)."""

    def __init__(self, sendiri: Mapping[str, str], *, satker, tahun: int) -> None:
        self._sendiri = sendiri
        self._nama = keterangan_tambahan(satker=satker).keys() - sendiri.keys()
        self._satker, self._tahun = satker, tahun
        self._tambahan: dict[str, str] | None = None

    def _isi(self) -> dict[str, str]:
        if self._tambahan is None:
            self._tambahan = (
                _nilai_tambahan(satker=self._satker, tahun=self._tahun)
                if _nilai_tambahan and self._nama
                else {}
            )
        return self._tambahan

    def __getitem__(self, nama: str) -> str:
        if nama in self._sendiri:
            return self._sendiri[nama]
        if nama in self._nama:
            return self._isi()[nama]
        raise KeyError(nama)

    def __iter__(self) -> Iterator[str]:
        yield from self._sendiri
        yield from sorted(self._nama)

    def __len__(self) -> int:
        return len(self._sendiri) + len(self._nama)
