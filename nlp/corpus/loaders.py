"""Loading corpora as ``datasets.Dataset`` with a ``split`` column from :mod:`.splits`."""
from __future__ import annotations

import json
from pathlib import Path

from ..labels import LABELS
from ..shared import REPO_ROOT, require_shared
from ..text import prepare
from .splits import real_split, text_split

REAL_FILE = "corpora/real/documents.jsonl"
DRAFTS_DIR = REPO_ROOT / "corpora" / "drafts"


def _dataset(records: list[dict]):
    from datasets import Dataset

    return Dataset.from_list(records)


def load_real(path: str | Path | None = None):
    """The 440 real documents (``../shared/corpora/real``), markers stripped again defensively,
    with ``split`` (train/test by the fixed id rule). ``label`` stays None unless a government
    marker states it; ``public`` is the binary attribute."""
    path = Path(path) if path else require_shared(REAL_FILE)
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        text, _ = prepare(r["text"])
        records.append({"id": r["id"], "title": r.get("title") or "", "text": text, "public": r.get("public"),
                        "label": r.get("label"), "label_origin": r.get("label_origin"),
                        "doc_type": r.get("doc_type"), "issuer": r.get("issuer"), "codes": [],
                        "corpus": "real", "split": real_split(r["id"])})
    return _dataset(records)


def corpus_fingerprint(directory: str | Path | None = None) -> str:
    """SHA-256 (first 16 hex digits) of the drafting corpus files: ties a measurement to a corpus version."""
    import hashlib

    h = hashlib.sha256()
    for f in sorted(Path(directory or DRAFTS_DIR).glob("*.jsonl")):
        h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:16]


def load_drafts(directory: str | Path | None = None):
    """The project's drafting corpus (``corpora/drafts/*.jsonl``) with ``split`` by text hash."""
    directory = Path(directory) if directory else DRAFTS_DIR
    records, parents_of = [], {}
    for f in sorted(directory.glob("*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            if r.get("label") not in LABELS:
                raise ValueError(f"{f}: record {r.get('id')} has label {r.get('label')!r}")
            text, _ = prepare(r["text"])
            records.append({"id": r["id"], "title": r.get("title") or "", "text": text, "public": r["label"] == LABELS[0],
                            "label": r["label"], "label_origin": r.get("origin", "authored"),
                            "doc_type": r.get("doc_type"), "issuer": r.get("issuer_level"),
                            "codes": list(r.get("codes") or []), "corpus": "drafts", "brief": r.get("brief", ""),
                            "split": text_split(text)})
            parents_of[r["id"]] = r.get("parents") or []
    # a composed document shares its parent's split: a twin or rewrite of a test document is never trained on
    split_of = {r["id"]: r["split"] for r in records if not parents_of[r["id"]]}
    for r in records:
        if parents_of[r["id"]]:
            r["split"] = split_of.get(parents_of[r["id"]][0], r["split"])
    return _dataset(records) if records else None
