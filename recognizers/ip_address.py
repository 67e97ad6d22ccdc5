"""IP_ADDRESS: IPv4 and IPv6 addresses, validated with the standard library ``ipaddress``.

IPv4 needs exactly four octets (each <= 255, no leading zeros), so dates (2024.05.06) and
three-part version numbers never match; a four-part number right after 版本/version/V is a
version, not an address. A public address is reported on its own; a private, loopback or
reserved one (192.168.1.10) only with a network word nearby (IP, 地址, 服务器, 登录 ...).
IPv6 candidates (hex groups with colons) must parse as ``IPv6Address`` and contain ``::`` or
all eight groups, so clock times (12:30:45) never match.

>>> from screening.scan_context import ScanContext
>>> [(c.attributes["version"], c.attributes["private"]) for c in CnIpAddressRecognizer().find(
...     "访问IP：202.96.128.86，时间12:30:45，版本1.2.3", ScanContext.for_text(""))]
[(4, False)]
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable

from recognizers.base import Candidate, CnRecognizer
from screening.scan_context import ScanContext

_IPV4 = re.compile(r"[0-9](?<![0-9A-Za-z.][0-9])[0-9]{0,2}\.(?:[0-9]{1,3}\.){2}[0-9]{1,3}(?![0-9A-Za-z]|\.[0-9])")
_IPV6_HINT = re.compile(r"::|:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:")
_IPV6 = re.compile(r"(?<![0-9A-Za-z:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Za-z:])")
CONTEXT_WORDS = ("IP", "ip地址", "地址", "服务器", "登录", "访问", "网关", "主机", "网段", "IPv4", "IPv6", "域名", "源地址")
_VERSION_BEFORE = re.compile(r"(?:版本号?|[Vv]ersion|[Vv]er\.?|[Vv])\s*[:：]?\s*$")


class CnIpAddressRecognizer(CnRecognizer):
    """IPv4 (four octets) and IPv6 addresses; private ranges need context."""

    ENABLED = True
    ENTITIES = ("IP_ADDRESS",)
    CONTEXT = CONTEXT_WORDS

    def find(self, text: str, ctx: ScanContext) -> Iterable[Candidate]:
        if "." in text:
            for m in _IPV4.finditer(text):
                c = self._candidate(text, m.start(), m.end(), 4)
                if c is not None:
                    yield c
        if ":" in text and _IPV6_HINT.search(text):
            for m in _IPV6.finditer(text):
                raw = m.group()
                if "::" in raw or raw.count(":") == 7:
                    c = self._candidate(text, m.start(), m.end(), 6)
                    if c is not None:
                        yield c

    def _candidate(self, text: str, start: int, end: int, version: int) -> Candidate | None:
        raw = text[start:end]
        try:
            addr = ipaddress.ip_address(raw)
        except ValueError:
            return None
        if version == 6 and sum(1 for g in raw.split(":") if g) < 2:
            return None  # "::" / "a::" alone
        if _VERSION_BEFORE.search(text, max(0, start - 10), start):
            return None  # V2.10.3.4, 版本：1.0.0.1
        special = not addr.is_global
        expl = [f"IPv{version} 地址格式，ipaddress 校验有效"]
        if special:
            expl.append("内网/保留地址，需上下文")
        return Candidate(
            "IP_ADDRESS", start, end, 0.5 if special else 0.7, expl,
            {"version": version, "private": special},
            context=self.rule(window=16, boost=0.3, missing_factor=0.0 if special else 0.85),
        )
