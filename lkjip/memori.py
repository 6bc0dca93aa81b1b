"""Django's per-process memory cache without pickling (``CACHES`` in lkjip/settings.py).

The pages keep what they are built from in it, under the data's revision (satker.revisi,
docs/halaman_tersimpan.md): immutable objects (frozen dataclasses, tuples, strings). Django's
``LocMemCache`` pickles every value in and out; unpickling the realisation table's rows on every
read cost a third of drawing them. Here a value read is the very object stored, so only immutable
values may be stored. Everything else (the bound on entries, the least recently read dropped
first, timeouts, one store per process) is ``LocMemCache``'s own.
"""

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache


class MemoriProses(LocMemCache):
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._set(key, value, timeout)
                return True
            return False

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                return default
            self._cache.move_to_end(key, last=False)
            return self._cache[key]

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            self._set(key, value, timeout)

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                raise ValueError(f"Key '{key}' not found")
            self._cache[key] += delta
            self._cache.move_to_end(key, last=False)
            return self._cache[key]
