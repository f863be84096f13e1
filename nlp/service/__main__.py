"""Start the pre-check service: ``python -m nlp.service`` or ``gongwen-serve``.

  gongwen-serve [--host 127.0.0.1] [--port 8000] [--model DIR] [--policy FILE] [--log-text]

Binds 127.0.0.1 by default; pass ``--host 0.0.0.0`` (behind the office's reverse proxy or
firewall) to serve other machines. The page is at ``/``, the API documentation at ``/docs``.
"""
from __future__ import annotations

import argparse
import logging


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="gongwen-serve", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    ap.add_argument("--port", type=int, default=8000)
    ap.add_argument("--model", default=None, help="model directory (default models/default)")
    ap.add_argument("--policy", default=None, help="policy JSON overriding nlp/resources/policy.json")
    ap.add_argument("--log-text", action="store_true", help="also log document text (off: never logged)")
    ap.add_argument("--max-bytes", type=int, default=5_000_000, help="largest request body (413 above)")
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds per request before 504")
    ap.add_argument("--workers", type=int, default=None, help="classification threads (default: CPUs, at most 4)")
    ap.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    args = ap.parse_args(argv)

    import uvicorn

    from .app import create_app

    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app(args.model, args.policy, log_text=args.log_text, max_bytes=args.max_bytes,
                     timeout_s=args.timeout, workers=args.workers)
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, access_log=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
