"""Per-process memory of drawn pages and the data behind them (laporan.halaman, kinerja.tables).

Every entry is keyed on everything it was made from, usually a fingerprint of the rows
(``laporan.dokumen.sidik``): an equal key gives an equal value, so nothing is ever invalidated
and nothing stale is ever served; a change of data simply asks for a new key. Values are kept as
they are (immutable: frozen dataclasses, strings), not pickled, least recently used out first.
Each gunicorn worker keeps its own; a worker builds an entry once per state of the data.
"""

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import Any, TypeVar

from django.dispatch import receiver
from django.utils.autoreload import file_changed

T = TypeVar("T")

_SEMUA: list["Ingatan"] = []


class Ingatan:
    def __init__(self, nama: str, batas: int) -> None:
        self.nama = nama
        self.batas = batas
        self._isi: OrderedDict[Hashable, Any] = OrderedDict()
        self._kunci = Lock()
        _SEMUA.append(self)

    def get(self, kunci: Hashable) -> Any | None:
        with self._kunci:
            nilai = self._isi.get(kunci)
            if nilai is not None:
                self._isi.move_to_end(kunci)
            return nilai

    def set(self, kunci: Hashable, nilai: Any) -> None:
        with self._kunci:
            self._isi[kunci] = nilai
            self._isi.move_to_end(kunci)
            while len(self._isi) > self.batas:
                self._isi.popitem(last=False)

    def get_or_set(
        self,
        kunci: Hashable,
        buat: Callable[[], T],
        *,
        kunci_lagi: Callable[[], Hashable] | None = None,
    ) -> T:
        """The value kept under ``kunci``, or ``buat()``. ``kunci_lagi`` computes the key again
        after building: when the data changed meanwhile, what was built may belong to the newer
        state (or a mix), so it is served once but not kept under the older key."""
        nilai = self.get(kunci)
        if nilai is None:
            nilai = buat()
            if kunci_lagi is None or kunci_lagi() == kunci:
                self.set(kunci, nilai)
        return nilai

    def clear(self) -> None:
        with self._kunci:
            self._isi.clear()


def clear_semua() -> None:
    """Forget everything (tests: each starts like a freshly started process)."""
    for ingatan in _SEMUA:
        ingatan.clear()


@receiver(file_changed, dispatch_uid="lkjip_ingatan_file_changed")
def _berkas_berubah(sender: object, file_path, **kwargs: object) -> None:
    """``runserver`` restarts for Python files but only reloads templates: an edited template
    must draw the pages anew too."""
    if file_path.suffix != ".py":
        clear_semua()
