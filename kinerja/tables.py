"""The realisation entry table: one row per indicator of the PK in force.

The records are ``kinerja.services.BarisRealisasi``, already measured. The cells are drawn here
with ``format_html`` rather than one template include per cell: a year has some 50 indicators ×
4 triwulan forms, and per-cell templates made the page several times slower. The same table
draws the whole page and the single row an in-place save returns (hx-swap outerHTML), so the DOM
of a row is defined once (the browser tests rely on it: tr#indikator-<pk>, td.capaian,
td.kategori, p.galat, p.pesan-konflik).
"""

from collections.abc import Callable
from dataclasses import dataclass

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from kinerja.services import BarisRealisasi, SelTriwulan
from lkjip.angka import KOSONG, format_persen
from lkjip.ingatan import Ingatan

_TANDA = 987654321  # stands for an id while a URL pattern is reversed once per table
# The CSRF field of drawn rows, with a stand-in for the request's token, so that they can be kept
# and serve every session; ``isi_token`` puts the request's own in on the way out. It replaces
# this whole tag, never the stand-in alone: every text a user typed is HTML-escaped in the drawn
# rows, so it can never contain ``<input`` and a keterangan reading like the stand-in stays text.
_CSRF_TERSIMPAN = '<input type="hidden" name="csrfmiddlewaretoken" value="csrf-tanda-baris-5d1b">'

# Drawn rows, keyed on their frozen record and the table's settings (some 6 KB each). Drawing
# 50 rows cell by cell is most of the page's time; after an edit only the changed row is drawn.
ingatan_baris = Ingatan("baris realisasi", 1024)
# Whole tables (some 270 KB each), keyed on the data's fingerprint and the kind of reader.
ingatan_tabel = Ingatan("tabel realisasi", 32)


def isi_token(html: str, csrf_token: str) -> SafeString:
    csrf = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf_token)
    return mark_safe(html.replace(_CSRF_TERSIMPAN, csrf))


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


def _pola_url(nama: str, **kwargs) -> Callable[..., str]:
    """``reverse`` once, then fill in ids: hundreds of links per page for one reverse each."""
    tanda = {k: _TANDA + i for i, k in enumerate(n for n, v in kwargs.items() if v is None)}
    pola = reverse(nama, kwargs={k: tanda.get(k, v) for k, v in kwargs.items()})

    def isi(**nilai: int) -> str:
        url = pola
        for k, v in nilai.items():
            url = url.replace(f"/{tanda[k]}/", f"/{int(v)}/", 1)
        return url

    return isi


def _pesan(status: StatusBaris | None) -> SafeString:
    if status is None:
        return mark_safe("")
    bagian = []
    if status.konflik:
        bagian.append(format_html('<p class="pesan-konflik" role="alert">{}</p>', status.konflik))
    if status.galat:
        bagian.append(format_html('<p class="galat" role="alert">{}</p>', status.galat))
    if status.tersimpan:
        bagian.append(format_html('<p class="tersimpan" role="status">{}</p>', status.tersimpan))
    return mark_safe("".join(bagian))


def _kelas_kategori(record: BarisRealisasi) -> str:
    kategori = record.capaian.kategori
    return f"kategori kategori--{slugify(kategori)}" if kategori else "kategori"


