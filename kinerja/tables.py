"""The realisation entry table: one row per indicator of the PK in force.

The records are ``kinerja.services.BarisRealisasi``, already measured (and kept per revision of
the data: laporan.halaman). The rows are drawn on every request, because their forms carry the
request's CSRF token (they post without JavaScript too). A year has some 50 indicators × 4
triwulan forms, some 260 KB of HTML: the cells are written as plain strings with every value
escaped here (``_e``), not through a template per cell nor a table library's cell machinery,
which made the page several times slower. The same table draws the whole page and the single row
an in-place save returns (hx-swap outerHTML), so the DOM of a row is defined once (the browser
tests rely on it: tr#indikator-<pk>, td.capaian, td.kategori, p.galat, p.pesan-konflik).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from kinerja.jadwal import StatusTriwulan
from kinerja.services import BarisRealisasi, CapaianIndikator, SelTriwulan
from lkjip.angka import KOSONG, format_persen
from lkjip.isian import format_nilai

_TANDA = 987654321  # stands for an id while a URL pattern is reversed once per table


# A text as HTML: ``&<>"'`` escaped, as Django's templates escape them. Every text drawn here goes
# through it; numbers (ids, versions) are drawn as they are.
_e = escape


@dataclass(frozen=True)
class StatusBaris:
    """What to say in a row after a save: ``bagian`` is "tw", "dokumen", "bukti" or "analisis"
    (for "analisis", ``nilai`` and ``keterangan`` hold the refused penyebab and solusi)."""

    indikator_id: int
    bagian: str
    triwulan: int | None = None
    dokumen_id: int | None = None
    galat: str = ""
    konflik: str = ""
    tersimpan: str = ""
    nilai: str = ""  # the refused entry, shown back for correction
    keterangan: str = ""


@dataclass(frozen=True)
class Kolom:
    """A column of the header (its cells are drawn by ``RealisasiTable._html_baris``)."""

    name: str
    header: str


KOLOM = (
    Kolom("nomor", "No."),
    Kolom("indikator", "Indikator kinerja"),
    Kolom("target", "Target"),
    Kolom("tw1", "TW I"),
    Kolom("tw2", "TW II"),
    Kolom("tw3", "TW III"),
    Kolom("tw4", "TW IV"),
    Kolom("realisasi", "Realisasi tahunan"),
    Kolom("capaian", "Capaian"),
    Kolom("kategori", "Kategori"),
    Kolom("keterangan", "Keterangan"),
    Kolom("bukti", "Bukti dukung"),
    Kolom("riwayat", "Riwayat"),
)


# Each cell names its column, for the phone layout where a row is a card and the header is hidden
# (static/css/realisasi.css shows the name before the cell's content).
_LABEL = {k.name: f' data-label="{_e(k.header)}"' for k in KOLOM}


@lru_cache(maxsize=256)
def _pola_url(nama: str, **kwargs) -> str:
    """``reverse`` once, as a pattern for ``str.format`` whose fields are the arguments given as
    None: hundreds of links per page for one reverse each (once per process and satker-year).
    HTML-escaped (the ids filled in are integers)."""
    tanda = {k: str(_TANDA + i) for i, k in enumerate(n for n, v in kwargs.items() if v is None)}
    pola = _e(reverse(nama, kwargs={k: tanda.get(k, v) for k, v in kwargs.items()}))
    pola = pola.replace("{", "{{").replace("}", "}}")
    for k, v in tanda.items():
        pola = pola.replace(f"/{v}/", f"/{{{k}}}/", 1)
    return pola


def _pesan(status: StatusBaris | None) -> str:
    if status is None:
        return ""
    bagian = []
    if status.konflik:
        bagian.append(f'<p class="pesan-konflik" role="alert">{_e(status.konflik)}</p>')
    if status.galat:
        bagian.append(f'<p class="galat" role="alert">{_e(status.galat)}</p>')
    if status.tersimpan:
        bagian.append(f'<p class="tersimpan" role="status">{_e(status.tersimpan)}</p>')
    return "".join(bagian)


# The lock of a closed TW's cell (the same drawing as templates/kinerja/_ikon_kunci.html).
IKON_KUNCI = (
    '<svg class="ikon-kunci" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true"'
    ' focusable="false"><path fill="currentColor" d="M4 7V5a4 4 0 1 1 8 0v2h1a1 1 0 0 1 1 1v7a1'
    ' 1 0 0 1-1 1H3a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1h1zm2 0h4V5a2 2 0 1 0-4 0v2z"/></svg>'
)


class RealisasiTable:
    columns = KOLOM
    attrs = {"id": "tabel-realisasi", "class": "tabel tabel-realisasi"}
    empty_text = "Belum ada Perjanjian Kinerja untuk tahun ini."

    def __init__(
        self,
        data: list[BarisRealisasi],
        *,
        kode: str,
        tahun: int,
        bisa_ubah: bool,
        batas_ukuran: str,
        csrf_token: str,
        status: StatusBaris | None = None,
        status_tw: Mapping[int, StatusTriwulan] | None = None,
    ) -> None:
        self.data = data
        # A closed TW's cells are read-only, with the reason (kinerja.jadwal, docs/triwulan.md).
        self.tw_tertutup = {tw: s for tw, s in (status_tw or {}).items() if s.tertutup}
        self.kode = kode
        self.tahun = tahun
        self.bisa_ubah = bisa_ubah
        self.batas_ukuran = batas_ukuran
        self.status = status
        self.csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{_e(csrf_token)}">'
        dasar = {"kode": kode, "tahun": tahun}
        self.url_tw = _pola_url("realisasi_simpan", **dasar, indikator=None, triwulan=None)
        self.url_dokumen = _pola_url("realisasi_dokumen", **dasar, indikator=None, dokumen=None)
        self.url_unggah = _pola_url("bukti_unggah", **dasar, indikator=None)
        self.url_unduh = _pola_url("bukti_unduh", **dasar, bukti=None)
        self.url_hapus = _pola_url("bukti_hapus", **dasar, bukti=None)
        self.url_analisis = _pola_url("realisasi_analisis", **dasar, indikator=None)
        self.url_riwayat = _pola_url(
            "riwayat_objek", kode=kode, jenis="indikatorkinerja", objek_id=None
        )
        self.url_komentar = _e(reverse("komentar", kwargs=dasar))

    # --- rows ----------------------------------------------------------------------------------

    def html_isi(self) -> SafeString:
        """The body's rows: a heading row where the programme and bagian or the sasaran change,
        then each record's row."""
        lebar = len(self.columns)
        baris, kelompok, sasaran = [], None, None
        for i, record in enumerate(self.data):
            c = record.capaian
            if (c.program_kode, c.bagian) != kelompok:
                kelompok = (c.program_kode, c.bagian)
                baris.append(
                    f'<tr class="kelompok-bagian"><th colspan="{lebar}" scope="colgroup">'
                    f"{_e(c.program_nama)} ({_e(c.program_kode)}) — {_e(record.bagian_label)}"
                    "</th></tr>"
                )
            if record.sasaran_id != sasaran:
                sasaran = record.sasaran_id
                nomor = f"{c.sasaran_nomor} " if c.sasaran_nomor else ""
                baris.append(
                    f'<tr class="kelompok-sasaran"><th colspan="{lebar}" scope="colgroup">'
                    f"{_e(nomor)}{_e(c.sasaran)}</th></tr>"
                )
            baris.append(self._html_baris(record, i))
        if not baris:
            baris.append(f'<tr><td colspan="{lebar}">{_e(self.empty_text)}</td></tr>')
        return mark_safe("".join(baris))

    def html_baris(self, indikator_id: int) -> SafeString:
        """The row of one record, for the reply to an in-place save."""
        i, record = next((i, r) for i, r in enumerate(self.data) if r.indikator_id == indikator_id)
        return mark_safe(self._html_baris(record, i))

    def _html_baris(self, record: BarisRealisasi, i: int) -> str:
        """One record's row: its cells, in the order of ``KOLOM``. Some 50 rows of forms are
        drawn on every request: the values that recur are computed once per row."""
        c = record.capaian
        s = self.status
        baris = _Baris(
            id=c.indikator_id,
            nama=_e(c.nama),
            status=s if s is not None and s.indikator_id == c.indikator_id else None,
            dokumen=record.jenis_dokumen,
        )
        tw = [
            self._render_tw(sel, baris) + _render_tw_renaksi(c, sel.triwulan)
            for sel in record.triwulan
        ]
        kategori = f"kategori kategori--{slugify(c.kategori)}" if c.kategori else "kategori"
        indikator = self._render_indikator(record, baris) if c.nama else KOSONG
        realisasi = self._render_realisasi(record, baris) if c.realisasi_teks else KOSONG
        sel = (
            ("nomor", "nomor", int(record.nomor)),
            ("indikator", "indikator", indikator),
            ("target", "angka target", _e(c.target_teks) if c.target_teks else KOSONG),
            ("tw1", "tw tw-1", tw[0]),
            ("tw2", "tw tw-2", tw[1]),
            ("tw3", "tw tw-3", tw[2]),
            ("tw4", "tw tw-4", tw[3]),
            ("realisasi", "angka realisasi", realisasi),
            ("capaian", "angka capaian", _e(format_persen(c.capaian))),
            ("kategori", kategori, _e(c.kategori) if c.kategori else KOSONG),
            ("keterangan", "keterangan", _render_keterangan(record)),
            ("bukti", "bukti", self._render_bukti(record, baris)),
            ("riwayat", "riwayat", self._render_riwayat(baris)),
        )
        isi = "".join(f'<td class="{kelas}"{_LABEL[k]}>{html}</td>' for k, kelas, html in sel)
        return f'<tr id="indikator-{baris.id}" class="{"odd" if i % 2 else "even"}">{isi}</tr>'

    # --- cells ---------------------------------------------------------------------------------

    def _render_indikator(self, record: BarisRealisasi, baris: "_Baris") -> str:
        c = record.capaian
        analisis = self._render_analisis(record, baris) if record.terukur else ""
        if not c.masalah:
            return f"{baris.nama}{analisis}"
        daftar = "".join(f"<li>{_e(m)}</li>" for m in c.masalah)
        return f'{baris.nama}<ul class="masalah-indikator">{daftar}</ul>{analisis}'

    def _render_tw(self, sel: SelTriwulan, baris: "_Baris") -> str:
        s = baris.status
        status = s if s and s.bagian == "tw" and s.triwulan == sel.triwulan else None
        if baris.dokumen:
            isi = _TW_DOKUMEN
        elif not self.bisa_ubah:
            isi = _e(sel.nilai_teks)
        elif sel.triwulan in self.tw_tertutup:
            tutup = self.tw_tertutup[sel.triwulan]
            isi = (
                f'{_e(sel.nilai_teks)} <span class="sel-terkunci"'
                f' title="{_e(tutup.pesan_tertutup)}">'
                f"{IKON_KUNCI} {_e(tutup.alasan_singkat)}</span>"
            )
        else:
            ditolak = status is not None and bool(status.galat)
            nilai = status.nilai if ditolak else sel.nilai_isian
            keterangan = status.keterangan if ditolak else sel.keterangan
            ident = f"{baris.id}-{sel.triwulan}"
            url = self.url_tw.format(indikator=baris.id, triwulan=sel.triwulan)
            invalid = f' aria-invalid="true" aria-describedby="galat-{ident}"' if ditolak else ""
            label, nama = _e(sel.label), baris.nama
            centang = " ✓" if sel.keterangan else ""
            isi = (
                f'<form class="form-tw" method="post" action="{url}" hx-post="{url}"'
                f' hx-target="closest tr" hx-swap="outerHTML">{self.csrf}'
                f'<input type="hidden" name="versi" value="{int(sel.versi)}">'
                f'<input type="hidden" name="realisasi" value="{sel.realisasi_id or ""}">'
                f'<input type="text" name="nilai" id="nilai-{ident}" inputmode="decimal"'
                f' autocomplete="off" size="7" value="{_e(nilai)}"'
                f' aria-label="Realisasi {label} {nama}"{invalid}>'
                f'<details class="keterangan-tw"><summary>Keterangan{centang}'
                f'<span class="sr-only"> {label}</span></summary>'
                f'<input type="text" name="keterangan" id="keterangan-{ident}" maxlength="500"'
                f' autocomplete="off" value="{_e(keterangan)}"'
                f' aria-label="Keterangan {label} {nama}">'
                "</details>"
                '<button type="submit" class="tombol tombol--kecil">Simpan</button></form>'
            )
        if status is None:
            return isi
        if status.galat:
            return (
                f'{isi}<p class="galat" role="alert" id="galat-{baris.id}-{sel.triwulan}">'
                f"{_e(status.galat)}</p>"
            )
        return isi + _pesan(status)

    def _render_realisasi(self, record: BarisRealisasi, baris: "_Baris") -> str:
        teks = _e(record.capaian.realisasi_teks)
        if not baris.dokumen:
            return teks
        butir = []
        for d in record.dokumen:
            s = baris.status
            status = s if s and s.bagian == "dokumen" and s.dokumen_id == d.pk else None
            nama = _e(d.nama)
            if self.bisa_ubah:
                lama = "ya" if d.tersedia else ("tidak" if d.tersedia is False else "")
                url = self.url_dokumen.format(indikator=baris.id, dokumen=int(d.pk))
                isi = (
                    f'<form class="form-dokumen" method="post" action="{url}" hx-post="{url}"'
                    ' hx-trigger="change, submit" hx-target="closest tr" hx-swap="outerHTML">'
                    f'{self.csrf}<input type="hidden" name="tersedia_lama" value="{lama}">'
                    f"<fieldset><legend>{nama}</legend>"
                    '<label><input type="radio" name="tersedia" value="ya"'
                    f"{' checked' if d.tersedia else ''}> Tersedia</label>"
                    '<label><input type="radio" name="tersedia" value="tidak"'
                    f"{' checked' if d.tersedia is False else ''}> Tidak tersedia</label>"
                    "</fieldset>"
                    '<button type="submit" class="tombol tombol--kecil">Simpan'
                    f'<span class="sr-only"> {nama}</span></button></form>'
                )
            else:
                keadaan = {True: "tersedia", False: "tidak tersedia", None: "belum diperiksa"}
                isi = f"{nama}: {keadaan[d.tersedia]}"
            butir.append(f"<li>{isi}{_pesan(status)}</li>")
        if not butir:
            butir.append("<li>Daftar dokumen wajib belum diisi.</li>")
        return f'{teks}<ul class="daftar-dokumen">{"".join(butir)}</ul>'

    def _render_analisis(self, record: BarisRealisasi, baris: "_Baris") -> str:
        """Causes and solution of a measured indicator (printed in BAB III E of the report);
        required below "Baik", so then the block is open and marked."""
        c = record.capaian
        s = baris.status
        status = s if s and s.bagian == "analisis" else None
        kosong = not (c.penyebab and c.solusi)
        wajib = record.analisis_wajib and kosong
        tanda = ' <strong class="galat">wajib diisi</strong>' if wajib else ""
        if not self.bisa_ubah:
            if not (c.penyebab or c.solusi):
                return f'<p class="analisis-wajib">Penyebab dan solusi{tanda}</p>'
            return (
                '<details class="analisis-indikator"><summary>Penyebab dan solusi</summary>'
                f"<p><strong>Penyebab:</strong> {_e(c.penyebab or KOSONG)}</p>"
                f"<p><strong>Solusi:</strong> {_e(c.solusi or KOSONG)}</p></details>"
            )
        ditolak = status is not None and bool(status.galat)
        url = self.url_analisis.format(indikator=baris.id)
        ident = baris.id
        buka = " open" if wajib or status is not None else ""
        penyebab_isian = status.nilai if ditolak else c.penyebab
        solusi_isian = status.keterangan if ditolak else c.solusi
        return (
            f'<details class="analisis-indikator" id="analisis-{ident}"{buka}>'
            f"<summary>Penyebab dan solusi{tanda}</summary>"
            f'<form class="form-analisis" method="post" action="{url}" hx-post="{url}"'
            f' hx-target="closest tr" hx-swap="outerHTML">{self.csrf}'
            f'<input type="hidden" name="penyebab_lama" value="{_e(c.penyebab)}">'
            f'<input type="hidden" name="solusi_lama" value="{_e(c.solusi)}">'
            f'<label for="penyebab-{ident}">Penyebab keberhasilan/kegagalan</label>'
            f'<textarea name="penyebab" id="penyebab-{ident}" rows="3" maxlength="4000">'
            f"{_e(penyebab_isian)}</textarea>"
            f'<label for="solusi-{ident}">Alternatif solusi</label>'
            f'<textarea name="solusi" id="solusi-{ident}" rows="3" maxlength="4000">'
            f"{_e(solusi_isian)}</textarea>"
            '<button type="submit" class="tombol tombol--kecil">Simpan'
            f'<span class="sr-only"> penyebab dan solusi {baris.nama}</span></button></form>'
            f"{_pesan(status)}</details>"
        )

    def _render_bukti(self, record: BarisRealisasi, baris: "_Baris") -> str:
        butir = []
        for b in record.bukti:
            berkas = _e(b.nama_asli)
            hapus = ""
            if self.bisa_ubah:
                url = self.url_hapus.format(bukti=int(b.pk))
                hapus = (
                    f'<form class="form-hapus-bukti" method="post" action="{url}" hx-post="{url}"'
                    f' hx-target="closest tr" hx-swap="outerHTML">{self.csrf}'
                    '<button type="submit" class="tombol tombol--kecil">Hapus'
                    f'<span class="sr-only"> {berkas}</span></button></form>'
                )
            butir.append(
                f'<li><a href="{self.url_unduh.format(bukti=int(b.pk))}" download>{berkas}</a>'
                f' <span class="redup">({_e(b.triwulan_label)}, {_e(b.ukuran_teks)})</span>'
                f"{hapus}</li>"
            )
        daftar = (
            f'<ul class="daftar-bukti">{"".join(butir)}</ul>'
            if butir
            else '<span class="redup">Belum ada</span>'
        )
        s = baris.status
        status = s if s and s.bagian == "bukti" else None
        if not self.bisa_ubah:
            return daftar + _pesan(status)
        ident = baris.id
        url = self.url_unggah.format(indikator=ident)
        buka = " open" if status is not None and status.galat else ""
        return (
            f'{daftar}<details class="unggah-bukti"{buka}><summary>Unggah bukti'
            f'<span class="sr-only"> {baris.nama}</span></summary>'
            f'<form class="form-bukti" method="post" enctype="multipart/form-data" action="{url}"'
            f' hx-post="{url}" hx-encoding="multipart/form-data" hx-target="closest tr"'
            f' hx-swap="outerHTML">{self.csrf}'
            f'<label for="bukti-tw-{ident}">Periode</label>'
            f'<select name="triwulan" id="bukti-tw-{ident}">{_PILIHAN_TRIWULAN}</select>'
            f'<label for="bukti-berkas-{ident}">Berkas (PDF, PNG, JPEG; maks. '
            f"{_e(self.batas_ukuran)})</label>"
            f'<input type="file" name="berkas" id="bukti-berkas-{ident}" required'
            ' accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg">'
            '<progress class="kemajuan-unggah" max="100" value="0" hidden>0%</progress>'
            '<button type="submit" class="tombol tombol--kecil">Unggah</button></form>'
            f"</details>{_pesan(status)}"
        )

    def _render_riwayat(self, baris: "_Baris") -> str:
        riwayat = self.url_riwayat.format(objek_id=baris.id)
        return (
            f'<a href="{riwayat}?tahun={int(self.tahun)}">Riwayat'
            f'<span class="sr-only"> {baris.nama}</span>'
            f'</a><br><a href="{self.url_komentar}?indikator={baris.id}">'
            f'Komentar<span class="sr-only"> {baris.nama}</span></a>'
        )


