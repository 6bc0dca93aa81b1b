"""Work a long-running worker does now and then, declared by the apps that need it.

The background worker's supervisor (``laporan`` ``pekerja_pdf``) cannot import the apps above
it (docs/arsitektur.md, floors); an app registers a callable in its ``AppConfig.ready`` with
``daftarkan`` and the supervisor calls ``jalankan`` every few seconds. Each callable decides
itself whether anything is due (cheaply: it is called often) — e.g. the reminders' daily run
(docs/pengingat.md).
"""

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

_TUGAS: list[Callable[[], object]] = []


def daftarkan(fungsi: Callable[[], object]) -> None:
    if fungsi not in _TUGAS:
        _TUGAS.append(fungsi)


def jalankan() -> None:
    """Call every registered callable; one that fails is logged and never stops the others."""
    for fungsi in _TUGAS:
        try:
            fungsi()
        except Exception:
            logger.exception("Tugas berkala %s gagal", getattr(fungsi, "__name__", fungsi))
