from collections.abc import Sequence
from decimal import Decimal

from django import forms
from django.utils import timezone

from lkjip.angka import BULAN
from lkjip.isian import IsianDitolak, format_isian, parse_isian
from lkjip.unggah.berkas import BATAS_UKURAN_BERKAS, MB


def tahun_terbesar() -> int:
    return timezone.localdate().year + 1


class ImporAnggaranForm(forms.Form):
    berkas = forms.FileField(
        label="Berkas anggaran (.xlsx)",
        help_text=(
            f"POK, RKA-K/L, DIPA, ekspor SAKTI/OM-SPAN, atau templat impor; paling besar "
            f"{BATAS_UKURAN_BERKAS // MB} MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm"}),
    )
    tahun = forms.IntegerField(label="Tahun anggaran", min_value=2000)
    ribuan = forms.BooleanField(
        label=(
            "Angka di berkas dalam ribuan rupiah (dikalikan 1.000); tidak perlu dicentang bila "
            "berkasnya menyebut “dalam ribuan”"
        ),
        required=False,
    )

    def clean_tahun(self) -> int:
        tahun = self.cleaned_data["tahun"]
        if tahun > tahun_terbesar():
            raise forms.ValidationError(f"Tahun paling besar {tahun_terbesar()}.")
        return tahun

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        if berkas.size > BATAS_UKURAN_BERKAS:
            raise forms.ValidationError(
                f"Berkas berukuran {berkas.size // MB} MB; batasnya {BATAS_UKURAN_BERKAS // MB} MB."
            )
        return berkas


class RevisiDipaForm(forms.Form):
    """The DIPA revision an import brings, given on its preview (all optional; without it the
    first import of a year is recorded as the pagu awal, a later one as no revision)."""

    revisi_ke = forms.IntegerField(
        label="Revisi DIPA ke",
        min_value=0,
        max_value=999,
        required=False,
        help_text="0 = pagu awal (DIPA induk). Kosongkan bila berkas tidak membawa revisi DIPA.",
    )
    revisi_tanggal = forms.DateField(
        label="Tanggal revisi", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    revisi_nomor = forms.CharField(label="Nomor DIPA/revisi", max_length=120, required=False)


class RencanaPenarikanForm(forms.Form):
    """The 12 months of the DIPA's rencana penarikan dana (RPD), typed the Indonesian way
    ("1.250.000"); an empty month is not planned (not 0)."""

    def __init__(self, *args, rencana: Sequence[Decimal | None] = (), **kwargs) -> None:
        initial = {f"bulan_{i}": format_isian(v) for i, v in enumerate(rencana, 1)}
        super().__init__(*args, initial=initial, **kwargs)
        for i, nama in enumerate(BULAN, 1):
            self.fields[f"bulan_{i}"] = forms.CharField(
                label=nama,
                required=False,
                max_length=40,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )

    def clean(self) -> dict:
        data = super().clean()
        for i, nama in enumerate(BULAN, 1):
            kunci = f"bulan_{i}"
            if kunci not in data:
                continue
            try:
                data[kunci] = parse_isian(
                    data[kunci], nama="Rencana penarikan", bulat_maks=16, desimal_maks=2
                )
            except IsianDitolak as exc:
                self.add_error(kunci, f"{nama}: {exc.pesan}")
        return data

    def rencana(self) -> tuple[Decimal | None, ...]:
        return tuple(self.cleaned_data[f"bulan_{i}"] for i in range(1, 13))
