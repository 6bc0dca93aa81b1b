"""The floors: an app imports only from its own floor or from the floors below it.

lkjip (settings, formatting, small shared tools) → satker (tenant, users, access) → riwayat
(history) → renstra → anggaran → kinerja → laporan → pengesahan → pengingat (owners and reminders)
→ pertukaran (exchange: the data workbook's import, the demo and its loaders). ``lkjip/urls.py``
is the composition root and may import any app. A lower floor that needs a higher one declares a
hook that the higher app fills in its ``AppConfig.ready`` (``lkjip.kunci.pasang``,
``satker.services.daftarkan_tahun``, ``lkjip.berkala.daftarkan``, ``pengesahan.sinyal``).

Every ``.py`` of the apps is read with ``ast`` (not imported): imports at module level and inside
functions alike, relative imports resolved against the file's package, ``TYPE_CHECKING`` blocks
included. Migrations and tests are not walked.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent

LANTAI = (
    "lkjip",
    "satker",
    "riwayat",
    "renstra",
    "anggaran",
    "kinerja",
    "laporan",
    "pengesahan",
    "pengingat",
    "pemantauan",
    "pertukaran",
)
TINGKAT = {app: i for i, app in enumerate(LANTAI)}

# The URL root assembles every app's pages.
AKAR_KOMPOSISI = {"lkjip/urls.py"}

# Top-level folders of the repository that hold Python but are no app: the tests and the
# benchmarks (each may use any floor).
BUKAN_APP = {"tests", "bench"}


@dataclass(frozen=True)
class Impor:
    berkas: str  # path from the repository root
    baris: int
    modul: str  # the importing module
    tujuan: str  # the imported module, absolute


def _nama_modul(path: Path) -> str:
    bagian = list(path.relative_to(AKAR).with_suffix("").parts)
    if bagian[-1] == "__init__":
        bagian.pop()
    return ".".join(bagian)


def _paket(path: Path) -> list[str]:
    """The package a relative import in ``path`` starts from."""
    bagian = list(path.relative_to(AKAR).with_suffix("").parts)
    return bagian[:-1]  # a package's __init__ and a module alike: the folder holding them


def _modul_tidak_ada(nama: str) -> bool:
    path = AKAR.joinpath(*nama.split("."))
    return not (path.with_suffix(".py").exists() or (path / "__init__.py").exists())


def _impor_berkas(path: Path) -> list[Impor]:
    pohon = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    berkas = path.relative_to(AKAR).as_posix()
    modul = _nama_modul(path)
    hasil = []
    for simpul in ast.walk(pohon):
        if isinstance(simpul, ast.Import):
            tujuan = [alias.name for alias in simpul.names]
        elif isinstance(simpul, ast.ImportFrom):
            if simpul.level:
                paket = _paket(path)
                dasar = paket[: len(paket) - (simpul.level - 1)]
                awal = ".".join([*dasar, *([simpul.module] if simpul.module else [])])
            else:
                awal = simpul.module or ""
            # "from x import y" imports the module x.y when there is one, else a name of x.
            tujuan = [
                awal if _modul_tidak_ada(f"{awal}.{a.name}") else f"{awal}.{a.name}"
                for a in simpul.names
            ]
        else:
            continue
        hasil += [Impor(berkas, simpul.lineno, modul, t) for t in dict.fromkeys(tujuan)]
    return hasil


def _berkas_app() -> list[Path]:
    hasil = []
    for app in LANTAI:
        for path in sorted((AKAR / app).rglob("*.py")):
            bagian = path.relative_to(AKAR).parts
            if "migrations" in bagian or "tests" in bagian:
                continue
            hasil.append(path)
    return hasil


def pelanggaran() -> list[str]:
    """Every import that runs up a floor, as "file:line: module (floor) imports target (floor)"."""
    hasil = []
    for path in _berkas_app():
        for imp in _impor_berkas(path):
            if imp.berkas in AKAR_KOMPOSISI:
                continue
            dari, ke = imp.modul.split(".")[0], imp.tujuan.split(".")[0]
            if ke not in TINGKAT or TINGKAT[ke] <= TINGKAT[dari]:
                continue
            hasil.append(
                f"{imp.berkas}:{imp.baris}: {imp.modul} (lantai {TINGKAT[dari]} {dari}) "
                f"mengimpor {imp.tujuan} (lantai {TINGKAT[ke]} {ke})"
            )
    return sorted(set(hasil))


def test_tidak_ada_impor_ke_lantai_atas():
    naik = pelanggaran()
    assert not naik, f"{len(naik)} impor ke lantai di atasnya:\n" + "\n".join(naik)


def test_setiap_paket_python_adalah_lantai():
    """A top-level package that is no floor would escape the check."""
    paket = {
        p.parent.name
        for p in AKAR.glob("*/*.py")
        if p.parent.name not in BUKAN_APP and not p.parent.name.startswith(".")
    }
    assert paket <= set(LANTAI), sorted(paket - set(LANTAI))


def test_pemeriksa_mengenali_impor_relatif_dan_di_dalam_fungsi(tmp_path, monkeypatch):
    """The walk itself: a relative import and one inside a function are both seen."""
    monkeypatch.setattr(f"{__name__}.AKAR", tmp_path)
    paket = tmp_path / "satker" / "sub"
    paket.mkdir(parents=True)
    (tmp_path / "satker" / "__init__.py").write_text("")
    (paket / "__init__.py").write_text("")
    berkas = paket / "modul.py"
    berkas.write_text("from ..models import X\n\ndef f():\n    from kinerja.models import Y\n")
    tujuan = {imp.tujuan for imp in _impor_berkas(berkas)}
    assert tujuan == {"satker.models", "kinerja.models"}
