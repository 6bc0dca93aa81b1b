import re

from laporan.markup import Daftar, Paragraf, parse, penanda, render_html


def test_blank_line_separates_paragraphs_and_lines_join():
    blok = parse("Baris satu\nlanjut.\n\nParagraf dua.")
    assert blok == (Paragraf("Baris satu lanjut."), Paragraf("Paragraf dua."))


def test_numbered_list_with_nested_items():
    teks = (
        "Tugas:\n\na. Pemilu DPR\n  1) Menjabarkan program;\n  2) Melaksanakan tahapan;\n"
        "b. Pemilu Presiden\n  1) Membentuk PPK;"
    )
    blok = parse(teks)
    assert blok[0] == Paragraf("Tugas:")
    daftar = blok[1]
    assert isinstance(daftar, Daftar) and daftar.jenis == "huruf"
    assert [b.teks for b in daftar.butir] == ["Pemilu DPR", "Pemilu Presiden"]
    assert [b.teks for b in daftar.butir[0].anak[0].butir] == [
        "Menjabarkan program;",
        "Melaksanakan tahapan;",
    ]
    assert daftar.butir[1].anak[0].jenis == "angka"


def test_list_continues_after_blank_line_and_numbering_start_is_kept():
    blok = parse("1. satu\n\n2. dua\n\n5. lima")
    assert len(blok) == 1 and [b.teks for b in blok[0].butir] == ["satu", "dua", "lima"]
    assert parse("3. tiga")[0].mulai == 3


def test_html_escapes_user_text_and_renders_emphasis():
    html = render_html("<script>alert(1)</script> **Sangat Baik** dan *core competency*\n\n- a & b")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<strong>Sangat Baik</strong>" in html
    assert "<em>core competency</em>" in html
    assert "<ul><li>a &amp; b</li></ul>" in html


def test_lettered_list_renders_as_ordered_list_type_a():
    assert '<ol class="daftar-penanda" type="a">' in render_html("a. satu\nb. dua")
    assert '<ol class="daftar-penanda" type="1" start="4">' in render_html("4. empat")


def test_each_item_carries_the_marker_its_writer_typed_at_every_level():
    html = render_html("a. satu\n  1) x\n  2) y\n    a) p\n    b) q\nb. dua")
    penanda = re.findall(r'data-penanda="([^"]+)"', html)
    assert penanda == ["a.", "1)", "2)", "a)", "b)", "b."]


def test_marker_follows_the_start_and_a_change_of_delimiter_starts_a_new_list():
    assert re.findall(r'data-penanda="([^"]+)"', render_html("4) empat\n5) lima")) == ["4)", "5)"]
    html = render_html("1. satu\n1) lain")
    assert html.count("<ol") == 2
    assert 'data-penanda="1."' in html and 'data-penanda="1)"' in html
    # Past z the letters go on as lower-alpha counts do.
    assert penanda(Daftar(jenis="huruf", mulai=26, butir=()), 1) == "aa."
