"""The small text format of narrative sections (see ``Narasi``), parsed once into blocks that the
web page and the PDF both render.

Blank lines separate paragraphs; ``- `` starts a bullet, ``1. ``/``1) `` a numbered and
``a. ``/``a) `` a lettered item; every two leading spaces nest an item one level deeper; a line
without a marker continues the previous paragraph or item. Inline: ``**tebal**`` and ``*miring*``.

A list is printed with the markers its writer typed ("a." / "1)" / "a)", the levels of official
documents): each item carries its marker in ``data-penanda`` and the report's CSS shows that, as
WeasyPrint ignores an ``<ol>``'s ``type`` and ``start``.
"""

import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_PENANDA = re.compile(
    r"^(?P<indent> *)(?:(?P<bullet>[-•])|(?:(?P<angka>\d{1,3})|(?P<huruf>[a-z]))(?P<tutup>[.)]))\s+"
)
_TEBAL = re.compile(r"\*\*(.+?)\*\*")
_MIRING = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")


@dataclass(frozen=True)
class Butir:
    teks: str
    anak: tuple["Daftar", ...] = ()


@dataclass(frozen=True)
class Daftar:
    jenis: str  # "bullet", "angka" or "huruf"
    mulai: int
    butir: tuple[Butir, ...]
    tutup: str = "."  # what follows the number or letter: "." ("a.") or ")" ("1)")


@dataclass(frozen=True)
class Paragraf:
    teks: str


Blok = Paragraf | Daftar


@dataclass
class _DaftarTerbuka:
    jenis: str
    mulai: int
    level: int
    tutup: str = "."
    butir: list[list] = field(default_factory=list)  # [teks, [anak _DaftarTerbuka ...]]


def _tutup(daftar: _DaftarTerbuka) -> Daftar:
    return Daftar(
        jenis=daftar.jenis,
        mulai=daftar.mulai,
        butir=tuple(Butir(teks=t, anak=tuple(_tutup(a) for a in anak)) for t, anak in daftar.butir),
        tutup=daftar.tutup,
    )


def parse(teks: str) -> tuple[Blok, ...]:
    blok: list[Blok] = []
    paragraf: list[str] = []
    tumpukan: list[_DaftarTerbuka] = []  # open lists, outermost first

    def selesaikan() -> None:
        if paragraf:
            blok.append(Paragraf(" ".join(paragraf)))
            paragraf.clear()
        if tumpukan:
            blok.append(_tutup(tumpukan[0]))
            tumpukan.clear()

    for baris in teks.replace("\r\n", "\n").split("\n"):
        if not baris.strip():
            # A blank line ends a paragraph; a list may continue after it.
            if paragraf:
                selesaikan()
            continue
        cocok = _PENANDA.match(baris)
        if not cocok:
            if tumpukan and not paragraf and baris.startswith(" "):
                tumpukan[-1].butir[-1][0] += " " + baris.strip()
            elif tumpukan and not paragraf:
                selesaikan()
                paragraf.append(baris.strip())
            else:
                paragraf.append(baris.strip())
            continue
        if paragraf:
            selesaikan()
        level = len(cocok["indent"]) // 2
        jenis = "bullet" if cocok["bullet"] else "angka" if cocok["angka"] else "huruf"
        mulai = (
            int(cocok["angka"])
            if cocok["angka"]
            else (ord(cocok["huruf"]) - ord("a") + 1 if cocok["huruf"] else 1)
        )
        isi = baris[cocok.end() :].strip()
        while tumpukan and tumpukan[-1].level > level:
            tumpukan.pop()
        tutup = cocok["tutup"] or "."
        if (
            tumpukan
            and tumpukan[-1].level == level
            and (tumpukan[-1].jenis, tumpukan[-1].tutup) != (jenis, tutup)
        ):
            if len(tumpukan) == 1:
                selesaikan()
            else:
                tumpukan.pop()
        if not tumpukan or tumpukan[-1].level < level:
            baru = _DaftarTerbuka(jenis=jenis, mulai=mulai, level=level, tutup=tutup)
            if tumpukan:
                if not tumpukan[-1].butir:
                    tumpukan[-1].butir.append(["", []])
                tumpukan[-1].butir[-1][1].append(baru)
            tumpukan.append(baru)
        tumpukan[-1].butir.append([isi, []])
    selesaikan()
    return tuple(blok)


def render_inline(teks: str) -> str:
    html = escape(teks)
    html = _TEBAL.sub(r"<strong>\1</strong>", html)
    return _MIRING.sub(r"<em>\1</em>", html)


def _huruf(nomor: int) -> str:
    """1 -> 'a', 26 -> 'z', 27 -> 'aa' (as lower-alpha counts)."""
    hasil = ""
    while nomor > 0:
        nomor, sisa = divmod(nomor - 1, 26)
        hasil = chr(ord("a") + sisa) + hasil
    return hasil


def penanda(daftar: Daftar, urutan: int) -> str:
    """The printed marker of the item at ``urutan`` (0-based): 'a.', '3)', 'b)'."""
    nomor = daftar.mulai + urutan
    return f"{nomor if daftar.jenis == 'angka' else _huruf(nomor)}{daftar.tutup}"


def _render_daftar(daftar: Daftar) -> str:
    if daftar.jenis == "bullet":
        buka, tutup = "<ul>", "</ul>"
        atribut = [""] * len(daftar.butir)
    else:
        tipe = "1" if daftar.jenis == "angka" else "a"
        mulai = f' start="{daftar.mulai}"' if daftar.mulai != 1 else ""
        buka, tutup = f'<ol class="daftar-penanda" type="{tipe}"{mulai}>', "</ol>"
        atribut = [f' data-penanda="{penanda(daftar, i)}"' for i in range(len(daftar.butir))]
    butir = "".join(
        f"<li{a}>{render_inline(b.teks)}{''.join(_render_daftar(x) for x in b.anak)}</li>"
        for a, b in zip(atribut, daftar.butir, strict=True)
    )
    return f"{buka}{butir}{tutup}"


def render_html(teks: str) -> SafeString:
    """Narrative text to HTML; all user text is escaped before the few tags are added."""
    bagian = [
        f"<p>{render_inline(b.teks)}</p>" if isinstance(b, Paragraf) else _render_daftar(b)
        for b in parse(teks)
    ]
    return mark_safe("\n".join(bagian))  # noqa: S308 - built from escaped parts only
