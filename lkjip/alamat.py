"""The client's address: the one place that reads it (login lockout, logs; docs/deploy.md).

Behind nginx or a load balancer REMOTE_ADDR is the proxy, and the client is in X-Forwarded-For.
That header is written by whoever sends the request, so it is read only when REMOTE_ADDR is one of
the proxies named in TRUSTED_PROXIES, and only from the right: each trusted proxy appends the
address it received the request from, so the first address from the right that is not a trusted
proxy is the client. Anything to its left came from the client and may be forged.

gunicorn's master process uses this module before Django is set up (lkjip/jsonlog.py): it imports
no settings at module level.
"""

import ipaddress
import os
from collections.abc import Iterable
from functools import lru_cache

Jaringan = ipaddress.IPv4Network | ipaddress.IPv6Network
Alamat = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_proxy(teks: str) -> tuple[str, ...]:
    """``"10.0.0.2, 127.0.0.1/32"`` → ``("10.0.0.2", "127.0.0.1/32")`` (the env var's format)."""
    return tuple(bagian.strip() for bagian in teks.split(",") if bagian.strip())


@lru_cache(maxsize=8)
def _jaringan(proxy: tuple[str, ...]) -> tuple[Jaringan, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxy)


def periksa_proxy(proxy: Iterable[str]) -> None:
    """Raise ValueError naming the first entry that is not an address or network."""
    for p in proxy:
        try:
            ipaddress.ip_network(p, strict=False)
        except ValueError as galat:
            raise ValueError(f"TRUSTED_PROXIES: {p!r} bukan alamat IP atau jaringan.") from galat


def _alamat(teks: str) -> Alamat | None:
    try:
        return ipaddress.ip_address(teks.strip())
    except ValueError:
        return None


def _tepercaya(alamat: Alamat, jaringan: tuple[Jaringan, ...]) -> bool:
    if isinstance(alamat, ipaddress.IPv6Address) and alamat.ipv4_mapped is not None:
        alamat = alamat.ipv4_mapped
    return any(alamat in j for j in jaringan)


def alamat_dari(remote_addr: str, forwarded_for: str, proxy: tuple[str, ...]) -> str:
    """The client's address from the connection's address, the X-Forwarded-For header and the
    trusted proxies; the connection's address unless it is a trusted proxy."""
    jaringan = _jaringan(tuple(proxy))
    sekarang = _alamat(remote_addr or "")
    if sekarang is None or not jaringan or not _tepercaya(sekarang, jaringan):
        return remote_addr or ""
    for teks in reversed(forwarded_for.split(",")):
        sebelumnya = _alamat(teks)
        if sebelumnya is None:
            # A trusted proxy writes only addresses; a malformed entry was never appended by it.
            break
        sekarang = sebelumnya
        if not _tepercaya(sekarang, jaringan):
            break
    return str(sekarang)


def alamat_klien(request) -> str:
    """The address of the client of ``request`` (django-axes' AXES_CLIENT_IP_CALLABLE too)."""
    from django.conf import settings

    return alamat_dari(
        request.META.get("REMOTE_ADDR", ""),
        request.META.get("HTTP_X_FORWARDED_FOR", ""),
        settings.TRUSTED_PROXIES,
    )


def proxy_dari_env() -> tuple[str, ...]:
    """TRUSTED_PROXIES read from the environment, for code that runs without Django's settings."""
    return parse_proxy(os.environ.get("TRUSTED_PROXIES", ""))
