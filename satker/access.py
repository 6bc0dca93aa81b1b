"""Who may see what: every row belongs to one satker, and a user sees only their own.

Superusers see every satker. A user of another satker gets 404 rather than 403, so that the
existence of another satker's data is not revealed.
"""

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from lkjip.pemilik import pemilik
from satker.models import Pengguna, Satker
from satker.services import list_tahun

M = TypeVar("M", bound=Model)


def is_superuser(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def get_satker_or_404(*, user: Pengguna, kode: str) -> Satker:
    """The satker with ``kode`` if ``user`` may see it, else 404 (also for another satker's)."""
    try:
        # Not a satker's code (e.g. a NUL byte, which PostgreSQL refuses in a query): not found.
        Satker._meta.get_field("kode").run_validators(kode)
    except ValidationError:
        raise Http404("Satker tidak ditemukan.") from None
    satker = get_object_or_404(Satker, kode=kode)
    if is_superuser(user):
        return satker
    if not user.is_authenticated or user.satker_id != satker.pk:
        raise Http404("Satker tidak ditemukan.")
    user.satker = satker  # the same row: the page header need not read it again
    return satker


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
