"""EMAIL_ADDRESS: e-mail addresses, with the owner deciding the severity.

Our own regex (presidio's EmailRecognizer pulls in tldextract, which tries to download a suffix
list). Severity:

- government mailboxes (``*.gov.cn``, ``*.gov``) are ``low``: an organisation's published address;
- a role mailbox (office@, xxgk@, zwgk@ ...) on an organisation's own domain is ``low``;
- personal webmail (163.com, qq.com, outlook.com ...) is ``high``;
- anything else (a company or university domain: maybe a person's work address) is ``medium``.

>>> from screening.scan_context import ScanContext
>>> [(c.attributes["domain"], c.severity.label) for c in CnEmailRecognizer().find(
...     "邮箱：wang.li88@163.com，xxgk@example.gov.cn", ScanContext.for_text(""))]
[('163.com', 'high'), ('example.gov.cn', 'low')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from recognizers.base import Candidate, CnRecognizer
from screening.findings import Severity
from screening.scan_context import ScanContext

_EMAIL = re.compile(
    r"[A-Za-z0-9](?<![A-Za-z0-9._%+\-][A-Za-z0-9])[A-Za-z0-9._%+\-]{0,63}"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9\-@])"
)

PERSONAL_DOMAINS = frozenset(
    "163.com 126.com yeah.net 188.com vip.163.com vip.126.com qq.com vip.qq.com foxmail.com sina.com "
    "sina.cn vip.sina.com sohu.com 139.com 189.cn wo.cn wo.com.cn 21cn.com tom.com aliyun.com "
    "outlook.com hotmail.com live.com live.cn msn.com gmail.com googlemail.com yahoo.com yahoo.com.cn "
    "icloud.com me.com proton.me protonmail.com 263.net yandex.com mail.com".split()
)
GOV_SUFFIXES = (".gov.cn", ".gov", ".mil.cn")
ROLE_LOCAL_PARTS = (
    "office", "info", "service", "admin", "contact", "support", "webmaster", "kefu", "hr", "zhaopin",
    "tousu", "jubao", "xinfang", "xxgk", "zwgk", "bgs", "press", "news", "postmaster", "noreply",
)
#: the parts of an address on either side of its ``@``, allowing one line break (a PDF line wrapped
#: inside the address); the joined address must still be a whole e-mail address
_LOCAL_BEFORE = re.compile(r"[A-Za-z0-9._%+\-]*(?:\r?\n[ \t]*)?[A-Za-z0-9._%+\-]+$")
_DOMAIN_AFTER = re.compile(r"[A-Za-z0-9.\-]*(?:\r?\n[ \t]*)?[A-Za-z0-9.\-]*[A-Za-z0-9]")
_BREAK = re.compile(r"\r?\n[ \t]*")
CONTEXT_WORDS = ("邮箱", "邮件", "E-mail", "e-mail", "Email", "email", "EMAIL", "电邮", "信箱")


def owner_severity(local: str, domain: str) -> tuple[Severity, str]:
    """Severity and reason for a mailbox.

    >>> owner_severity("ngqz", "nanguan.gov.cn")[0].label, owner_severity("a", "qq.com")[0].label
    ('low', 'high')
    """
    d = domain.lower()
    if d.endswith(GOV_SUFFIXES):
        return Severity.LOW, "政府机关邮箱（低）"
    if d in PERSONAL_DOMAINS:
        return Severity.HIGH, "个人邮箱服务商"
    lp = local.lower()
    if any(lp.startswith(r) for r in ROLE_LOCAL_PARTS):
        return Severity.LOW, "单位职能邮箱（低）"
    return Severity.MEDIUM, "单位或其他域名邮箱，可能是个人工作邮箱，请核实"


class CnEmailRecognizer(CnRecognizer):
    """E-mail addresses; government and role mailboxes are low, personal webmail high."""

    ENABLED = True
    ENTITIES = ("EMAIL_ADDRESS",)
    CONTEXT = CONTEXT_WORDS

    def find(self, text: str, ctx: ScanContext) -> Iterable[Candidate]:
        if "@" not in text:
            return
        taken: set[int] = set()  # the @ of every address found on one line
        for m in _EMAIL.finditer(text):
            taken.add(m.start() + m.group().rindex("@"))
            yield self._candidate(m.start(), m.end(), m.group(), [])
        if "\n" in text:
            yield from self._wrapped(text, ctx, taken)

    def _candidate(self, start: int, end: int, address: str, extra: list[str]) -> Candidate:
        local, _, domain = address.rpartition("@")
        severity, why = owner_severity(local, domain)
        return Candidate(
            "EMAIL_ADDRESS", start, end, 0.85, ["电子邮箱格式", *extra, why],
            {"domain": domain.lower(), "personal_provider": domain.lower() in PERSONAL_DOMAINS},
            severity, context=self.rule(boost=0.1),
        )

    def _wrapped(self, text: str, ctx: ScanContext, taken: set[int]) -> Iterable[Candidate]:
        """Addresses with one line break inside (``wang.li@exam`` / ``ple.com``), never across two
        document segments (two cells or paragraphs are two values).

        >>> from screening.scan_context import ScanContext
        >>> t = "邮箱：wang.li88@16\\n3.com。"
        >>> [(t[c.start:c.end], c.attributes["domain"]) for c in CnEmailRecognizer().find(t, ScanContext.for_text(t))]
        [('wang.li88@16\\n3.com', '163.com')]
        """
        at = text.find("@")
        while at >= 0:
            if at not in taken:
                left = _LOCAL_BEFORE.search(text, max(0, at - 80), at)
                right = _DOMAIN_AFTER.match(text, at + 1, min(len(text), at + 120))
                if left and right:
                    raw = text[left.start() : right.end()]
                    breaks = list(_BREAK.finditer(raw))
                    joined = _BREAK.sub("", raw)
                    if (len(breaks) == 1 and _EMAIL.fullmatch(joined)
                            and ctx.segment_at(left.start()) is ctx.segment_at(right.end() - 1)):
                        yield self._candidate(left.start(), right.end(), joined, ["地址跨行"])
            at = text.find("@", at + 1)
