"""The pages' cache backend (lkjip/memori.py): Django's LocMemCache, values kept as they are."""

from dataclasses import dataclass

import pytest

from lkjip.memori import MemoriProses


@dataclass(frozen=True)
class Isi:
    teks: str


@pytest.fixture
def memori() -> MemoriProses:
    m = MemoriProses("uji-memori", {"TIMEOUT": None, "OPTIONS": {"MAX_ENTRIES": 3}})
    m.clear()
    return m


def test_a_value_read_is_the_object_stored(memori):
    isi = Isi("laporan")
    memori.set("a", isi)
    assert memori.get("a") is isi
    assert memori.get("b") is None
    assert memori.get("b", "tidak ada") == "tidak ada"
    assert not memori.add("a", Isi("lain"))
    assert memori.add("b", Isi("baru"))
    assert memori.get("b") == Isi("baru")
    memori.set("n", 1)
    assert memori.incr("n", 2) == 3
    with pytest.raises(ValueError):
        memori.incr("tidak-ada")


def test_the_least_recently_read_go_first_when_full(memori):
    for k in "abc":
        memori.set(k, Isi(k))
    memori.get("a")  # read again: "b" is now the least recently read
    memori.set("d", Isi("d"))
    assert memori.get("b") is None
    assert memori.get("a") == Isi("a") and memori.get("d") == Isi("d")
