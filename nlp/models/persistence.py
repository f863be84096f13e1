"""Model directories in the ``save_pretrained`` convention: JSON config/metadata + ``.npz`` arrays.

Loading never unpickles: ``np.load(..., allow_pickle=False)`` and ``json`` only.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

CONFIG = "config.json"
ARRAYS = "arrays.npz"


def save_dir(path: str | Path, config: dict, arrays: dict[str, np.ndarray]) -> Path:
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path / ARRAYS, **arrays)
    (path / CONFIG).write_text(json.dumps(config, ensure_ascii=False, indent=1, sort_keys=False) + "\n",
                               encoding="utf-8")
    return path


def load_dir(path: str | Path) -> tuple[dict, dict[str, np.ndarray]]:
    path = Path(path)
    if not (path / CONFIG).is_file():
        raise FileNotFoundError(f"{path} is not a model directory (no {CONFIG})")
    config = json.loads((path / CONFIG).read_text(encoding="utf-8"))
    with np.load(path / ARRAYS, allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    return config, arrays


def fingerprint(ids_and_texts) -> str:
    """SHA-256 over (id, label, text) triples in order: identifies the exact training data."""
    h = hashlib.sha256()
    for parts in ids_and_texts:
        for p in parts:
            h.update(str(p).encode("utf-8"))
            h.update(b"\x1f")
        h.update(b"\x1e")
    return h.hexdigest()
