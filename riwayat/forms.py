from django import forms

from riwayat.models import Perubahan
from riwayat.services import PELACAKAN, Filter
from satker.models import Pengguna


class FilterRiwayatForm(forms.Form):
    """The filters of the satker-wide history page (GET); an invalid filter is not applied."""

    tahun = forms.TypedChoiceField(label="Tahun", required=False, coerce=int, empty_value=None)
    jenis = forms.ChoiceField(label="Jenis data", required=False)
    pengguna = forms.ModelChoiceField(
        label="Pengguna", required=False, queryset=Pengguna.objects.none(), empty_label="Semua"
    )
    sumber = forms.ChoiceField(
        label="Sumber",
        required=False,
        choices=[("", "Semua"), *Perubahan.Sumber.choices],
    )
    dari = forms.DateField(
        label="Dari tanggal", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sampai = forms.DateField(
        label="Sampai tanggal", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, tahun: list[int], pengguna, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tahun"].choices = [("", "Semua"), *((t, str(t)) for t in tahun)]
        self.fields["jenis"].choices = [
            ("", "Semua"),
            *sorted(((p.kode, p.nama) for p in PELACAKAN.values()), key=lambda c: c[1]),
        ]
        self.fields["pengguna"].queryset = pengguna
        self.fields["dari"].widget.format = "%Y-%m-%d"
        self.fields["sampai"].widget.format = "%Y-%m-%d"

    def clean(self) -> dict:
        data = super().clean()
        dari, sampai = data.get("dari"), data.get("sampai")
        if dari and sampai and dari > sampai:
            self.add_error("sampai", "Tanggal akhir tidak boleh sebelum tanggal awal.")
        return data

    def to_filter(self) -> Filter:
        if not self.is_valid():
            return Filter()
        d = self.cleaned_data
        return Filter(
            tahun=d["tahun"],
            jenis=d["jenis"] or None,
            pengguna_id=d["pengguna"].pk if d["pengguna"] else None,
            sumber=d["sumber"] or None,
            dari=d["dari"],
            sampai=d["sampai"],
        )
