"""The registry of Chinese recognizers.

Every module in this package that defines a :class:`~recognizers.base.CnRecognizer` subclass with
``ENABLED = True`` is picked up automatically, so adding a recognizer means adding a module.

>>> names = [type(r).__name__ for r in default_recognizers()]
>>> "CnResidentIdRecognizer" in names
True
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from functools import cache

from recognizers.base import Candidate, CnRecognizer, ContextRule

__all__ = ["Candidate", "CnRecognizer", "ContextRule", "default_recognizers", "recognizer_classes"]


@cache
def recognizer_classes() -> tuple[type[CnRecognizer], ...]:
    """All enabled recognizer classes, in a stable order (module name, class name)."""
    found: dict[str, type[CnRecognizer]] = {}
    for mod in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if mod.name.startswith("_") or mod.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{mod.name}")
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(obj, CnRecognizer)
                and obj is not CnRecognizer
                and obj.__module__ == module.__name__
                and getattr(obj, "ENABLED", False)
            ):
                found[f"{mod.name}.{obj.__name__}"] = obj
    return tuple(found[k] for k in sorted(found))


def default_recognizers() -> list[CnRecognizer]:
    """Fresh instances of every enabled recognizer."""
    return [cls() for cls in recognizer_classes()]
