"""``screening serve``: the HTTP service for CMS plugins (FastAPI under uvicorn, loopback by default).

>>> from screening.service import ServiceConfig
>>> ServiceConfig(workers=2).max_upload // (1024 * 1024)
50
"""

from screening.service.app import ServiceConfig, create_app, safe_name, serve

__all__ = ["ServiceConfig", "create_app", "safe_name", "serve"]
