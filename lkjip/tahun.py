"""The years the application knows: a year in a URL outside them is not found, before any view
reads or writes a row for it (the year columns are small integers)."""

TAHUN_AWAL = 2000
TAHUN_AKHIR = 2100


class TahunConverter:
    """``<tahun:tahun>`` in the URLconfs: four digits within TAHUN_AWAL..TAHUN_AKHIR, else 404.

    Whether the satker has data for the year is the view's question
    (``satker.access.get_satker_tahun_or_404``)."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        tahun = int(value)
        if not TAHUN_AWAL <= tahun <= TAHUN_AKHIR:
            raise ValueError(value)  # the URL does not match: 404
        return tahun

    def to_url(self, value: int) -> str:
        return str(value)
