"""What keeps the review page safe: loopback by default, text written into the page's script made inert.

Unit names, question texts and online answers come from files people edit; a
name like `</script><script>…` must stay text wherever the page shows it.
"""

from __future__ import annotations

import ipaddress
import json
import socket
from typing import Any


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def script_json(data: Any) -> str:
    """JSON safe inside a <script> element: no `<`, `>` or `&` (so no `</script>`), no line separators."""
    text = json.dumps(data, ensure_ascii=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def lan_addresses() -> list[str]:
    """This computer's addresses another computer on the network can open (0.0.0.0 itself cannot be opened)."""
    found: list[str] = []
    for family, target in ((socket.AF_INET, ("192.0.2.1", 9)), (socket.AF_INET6, ("2001:db8::1", 9))):
        try:
            with socket.socket(family, socket.SOCK_DGRAM) as s:
                s.connect(target)  # no packet is sent: this only picks the outgoing interface
                found.append(s.getsockname()[0])
        except OSError:
            continue
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None):
            found.append(str(info[4][0]))
    except OSError:
        pass
    out: list[str] = []
    for addr in found:
        try:
            ip = ipaddress.ip_address(addr.split("%")[0])
        except ValueError:
            continue
        if not (ip.is_loopback or ip.is_link_local or ip.is_unspecified) and addr not in out:
            out.append(addr)
    return out