@dataclass(frozen=True)
class _Baris:
    """What a row's cells share: the indicator's id, its name as HTML, the row's status, whether
    it is measured by a list of documents."""

    id: int
    nama: str
    status: StatusBaris | None
    dokumen: bool


def _render_tw_renaksi(c: CapaianIndikator, triwulan: int) -> str:
    """Under a TW's value, its rencana aksi: the TW target and the TW's capaian against it with
    its category (docs/aturan.md rule 15); nothing when the TW has no target."""
    target = c.target_tw[triwulan - 1]
    if target is None:
        return ""
    capaian, kategori = c.capaian_tw[triwulan - 1], c.kategori_tw[triwulan - 1]
    teks_target = _e(format_nilai(nilai=target, satuan=c.satuan))
    if capaian is None:
        hasil = '<span class="redup">belum ada</span>'
    else:
        hasil = f'<span class="tw-capaian">{_e(format_persen(capaian))}</span>'
        if kategori:
            kelas = f"tw-kategori kategori--{slugify(kategori)}"
            hasil += f' <span class="{kelas}">{_e(kategori)}</span>'
    return (
        f'<p class="tw-renaksi"><span class="tw-target">Target {teks_target}</span> '
        f'<span class="tw-hasil">Capaian {hasil}</span></p>'
    )


def _render_keterangan(record: BarisRealisasi) -> str:
    keterangan = record.keterangan
    if not keterangan:
        return KOSONG
    daftar = "".join(f"<li><strong>{_e(tw)}:</strong> {_e(k)}</li>" for tw, k in keterangan)
    return f'<ul class="daftar-keterangan">{daftar}</ul>'


_TW_DOKUMEN = f'<span class="redup" title="Diukur dengan daftar dokumen">{KOSONG}</span>'
_PILIHAN_TRIWULAN = "".join(
    f'<option value="{v}">{t}</option>'
    for v, t in (("", "Tahunan"), (1, "TW I"), (2, "TW II"), (3, "TW III"), (4, "TW IV"))
)
