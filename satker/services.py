from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet

from satker.models import Pengguna, Satker

# --- a satker's years ---------------------------------------------------------------------------
# A satker has a year when it has a Perjanjian Kinerja or budget lines of that year. Those models
# live on higher floors (kinerja, anggaran), so each app names its model here from its
# AppConfig.ready (``daftarkan_tahun``) instead of this module importing them.

_MODEL_TAHUN: list[type[Model]] = []


def daftarkan_tahun(model: type[Model]) -> None:
    """Count the years of ``model``'s rows (fields ``satker`` and ``tahun``) as the satker's."""
    if model not in _MODEL_TAHUN:
        _MODEL_TAHUN.append(model)


def list_tahun(*, satker: Satker) -> tuple[int, ...]:
    """The years in which the satker has rows of a model named by ``daftarkan_tahun`` (a
    Perjanjian Kinerja, budget lines), ascending."""
    return list_tahun_banyak(satker=Satker.objects.filter(pk=satker.pk))


def list_tahun_banyak(*, satker: QuerySet[Satker]) -> tuple[int, ...]:
    """``list_tahun`` of a set of satker: the years in which any of them has such rows."""
    kueri = [
        m._default_manager.filter(satker__in=satker.values("pk")).order_by().values_list("tahun")
        for m in _MODEL_TAHUN
    ]
    if not kueri:
        return ()
    # One query on every workspace page (UNION drops the duplicates).
    return tuple(sorted(t for (t,) in kueri[0].union(*kueri[1:])))


# --- who may change an account ------------------------------------------------------------------
# The Ketua signs the report and the Sekretaris approves it: whoever can set their password or
# role can sign in their name. So only a superuser changes those accounts' sign-in and role
# fields, and only a superuser makes someone Ketua or Sekretaris (docs/deploy.md, "Accounts").

MEDAN_AKUN_PIMPINAN = (
    "username",
    "password",
    "peran",
    "is_ketua",
    "is_active",
    "is_staff",
    "is_superuser",
)
PESAN_UBAH_PIMPINAN = (
    "Hanya superuser yang dapat mengubah kata sandi, peran, status Ketua, status aktif, atau nama "
    "pengguna akun Ketua dan Sekretaris."
)
PESAN_ANGKAT_PIMPINAN = "Hanya superuser yang dapat menjadikan pengguna Ketua atau Sekretaris."
PESAN_HAPUS_PIMPINAN = "Hanya superuser yang dapat menghapus akun Ketua atau Sekretaris."


def is_akun_pimpinan(pengguna: Pengguna) -> bool:
    """The Ketua's and the Sekretaris' accounts: they approve and sign the report."""
    return bool(pengguna.is_ketua or pengguna.peran == Pengguna.Peran.SEKRETARIS)


def _bebas(pelaku: Pengguna | None) -> bool:
    # No acting user: a server command (buat_akun_demo, createsuperuser), run by whoever runs
    # the server and so may do anything.
    return pelaku is None or bool(pelaku.is_superuser and pelaku.is_active)


def pastikan_boleh_ubah_pengguna(
    *, pelaku: Pengguna | None, lama: Pengguna | None, baru: Pengguna
) -> None:
    """Raise PermissionDenied unless ``pelaku`` may save account ``lama`` (None: a new account)
    as ``baru``. Anyone may change their own password."""
    if _bebas(pelaku):
        return
    if lama is not None and is_akun_pimpinan(lama):
        berubah = {m for m in MEDAN_AKUN_PIMPINAN if getattr(lama, m) != getattr(baru, m)}
        if pelaku.pk == baru.pk:
            berubah.discard("password")
        if berubah:
            raise PermissionDenied(PESAN_UBAH_PIMPINAN)
    elif is_akun_pimpinan(baru):
        raise PermissionDenied(PESAN_ANGKAT_PIMPINAN)


def pastikan_boleh_hapus_pengguna(*, pelaku: Pengguna | None, pengguna: Pengguna) -> None:
    if not _bebas(pelaku) and is_akun_pimpinan(pengguna):
        raise PermissionDenied(PESAN_HAPUS_PIMPINAN)


def boleh_ubah_akun(*, pelaku: Pengguna | None, pengguna: Pengguna) -> bool:
    """Whether ``pelaku`` may change ``pengguna``'s sign-in and role fields (the admin's form)."""
    return _bebas(pelaku) or not is_akun_pimpinan(pengguna)
