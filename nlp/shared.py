"""Locate the read-only ``../shared`` reference folder (codebook, statutes, real corpus).

A user's machine usually has no ``../shared``; callers get ``None`` or a clear
:class:`SharedMissing` error instead of a stack trace deep inside a loader.
"""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
ENV_VAR = "NLP_SHARED_DIR"


class SharedMissing(FileNotFoundError):
    pass


def shared_dir() -> Path | None:
    """``$NLP_SHARED_DIR``, else ``../shared`` beside the repository, else ``None``."""
    env = os.environ.get(ENV_VAR)
    candidates = [Path(env)] if env else []
    candidates += [REPO_ROOT.parent / "shared", Path.cwd().parent / "shared"]
    for c in candidates:
        if (c / "labeling" / "CODEBOOK.md").is_file() or (c / "corpora").is_dir():
            return c
    return None


def require_shared(relative: str) -> Path:
    """Path of ``relative`` inside the shared folder, or a :class:`SharedMissing` that says what to do."""
    base = shared_dir()
    if base is None or not (base / relative).exists():
        raise SharedMissing(
            f"'{relative}' was not found: this needs the project's read-only reference folder "
            f"'../shared' next to the repository (or set {ENV_VAR}=/path/to/shared)."
        )
    return base / relative
