"""IP_ADDRESS: four-octet IPv4 and IPv6 validated by ``ipaddress``; private ranges need context."""

from __future__ import annotations

import pytest

from recognizers.ip_address import CnIpAddressRecognizer
from tests.identifier_helpers import found, screener_with


@pytest.fixture(scope="module")
def scr():
    return screener_with(CnIpAddressRecognizer())


@pytest.mark.parametrize(
    ("text", "address", "version", "private", "lo", "hi"),
    [
        ("登录IP：202.96.128.86，", "202.96.128.86", 4, False, 0.95, 1.0),
        ("于2024年5月6日自36.112.8.19发帖", "36.112.8.19", 4, False, 0.55, 0.65),
        ("内网服务器地址192.168.10.25", "192.168.10.25", 4, True, 0.75, 0.85),
        ("源地址：２０２．９６．１２８．８６", "２０２．９６．１２８．８６", 4, False, 0.95, 1.0),
        ("IPv6地址240e:3a1:4c1:8a0::1", "240e:3a1:4c1:8a0::1", 6, False, 0.95, 1.0),
        ("主机 2001:db8:0:0:8:800:200c:417a 已下线", "2001:db8:0:0:8:800:200c:417a", 6, True, 0.75, 0.85),
    ],
)
def test_ip_positives(scr, text, address, version, private, lo, hi):
    fs = found(scr, text, "IP_ADDRESS")
    assert [f.text for f in fs] == [address]
    assert fs[0].attributes == {"version": version, "private": private}
    assert lo <= fs[0].score <= hi


@pytest.mark.parametrize(
    "text",
    [
        "2024.05.06",
        "版本1.2.3",
        "软件版本 V2.10.3.4",
        "256.1.1.1",
        "01.02.03.04",
        "192.168.1.1",  # private without context
        "会议时间12:30:45",
        "比分3:2:1",
        "1.2.3.4.5",
        "金额1,234.56元",
        "::",
    ],
)
def test_ip_hard_negatives(scr, text):
    assert found(scr, text, "IP_ADDRESS") == []