class RealisasiTable(tables.Table):
    nomor = tables.Column("No.", attrs={"td": {"class": "nomor"}})
    indikator = tables.Column(
        "Indikator kinerja", accessor="capaian__nama", attrs={"td": {"class": "indikator"}}
    )
    target = tables.Column(
        "Target", accessor="capaian__target_teks", attrs={"td": {"class": "target angka"}}
    )
    tw1 = tables.Column("TW I", accessor="triwulan__0", attrs={"td": {"class": "tw tw-1"}})
    tw2 = tables.Column("TW II", accessor="triwulan__1", attrs={"td": {"class": "tw tw-2"}})
    tw3 = tables.Column("TW III", accessor="triwulan__2", attrs={"td": {"class": "tw tw-3"}})
    tw4 = tables.Column("TW IV", accessor="triwulan__3", attrs={"td": {"class": "tw tw-4"}})
    realisasi = tables.Column(
        "Realisasi tahunan",
        accessor="capaian__realisasi_teks",
        attrs={"td": {"class": "realisasi angka"}},
    )
    capaian = tables.Column(
        "Capaian",
        accessor="capaian__capaian",
        default=KOSONG,
        attrs={"td": {"class": "capaian angka"}},
    )
    kategori = tables.Column(
        "Kategori",
        accessor="capaian__kategori",
        default=KOSONG,
        attrs={"td": {"class": _kelas_kategori}},
    )
    keterangan = tables.Column(
        "Keterangan", accessor="keterangan", default=KOSONG, attrs={"td": {"class": "keterangan"}}
    )
    bukti = tables.Column("Bukti dukung", accessor="bukti", attrs={"td": {"class": "bukti"}})
    riwayat = tables.Column("Riwayat", accessor="indikator_id", attrs={"td": {"class": "riwayat"}})

    class Meta:
        template_name = "kinerja/_tabel_realisasi.html"
        orderable = False  # grouped by sasaran in report order; sorting would break the groups
        attrs = {"id": "tabel-realisasi", "class": "tabel tabel-realisasi"}
        row_attrs = {"id": lambda record: f"indikator-{record.indikator_id}"}
        empty_text = "Belum ada Perjanjian Kinerja untuk tahun ini."

    def __init__(
        self,
        data,
        *,
        kode: str,
        tahun: int,
        bisa_ubah: bool,
        batas_ukuran: str,
        status: StatusBaris | None = None,
        **kwargs,
    ) -> None:
        super().__init__(data, **kwargs)
        self.kode = kode
        self.tahun = tahun
        self.bisa_ubah = bisa_ubah
        self.batas_ukuran = batas_ukuran
        self.status = status
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
        self.url_komentar = reverse("komentar", kwargs=dasar)

    # --- rows ----------------------------------------------------------------------------------

    def html_isi(self) -> SafeString:
        """The body's rows: a heading row where the programme and bagian or the sasaran change,
        then each record's row."""
        lebar = len(self.columns)
        baris, kelompok, sasaran = [], None, None
        for row in self.paginated_rows:
            record = row.record
            c = record.capaian
            if (c.program_kode, c.bagian) != kelompok:
                kelompok = (c.program_kode, c.bagian)
                baris.append(
                    format_html(
                        '<tr class="kelompok-bagian"><th colspan="{}" scope="colgroup">'
                        "{} ({}) — {}</th></tr>",
                        lebar,
                        c.program_nama,
                        c.program_kode,
                        record.bagian_label,
                    )
                )
            if record.sasaran_id != sasaran:
                sasaran = record.sasaran_id
                nomor = f"{c.sasaran_nomor} " if c.sasaran_nomor else ""
                baris.append(
                    format_html(
                        '<tr class="kelompok-sasaran"><th colspan="{}" scope="colgroup">{}{}'
                        "</th></tr>",
                        lebar,
                        nomor,
                        c.sasaran,
                    )
                )
            baris.append(self._html_baris(row))
        if not baris:
            baris.append(format_html('<tr><td colspan="{}">{}</td></tr>', lebar, self.empty_text))
        return mark_safe("".join(baris))

    def html_baris(self, indikator_id: int) -> SafeString:
        """The row of one record, for the reply to an in-place save."""
        row = next(r for r in self.paginated_rows if r.record.indikator_id == indikator_id)
        return self._html_baris(row)

    def _html_baris(self, row) -> SafeString:
        record = row.record
        kunci = None
        if self.status is None or self.status.indikator_id != record.indikator_id:
            kunci = (record, self.kode, self.tahun, self.bisa_ubah, self.batas_ukuran)
            html = ingatan_baris.get(kunci)
            if html is not None:
                return mark_safe(html)
        sel = "".join(
            f"<td {column.attrs['td'].as_html()}>{conditional_escape(cell)}</td>"
            for column, cell in row.items()
        )
        html = f"<tr {row.attrs.as_html()}>{sel}</tr>"
        if kunci is not None:
            ingatan_baris.set(kunci, html)
        return mark_safe(html)

    # --- helpers -------------------------------------------------------------------------------

    def _status(self, record: BarisRealisasi, bagian: str, **kunci) -> StatusBaris | None:
        s = self.status
        if s is None or s.indikator_id != record.indikator_id or s.bagian != bagian:
            return None
        if any(getattr(s, k) != v for k, v in kunci.items()):
            return None
        return s

    def _csrf(self) -> SafeString:
        # The request's token goes in on the way out (``isi_token``).
        return mark_safe(_CSRF_TERSIMPAN)

    # --- cells ---------------------------------------------------------------------------------

    def render_indikator(self, value: str, record: BarisRealisasi) -> SafeString:
        masalah = record.capaian.masalah
        analisis = self._render_analisis(record) if record.terukur else ""
        if not masalah:
            return format_html("{}{}", value, analisis)
        daftar = format_html_join("", "<li>{}</li>", ((m,) for m in masalah))
        return format_html('{}<ul class="masalah-indikator">{}</ul>{}', value, daftar, analisis)

    def _render_tw(self, sel: SelTriwulan, record: BarisRealisasi) -> SafeString:
        status = self._status(record, "tw", triwulan=sel.triwulan)
        if record.jenis_dokumen:
            isi = format_html(
                '<span class="redup" title="{}">{}</span>', "Diukur dengan daftar dokumen", KOSONG
            )
        elif not self.bisa_ubah:
            isi = format_html("{}", sel.nilai_teks)
        else:
            ditolak = status is not None and bool(status.galat)
            nilai = status.nilai if ditolak else sel.nilai_isian
            keterangan = status.keterangan if ditolak else sel.keterangan
            ident = f"{record.indikator_id}-{sel.triwulan}"
            url = self.url_tw(indikator=record.indikator_id, triwulan=sel.triwulan)
            invalid = (
                format_html(' aria-invalid="true" aria-describedby="galat-{}"', ident)
                if ditolak
                else ""
            )
            isi = format_html(
                '<form class="form-tw" method="post" action="{url}" hx-post="{url}"'
                ' hx-target="closest tr" hx-swap="outerHTML">{csrf}'
                '<input type="hidden" name="versi" value="{versi}">'
                '<input type="hidden" name="realisasi" value="{realisasi}">'
                '<input type="text" name="nilai" id="nilai-{ident}" inputmode="decimal"'
                ' autocomplete="off" size="7" value="{nilai}"'
                ' aria-label="Realisasi {label} {nama}"{invalid}>'
                '<details class="keterangan-tw"><summary>Keterangan{centang}'
                '<span class="sr-only"> {label}</span></summary>'
                '<input type="text" name="keterangan" id="keterangan-{ident}" maxlength="500"'
                ' autocomplete="off" value="{keterangan}" aria-label="Keterangan {label} {nama}">'
                "</details>"
                '<button type="submit" class="tombol tombol--kecil">Simpan</button></form>',
                url=url,
                csrf=self._csrf(),
                versi=sel.versi,
                realisasi=sel.realisasi_id or "",
                ident=ident,
                nilai=nilai,
                label=sel.label,
                nama=record.capaian.nama,
                invalid=invalid,
                centang=" ✓" if sel.keterangan else "",
                keterangan=keterangan,
            )
        if status is not None and status.galat:
            pesan = format_html(
                '<p class="galat" role="alert" id="galat-{}-{}">{}</p>',
                record.indikator_id,
                sel.triwulan,
                status.galat,
            )
            return format_html("{}{}", isi, pesan)
        return format_html("{}{}", isi, _pesan(status))

    def render_tw1(self, value: SelTriwulan, record: BarisRealisasi) -> SafeString:
        return self._render_tw(value, record)

    def render_tw2(self, value: SelTriwulan, record: BarisRealisasi) -> SafeString:
        return self._render_tw(value, record)

    def render_tw3(self, value: SelTriwulan, record: BarisRealisasi) -> SafeString:
        return self._render_tw(value, record)

    def render_tw4(self, value: SelTriwulan, record: BarisRealisasi) -> SafeString:
        return self._render_tw(value, record)

    def render_realisasi(self, value: str, record: BarisRealisasi) -> SafeString:
        if not record.jenis_dokumen:
            return format_html("{}", value)
        butir = []
        for d in record.dokumen:
            status = self._status(record, "dokumen", dokumen_id=d.pk)
            if self.bisa_ubah:
                lama = "ya" if d.tersedia else ("tidak" if d.tersedia is False else "")
                url = self.url_dokumen(indikator=record.indikator_id, dokumen=d.pk)
                isi = format_html(
                    '<form class="form-dokumen" method="post" action="{url}" hx-post="{url}"'
                    ' hx-trigger="change, submit" hx-target="closest tr" hx-swap="outerHTML">'
                    '{csrf}<input type="hidden" name="tersedia_lama" value="{lama}">'
                    "<fieldset><legend>{nama}</legend>"
                    '<label><input type="radio" name="tersedia" value="ya"{ya}> Tersedia</label>'
                    '<label><input type="radio" name="tersedia" value="tidak"{tidak}>'
                    " Tidak tersedia</label></fieldset>"
                    '<button type="submit" class="tombol tombol--kecil">Simpan'
                    '<span class="sr-only"> {nama}</span></button></form>',
                    url=url,
                    csrf=self._csrf(),
                    lama=lama,
                    nama=d.nama,
                    ya=" checked" if d.tersedia else "",
                    tidak=" checked" if d.tersedia is False else "",
                )
            else:
                keadaan = {True: "tersedia", False: "tidak tersedia", None: "belum diperiksa"}
                isi = format_html("{}: {}", d.nama, keadaan[d.tersedia])
            butir.append(format_html("<li>{}{}</li>", isi, _pesan(status)))
        if not butir:
            butir.append(format_html("<li>{}</li>", "Daftar dokumen wajib belum diisi."))
        return format_html('{}<ul class="daftar-dokumen">{}</ul>', value, mark_safe("".join(butir)))

    def render_capaian(self, value) -> str:
        return format_persen(value)

    def render_keterangan(self, value: tuple[tuple[str, str], ...]) -> SafeString:
        if not value:
            return mark_safe(KOSONG)
        daftar = format_html_join("", "<li><strong>{}:</strong> {}</li>", value)
        return format_html('<ul class="daftar-keterangan">{}</ul>', daftar)

    def _render_analisis(self, record: BarisRealisasi) -> SafeString:
        """Causes and solution of a measured indicator (printed in BAB III E of the report);
        required below "Baik", so then the block is open and marked."""
        c = record.capaian
        status = self._status(record, "analisis")
        kosong = not (c.penyebab and c.solusi)
        wajib = record.analisis_wajib and kosong
        tanda = format_html(' <strong class="galat">{}</strong>', "wajib diisi") if wajib else ""
        if not self.bisa_ubah:
            if not (c.penyebab or c.solusi):
                return format_html('<p class="analisis-wajib">Penyebab dan solusi{}</p>', tanda)
            return format_html(
                '<details class="analisis-indikator"><summary>Penyebab dan solusi</summary>'
                "<p><strong>Penyebab:</strong> {}</p><p><strong>Solusi:</strong> {}</p></details>",
                c.penyebab or KOSONG,
                c.solusi or KOSONG,
            )
        ditolak = status is not None and bool(status.galat)
        url = self.url_analisis(indikator=record.indikator_id)
        ident = record.indikator_id
        return format_html(
            '<details class="analisis-indikator" id="analisis-{ident}"{buka}>'
            "<summary>Penyebab dan solusi{tanda}</summary>"
            '<form class="form-analisis" method="post" action="{url}" hx-post="{url}"'
            ' hx-target="closest tr" hx-swap="outerHTML">{csrf}'
            '<input type="hidden" name="penyebab_lama" value="{penyebab}">'
            '<input type="hidden" name="solusi_lama" value="{solusi}">'
            '<label for="penyebab-{ident}">Penyebab keberhasilan/kegagalan</label>'
            '<textarea name="penyebab" id="penyebab-{ident}" rows="3" maxlength="4000">'
            "{penyebab_isian}</textarea>"
            '<label for="solusi-{ident}">Alternatif solusi</label>'
            '<textarea name="solusi" id="solusi-{ident}" rows="3" maxlength="4000">'
            "{solusi_isian}</textarea>"
            '<button type="submit" class="tombol tombol--kecil">Simpan'
            '<span class="sr-only"> penyebab dan solusi {nama}</span></button></form>'
            "{pesan}</details>",
            ident=ident,
            buka=" open" if wajib or status is not None else "",
            tanda=tanda,
            url=url,
            csrf=self._csrf(),
            penyebab=c.penyebab,
            solusi=c.solusi,
            penyebab_isian=status.nilai if ditolak else c.penyebab,
            solusi_isian=status.keterangan if ditolak else c.solusi,
            nama=c.nama,
            pesan=_pesan(status),
        )

    def render_bukti(self, value, record: BarisRealisasi) -> SafeString:
        butir = []
        for b in value:
            hapus = ""
            if self.bisa_ubah:
                url = self.url_hapus(bukti=b.pk)
                hapus = format_html(
                    '<form class="form-hapus-bukti" method="post" action="{url}" hx-post="{url}"'
                    ' hx-target="closest tr" hx-swap="outerHTML">{csrf}'
                    '<button type="submit" class="tombol tombol--kecil">Hapus'
                    '<span class="sr-only"> {nama}</span></button></form>',
                    url=url,
                    csrf=self._csrf(),
                    nama=b.nama_asli,
                )
            butir.append(
                format_html(
                    '<li><a href="{}" download>{}</a> <span class="redup">({}, {})</span>{}</li>',
                    self.url_unduh(bukti=b.pk),
                    b.nama_asli,
                    b.triwulan_label,
                    b.ukuran_teks,
                    hapus,
                )
            )
        daftar = (
            format_html('<ul class="daftar-bukti">{}</ul>', mark_safe("".join(butir)))
            if butir
            else format_html('<span class="redup">{}</span>', "Belum ada")
        )
        status = self._status(record, "bukti")
        if not self.bisa_ubah:
            return format_html("{}{}", daftar, _pesan(status))
        ident = record.indikator_id
        url = self.url_unggah(indikator=ident)
        pilihan = format_html_join(
            "",
            '<option value="{}">{}</option>',
            (("", "Tahunan"), (1, "TW I"), (2, "TW II"), (3, "TW III"), (4, "TW IV")),
        )
        unggah = format_html(
            '<details class="unggah-bukti"{buka}><summary>Unggah bukti'
            '<span class="sr-only"> {nama}</span></summary>'
            '<form class="form-bukti" method="post" enctype="multipart/form-data" action="{url}"'
            ' hx-post="{url}" hx-encoding="multipart/form-data" hx-target="closest tr"'
            ' hx-swap="outerHTML">{csrf}'
            '<label for="bukti-tw-{ident}">Periode</label>'
            '<select name="triwulan" id="bukti-tw-{ident}">{pilihan}</select>'
            '<label for="bukti-berkas-{ident}">Berkas (PDF, PNG, JPEG; maks. {batas})</label>'
            '<input type="file" name="berkas" id="bukti-berkas-{ident}" required'
            ' accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg">'
            '<progress class="kemajuan-unggah" max="100" value="0" hidden>0%</progress>'
            '<button type="submit" class="tombol tombol--kecil">Unggah</button></form>'
            "</details>",
            buka=" open" if status is not None and status.galat else "",
            nama=record.capaian.nama,
            url=url,
            csrf=self._csrf(),
            ident=ident,
            pilihan=pilihan,
            batas=self.batas_ukuran,
        )
        return format_html("{}{}{}", daftar, unggah, _pesan(status))

    def render_riwayat(self, value: int, record: BarisRealisasi) -> SafeString:
        return format_html(
            '<a href="{}?tahun={}">Riwayat<span class="sr-only"> {}</span></a><br>'
            '<a href="{}?indikator={}">Komentar<span class="sr-only"> {}</span></a>',
            self.url_riwayat(objek_id=value),
            self.tahun,
            record.capaian.nama,
            self.url_komentar,
            value,
            record.capaian.nama,
        )
