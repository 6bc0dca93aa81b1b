"""Who may see what: every row belongs to one satker, and a user sees only their own — and,
read-only, the satker below theirs (docs/pemantauan.md).

Superusers see every satker. A user of another satker gets 404 rather than 403, so that the
existence of another satker's data is not revealed. The users of a KPU Provinsi read its KPU
Kabupaten/Kota, those of KPU RI read everyone; while they do, every role check answers no
(``has_peran``) and every write is refused (``BawahanHanyaBacaMiddleware``), so a page shows
them what its readers see and nothing they could change. The Pemantau role reads and changes
nothing, on its own satker too.
"""

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from lkjip.pemilik import pemilik
from satker.models import Pengguna, Satker
from satker.services import list_tahun

M = TypeVar("M", bound=Model)


def is_superuser(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def satker_bawahan(satker: Satker) -> QuerySet[Satker]:
    """Every satker below ``satker``: a province's kabupaten/kota; for KPU RI the provinces and
    their kabupaten/kota. The hierarchy is three deep (RI → provinsi → kabupaten/kota)."""
    return Satker.objects.filter(Q(induk=satker) | Q(induk__induk=satker))


def _di_bawah(satker: Satker, pengamat_id: int) -> bool:
    """Whether ``satker`` (loaded with its ``induk``) is below the satker ``pengamat_id``."""
    induk = satker.induk
    return induk is not None and pengamat_id in (induk.pk, induk.induk_id)


def _muat(kode: str) -> Satker:
    try:
        # Not a satker's code (e.g. a NUL byte, which PostgreSQL refuses in a query): not found.
        Satker._meta.get_field("kode").run_validators(kode)
    except ValidationError:
        raise Http404("Satker tidak ditemukan.") from None
    return get_object_or_404(Satker.objects.select_related("induk"), kode=kode)


def memantau(user, satker: Satker) -> bool:
    """Whether ``user`` reads ``satker`` from above (a user of its province or of KPU RI)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.satker_id is not None
        and user.satker_id != satker.pk
        and _di_bawah(satker, user.satker_id)
    )


def _satker_sendiri(user, kode: str) -> Satker | None:
    """The user's own satker when it is ``kode`` (read once per request and kept on the user)."""
    if not user.is_authenticated or user.satker_id is None:
        return None
    return user.satker if user.satker.kode == kode else None


def get_satker_or_404(*, user: Pengguna, kode: str) -> Satker:
    """The satker with ``kode`` if ``user`` may see it, else 404 (also for another satker's).

    A satker below the user's is returned too, and the user is marked read-only for the rest of
    the request (``hanya_baca``): every role check then answers no."""
    if is_superuser(user):
        return _muat(kode)
    sendiri = _satker_sendiri(user, kode)
    if sendiri is not None:
        return sendiri
    dipantau = getattr(user, "satker_dipantau", None)
    if dipantau is not None and dipantau.kode == kode:
        return dipantau
    satker = _muat(kode)
    if not memantau(user, satker):
        raise Http404("Satker tidak ditemukan.")
    user.hanya_baca = True
    user.satker_dipantau = satker
    return satker


class BawahanHanyaBacaMiddleware:
    """Before any view of a satker (a URL with ``kode``) runs — its role decorators included —
    mark a user reading a satker below theirs read-only, and refuse every write of such a user
    and of a Pemantau with 403: reading is all they may do there."""

    METODE_BACA = ("GET", "HEAD", "OPTIONS")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        kode = view_kwargs.get("kode")
        user = request.user
        if kode is None or not user.is_authenticated or is_superuser(user):
            return None
        if user.satker_id is None:
            return None
        menulis = request.method not in self.METODE_BACA
        if _satker_sendiri(user, kode) is None:
            try:
                get_satker_or_404(user=user, kode=kode)
            except Http404:
                return None  # another satker's: the view answers 404 as before
        pemantau = getattr(user, "hanya_baca", False) or user.peran == Pengguna.Peran.PEMANTAU
        if menulis and pemantau:
            raise PermissionDenied(
                "Anda hanya dapat melihat data satker ini; perubahan dilakukan oleh satker itu "
                "sendiri."
            )
        return None


def get_satker_tahun_or_404(
    *, user: Pengguna, kode: str, tahun: int
) -> tuple[Satker, tuple[int, ...]]:
    """The satker (404 for another satker's users) and all its years (404 for a year without data).

    Every workspace page of a satker and year starts here, so that they all refuse the same way and
    the navigation gets the years to switch between.
    """
    satker = get_satker_or_404(user=user, kode=kode)
    semua_tahun = list_tahun(satker=satker)
    if tahun not in semua_tahun:
        raise Http404("Belum ada data untuk tahun ini.")
    return satker, semua_tahun


def has_peran(user, *peran: str) -> bool:
    if getattr(user, "hanya_baca", False):
        return False  # reading a satker below the user's own (get_satker_or_404)
    if is_superuser(user):
        return True
    return bool(user.is_authenticated and user.is_active and user.peran in peran)


def require_peran(*peran: str) -> Callable:
    """Decorator for function views: 403 unless the user has one of ``peran`` (superuser passes).

    Use below ``login_required`` so that anonymous users are sent to the login page first.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not has_peran(request.user, *peran):
                raise PermissionDenied("Peran Anda tidak diizinkan membuka halaman ini.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def filter_for_user(qs: QuerySet[M], user, path: str) -> QuerySet[M]:
    """Scope ``qs`` to the rows of ``user``'s satker.

    ``path`` is the lookup from the queryset's model to Satker (``satker_path``), e.g.
    ``"satker"``, ``"sasaran__program__perjanjian__satker"``; ``""`` for Satker itself.
    Superusers get everything; anyone else without a satker gets nothing.
    """
    if is_superuser(user):
        return qs
    if not user.is_authenticated or user.satker_id is None:
        return qs.none()
    lookup = f"{path}__pk" if path else "pk"
    return qs.filter(**{lookup: user.satker_id})


def satker_path(model: type[Model]) -> str | None:
    """The path to Satker for ``model``, from the owner its class declares (``lkjip.pemilik``), so
    that the admin, the views and the foreign-key choices all scope the same way; None for a model
    that does not belong to a satker."""
    p = pemilik(model)
    if p is None:
        return None
    return "" if p.satker == "pk" else p.satker
