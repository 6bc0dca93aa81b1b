from laporan.markup import Daftar, Paragraf, parse, render_html


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
    assert '<ol type="a">' in render_html("a. satu\nb. dua")
    assert '<ol type="1" start="4">' in render_html("4. empat")
