"""The drafting-stage pre-check service: HTTP API (``/v1/check``, ``/v1/batch``, ``/v1/labels``,
``/health``) and the web page at ``/``. Start it with ``gongwen-serve`` or ``python -m nlp.service``."""
from .app import create_app

__all__ = ["create_app"]
