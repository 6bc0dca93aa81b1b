import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from kinerja.services import DEFAULT_SKALA
from laporan.grafik import (
    format_rupiah_singkat,
    grafik_capaian,
    grafik_serapan_kegiatan,
    grafik_serapan_tahunan,
)

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def bars(root: ET.Element, group: str = "batang") -> list[ET.Element]:
    (g,) = [g for g in root.iter(f"{SVG}g") if g.get("id", "").endswith(f"-{group}")]
    return list(g.iter(f"{SVG}rect"))


def width(rect: ET.Element) -> Decimal:
    return Decimal(rect.get("width"))


def capaian_chart(**kwargs) -> ET.Element:
    defaults = {
        "baris": [("2.1", Decimal("100")), ("2.2", Decimal("50")), ("2.3", None)],
        "skala": DEFAULT_SKALA,
        "judul": "Capaian indikator 2024",
    }
    return parse(grafik_capaian(**{**defaults, **kwargs}))


def test_capaian_chart_is_an_accessible_svg_scaled_by_its_viewbox():
    root = capaian_chart()
    assert root.get("role") == "img"
    assert root.get("width") == "100%" and root.get("height") is None
    assert re.fullmatch(r"0 0 \d+(\.\d+)? \d+(\.\d+)?", root.get("viewBox"))
    assert root.find(f"{SVG}title").text == "Capaian indikator 2024"
    desc = root.find(f"{SVG}desc").text
    assert "2.1: 100,00% (Sangat Baik)" in desc and "2.3: belum diukur" in desc


def test_capaian_bar_width_is_proportional_to_the_value():
    rects = bars(capaian_chart())
    assert len(rects) == 2  # 2.3 is not measured
    assert abs(width(rects[0]) - 2 * width(rects[1])) <= Decimal("0.02")


def test_capaian_unmeasured_indicator_has_no_bar_and_says_so():
    root = capaian_chart(baris=[("2.3", None)])
    assert bars(root) == []
    assert any("—" in t and "belum diukur" in t for t in texts(root))


def test_capaian_zero_is_a_measured_value_with_an_empty_bar():
    rects = bars(capaian_chart(baris=[("2.1", Decimal(0))]))
    assert [width(r) for r in rects] == [Decimal(0)]


def test_capaian_shows_category_zones_with_names_and_bounds():
    t = texts(capaian_chart())
    for name in ("Gagal", "Cukup Baik", "Baik", "Sangat Baik"):
        assert name in t
    assert {"< 55%", "≥ 55%", "> 75%", "> 90%"} <= set(t)


def test_capaian_values_are_printed_in_indonesian_format():
    t = texts(capaian_chart(baris=[("2.2", Decimal("103.75")), ("2.3", Decimal("87.504"))]))
    assert "103,75%" in t and "87,50%" in t


def test_capaian_axis_reaches_120_and_grows_past_the_highest_value():
    assert "120%" in texts(capaian_chart()) and "140%" not in texts(capaian_chart())
    root = capaian_chart(baris=[("2.1", Decimal("143.2")), ("2.2", Decimal("71.6"))])
    assert "140%" in texts(root)
    wide, half = bars(root)
    assert abs(width(wide) - 2 * width(half)) <= Decimal("0.02")


def test_user_text_is_escaped():
    root = capaian_chart(baris=[("<b>2.1</b> & co", Decimal(90))], judul="A < B & C")
    assert root.find(f"{SVG}title").text == "A < B & C"
    assert "<b>2.1</b> & co" in texts(root)


def test_coordinates_have_at_most_two_decimals():
    svg = grafik_capaian(
        baris=[("1", Decimal("33.333333")), ("2", Decimal("66.6666667"))],
        skala=DEFAULT_SKALA,
        judul="x",
    )
    root = parse(svg)
    posisi = [
        nilai
        for el in root.iter()
        if el is not root
        for nama, nilai in el.attrib.items()
        if nama in {"x", "y", "x1", "x2", "y1", "y2", "width", "height"}
    ]
    assert len(posisi) > 50
    for nilai in posisi:
        assert re.fullmatch(r"-?\d+(\.\d{1,2})?", nilai), nilai


