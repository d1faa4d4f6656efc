"""Where a webhook may connect: refuse internal addresses (SSRF).

A target on a loopback, private, link-local, CGNAT, unspecified, multicast,
reserved or cloud-metadata address is refused, including such an address
wrapped in IPv6 (IPv4-mapped ``::ffff:a.b.c.d``, 6to4, NAT64) — unless
``AURA_WEBHOOK_ALLOWED_HOSTS`` names its host or a network holding it.

The check runs on the address the socket actually connected to, so a DNS
answer that changes between a check and the connection (rebinding) gains
nothing. ``refusal()`` and ``parse_allowed()`` are pure.
"""

import ipaddress
import socket

CGNAT = ipaddress.ip_network("100.64.0.0/10")
NAT64 = ipaddress.ip_network("64:ff9b::/96")
METADATA = {
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack…
        "169.254.170.2",  # AWS ECS task metadata
        "100.100.100.200",  # Alibaba Cloud
        "192.0.0.192",  # Oracle Cloud
        "fd00:ec2::254",  # AWS over IPv6
    )
}


class Refused(Exception):
    """The target is an address webhooks may not reach."""


def _embedded_ipv4(ip):
    if ip.version != 6:
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if int(ip) >> 32 == 0 and int(ip) > 1:  # deprecated IPv4-compatible ::a.b.c.d
        return ipaddress.IPv4Address(int(ip))
    return None


def refusal(address):
    """Why ``address`` (a string or ip_address) is refused, or None if it is public."""
    ip = ipaddress.ip_address(address.split("%")[0] if isinstance(address, str) else address)
    inner = _embedded_ipv4(ip)
    if inner is not None:
        reason = refusal(inner)
        return f"{reason} (inside IPv6 {ip})" if reason else None
    if ip in METADATA:
        return "cloud metadata address"
    if ip.is_unspecified:
        return "unspecified address"
    if ip.is_loopback:
        return "loopback address"
    if ip.is_link_local:
        return "link-local address"
    if ip.version == 4 and ip in CGNAT:
        return "carrier-grade NAT address"
    if ip.is_multicast:
        return "multicast address"
    if ip.is_reserved:
        return "reserved address"
    if ip.is_private:
        return "private address"
    if not ip.is_global:
        return "reserved address"
    return None


def parse_allowed(items):
    """AURA_WEBHOOK_ALLOWED_HOSTS entries → (host names, networks)."""
    hosts, networks = set(), []
    for item in items or ():
        item = item.strip()
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item.strip("[]"), strict=False))
        except ValueError:
            hosts.add(item.lower().rstrip("."))
    return frozenset(hosts), tuple(networks)


def check(host, address, allowed):
    """Raise Refused unless ``address`` (what ``host`` resolved to) may be reached."""
    hosts, networks = allowed
    if host.lower().rstrip(".") in hosts:
        return
    ip = ipaddress.ip_address(address.split("%")[0])
    if any(ip in net for net in networks):
        return
    inner = _embedded_ipv4(ip)
    if inner is not None and any(inner in net for net in networks):
        return
    reason = refusal(ip)
    if reason:
        raise Refused(f"{host} resolves to {ip}, a {reason}; webhooks may not reach it "
                      "(list it in AURA_WEBHOOK_ALLOWED_HOSTS to allow it)")


def connect(host, port, timeout, allowed):
    """A TCP socket to ``host:port`` whose peer address passed ``check``.

    Every resolved address is tried in turn; a refused one is skipped, and
    if all are refused the first refusal is raised."""
    refused, last_error = None, None
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise OSError(f"cannot resolve {host}: {exc.strerror or exc}") from None
    for family, socktype, proto, _, sockaddr in infos:
        try:
            check(host, sockaddr[0], allowed)
        except Refused as exc:
            refused = refused or exc
            continue
        sock = socket.socket(family, socktype, proto)
        sock.settimeout(timeout)
        try:
            sock.connect(sockaddr)
            # The address actually connected to, checked again.
            check(host, sock.getpeername()[0], allowed)
            return sock
        except Refused:
            sock.close()
            raise
        except OSError as exc:
            sock.close()
            last_error = exc
    if refused is not None and last_error is None:
        raise refused
    raise last_error or OSError(f"cannot connect to {host}:{port}")
