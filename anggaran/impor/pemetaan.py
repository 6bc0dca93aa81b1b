"""Columns mapped by hand, for a budget sheet whose layout was not recognised.

The preview shows the sheet's first rows (tata_letak.build_contoh); the user says which row is the
header and which column holds the code, the description, the pagu, the realisation (or its monthly
columns) and a note. The mapping is kept per satker (``PemetaanKolom``), found again by the header
row's signature, and applied to the next file with that header (docs/impor_anggaran.md).
"""

from django import forms
from openpyxl.utils import get_column_letter

from anggaran.impor.tata_letak import NAMA_PERAN, Peta
from anggaran.models import PemetaanKolom
from satker.models import Satker

PERAN_PETA = ("kode", "uraian", "pagu", "realisasi", "catatan")


def list_peta(*, satker: Satker) -> list[Peta]:
    """The satker's remembered mappings, for the reader."""
    return [
        Peta(p.tanda, p.kolom, p.pk, describe_kolom(p.kolom))
        for p in PemetaanKolom.objects.filter(satker=satker).order_by("-diubah", "-pk")
    ]


def describe_kolom(kolom: dict) -> str:
    """'Kode = A, Uraian = B, Pagu/Jumlah = F, Realisasi per bulan = D–O'."""
    bagian = []
    for peran in (*PERAN_PETA[:4], "bulan", "catatan"):
        nilai = kolom.get(peran)
        if nilai is None or nilai == []:
            continue
        if peran == "bulan":
            huruf = [get_column_letter(j + 1) for j in nilai]
            teks = huruf[0] if len(huruf) == 1 else f"{huruf[0]}–{huruf[-1]}"
        else:
            teks = get_column_letter(nilai + 1)
        bagian.append(f"{NAMA_PERAN[peran]} = {teks}")
    return ", ".join(bagian)


def build_grid(contoh: dict[str, dict]) -> list[tuple[str, list[str], dict]]:
    """(sheet, column letters, its first rows) for the grid the mapping is chosen over."""
    return [
        (nama, [get_column_letter(j + 1) for j in range(len((c["baris"] or [[]])[0]))], c)
        for nama, c in contoh.items()
    ]


class PemetaanForm(forms.Form):
    """Which row is the header and which column holds what, over the sheets' first rows."""

    lembar = forms.ChoiceField(label="Lembar")
    baris_judul = forms.TypedChoiceField(label="Baris judul tabel", coerce=int)
    kode = forms.TypedChoiceField(label="Kolom Kode", coerce=int)
    uraian = forms.TypedChoiceField(label="Kolom Uraian", coerce=int)
    pagu = forms.TypedChoiceField(label="Kolom Pagu", coerce=int, required=False, empty_value=None)
    realisasi = forms.TypedChoiceField(
        label="Kolom Realisasi (jumlah)", coerce=int, required=False, empty_value=None
    )
    bulan = forms.TypedMultipleChoiceField(
        label="atau kolom realisasi per bulan",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    catatan = forms.TypedChoiceField(
        label="Kolom Catatan", coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, contoh: dict[str, dict], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.contoh = contoh
        self.fields["lembar"].choices = [(n, n) for n in contoh]
        lebar = max((len(c["baris"][0]) for c in contoh.values() if c["baris"]), default=0)
        pilihan = [(j, get_column_letter(j + 1)) for j in range(lebar)]
        for nama in PERAN_PETA:
            kosong = [] if self.fields[nama].required else [("", "—")]
            self.fields[nama].choices = kosong + pilihan
        self.fields["bulan"].choices = pilihan
        tinggi = max((len(c["baris"]) for c in contoh.values()), default=0)
        self.fields["baris_judul"].choices = [("", "—")] + [
            (i, f"baris {i}") for i in range(1, tinggi + 1)
        ]

    def clean(self) -> dict:
        data = super().clean()
        lembar, nomor = data.get("lembar"), data.get("baris_judul")
        if lembar is None or nomor is None:
            return data
        sampel = self.contoh[lembar]
        if nomor > len(sampel["baris"]) or not sampel["tanda"][nomor - 1]:
            self.add_error(
                "baris_judul",
                f"Baris {nomor} lembar “{lembar}” kosong atau tidak ditampilkan; pilih baris yang "
                "berisi judul kolom.",
            )
        dipakai = [data.get(p) for p in PERAN_PETA if data.get(p) is not None]
        dipakai += data.get("bulan") or []
        if len(dipakai) != len(set(dipakai)):
            raise forms.ValidationError("Satu kolom hanya boleh dipilih untuk satu isi.")
        if data.get("pagu") is None and data.get("realisasi") is None and not data.get("bulan"):
            raise forms.ValidationError("Pilih kolom Pagu, Realisasi, atau realisasi per bulan.")
        return data

    def kolom(self) -> dict:
        """The mapping as the reader takes it (tata_letak.Peta.kolom)."""
        d = self.cleaned_data
        hasil = {p: d[p] for p in PERAN_PETA if d.get(p) is not None}
        hasil["bulan"] = sorted(d.get("bulan") or [])
        return hasil

    def tanda(self) -> str:
        d = self.cleaned_data
        return self.contoh[d["lembar"]]["tanda"][d["baris_judul"] - 1]

    def judul(self) -> list[str]:
        d = self.cleaned_data
        return self.contoh[d["lembar"]]["baris"][d["baris_judul"] - 1]