def test_serapan_kegiatan_bars_labels_and_missing_value():
    root = parse(
        grafik_serapan_kegiatan(
            baris=[
                ("3355", "Penyelenggaraan Dukungan Manajemen dan Pelaksanaan Tugas Teknis", None),
                ("3360", "Pengelolaan <Keuangan> & Aset", Decimal("98.364")),
                ("6709", "Fasilitasi", Decimal("49.182")),
            ],
            judul="Serapan per kegiatan",
        )
    )
    t = texts(root)
    assert "98,36%" in t and "—" in t
    assert "3360 Pengelolaan <Keuangan> & Aset" in t
    # The long label is wrapped onto two lines, not cut.
    i = next(i for i, x in enumerate(t) if x.startswith("3355"))
    assert f"{t[i]} {t[i + 1]}" == (
        "3355 Penyelenggaraan Dukungan Manajemen dan Pelaksanaan Tugas Teknis"
    )
    full, half = bars(root)
    assert abs(width(full) - 2 * width(half)) <= Decimal("0.02")
    assert "100%" in t and "120%" not in t


def test_serapan_kegiatan_axis_extends_above_100():
    root = parse(
        grafik_serapan_kegiatan(baris=[("6867", "Pemutakhiran", Decimal("104.2"))], judul="x")
    )
    assert "104,20%" in texts(root) and "100%" in texts(root)
    assert root.get("viewBox") and len(bars(root)) == 1


def tahunan_chart() -> ET.Element:
    return parse(
        grafik_serapan_tahunan(
            baris=[
                (2022, Decimal("750540000"), Decimal("744049227"), Decimal("99.1352")),
                (2023, None, None, None),
                (2024, Decimal("41469966000"), Decimal("39420682212"), Decimal("95.0584")),
            ],
            judul="Pagu & realisasi 2022–2024",
        )
    )


def test_serapan_tahunan_labels_amounts_and_serapan():
    root = tahunan_chart()
    t = texts(root)
    assert {"Rp41,5 M", "Rp39,4 M", "Rp750,5 jt", "95,06%", "99,14%"} <= set(t)
    assert {"Pagu", "Realisasi", "2022", "2023", "2024"} <= set(t)
    assert "tidak ada anggaran" in t
    assert root.find(f"{SVG}title").text == "Pagu & realisasi 2022–2024"


def test_serapan_tahunan_bar_heights_follow_the_amounts():
    root = tahunan_chart()
    pagu, realisasi = bars(root, "pagu"), bars(root, "realisasi")
    assert len(pagu) == len(realisasi) == 2  # 2023 has no bars
    tinggi = Decimal(pagu[1].get("height")) / Decimal(realisasi[1].get("height"))
    assert abs(tinggi - Decimal(41469966000) / Decimal(39420682212)) < Decimal("0.001")
    assert pagu[0].get("fill") != realisasi[0].get("fill")


def test_charts_in_one_document_do_not_share_pattern_ids():
    a = capaian_chart()
    b = capaian_chart(judul="Capaian indikator 2023")
    ids_a = {p.get("id") for p in a.iter(f"{SVG}pattern")}
    ids_b = {p.get("id") for p in b.iter(f"{SVG}pattern")}
    assert ids_a and not ids_a & ids_b


@pytest.mark.parametrize(
    ("nilai", "teks"),
    [
        (Decimal(41469966000), "Rp41,5 M"),
        (Decimal(750540000), "Rp750,5 jt"),
        (Decimal(2000), "Rp2.000"),
        (Decimal(0), "Rp0"),
        (Decimal(2000000000), "Rp2 M"),
        (Decimal(999960000), "Rp1 M"),
        (Decimal(1500000000000), "Rp1,5 T"),
    ],
)
def test_format_rupiah_singkat(nilai, teks):
    assert format_rupiah_singkat(nilai) == teks


def test_long_kegiatan_labels_are_wrapped_onto_lines_never_cut():
    panjang = (
        "Terlaksananya Pengucapan Sumpah/Janji Presiden dan Wakil Presiden serta Anggota DPR, "
        "DPD, DPRD Provinsi, dan DPRD Kabupaten/Kota"
    )
    pendek = "Pengelolaan Keuangan dan Barang Milik Negara"
    root = parse(
        grafik_serapan_kegiatan(
            baris=[("6981", panjang, Decimal("0")), ("3355", pendek, Decimal("98.22"))],
            judul="Serapan",
        )
    )
    label = [t for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "end"]

    assert " ".join(t.text for t in label) == f"6981 {panjang} 3355 {pendek}"
    assert not any("…" in (t.text or "") for t in root.iter(f"{SVG}text"))
    # Several lines, each on its own baseline, all left of the plot.
    assert len(label) > 2
    assert len({t.get("y") for t in label}) == len(label)
    kiri = min(Decimal(line.get("x1")) for line in root.iter(f"{SVG}line"))
    assert all(Decimal(t.get("x")) < kiri for t in label)
