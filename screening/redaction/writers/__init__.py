"""Writers: one per format, each turning an input file and a :class:`DocumentPlan` into a redacted
output file, and saying what they changed and what they sanitised.

>>> sorted(WRITERS)
['docx', 'html', 'image', 'ofd', 'pdf', 'text', 'xlsx']
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from screening.errors import UnsupportedFormat


@dataclass
class WriteResult:
    """What a writer did: log entries (no original values), sanitising steps, rasterised pages."""

    changes: list[dict[str, Any]] = field(default_factory=list)
    sanitised: list[str] = field(default_factory=list)
    rasterised_pages: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


Writer = Callable[..., WriteResult]
WRITERS = {"text": "text", "docx": "docx", "xlsx": "xlsx", "pdf": "pdf", "html": "html", "image": "image", "ofd": "ofd"}


def get_writer(fmt: str) -> Writer:
    """The ``write(in_path, out_path, plan, policy) -> WriteResult`` function for a format."""
    if fmt not in WRITERS:
        raise UnsupportedFormat(f"no redaction writer for format {fmt!r}")
    module = importlib.import_module(f"screening.redaction.writers.{WRITERS[fmt]}")
    return module.write
