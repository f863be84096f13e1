"""Fixed split rules. They depend only on the document, never on a random state or on the
order of the corpus, so a document keeps its split as corpora grow.

- real set (``../shared/corpora/real``): **test** when ``int(sha1(id).hexdigest()[:8], 16) % 10 < 5``,
  otherwise **train**; test documents and their near-duplicates are never trained or tuned on.
- project corpora: bucket of the SHA-1 of the normalised text (markers stripped):
  0–7 → train, 8 → dev, 9 → test (80/10/10). Identical texts always land together. A composed
  document (a twin or rewrite derived from a parent) takes its parent's split instead
  (:func:`nlp.corpus.loaders.load_drafts`), so nothing derived from a test document is trained on.
"""
from __future__ import annotations

import hashlib

from ..text import prepare


def real_split(doc_id: str) -> str:
    return "test" if int(hashlib.sha1(doc_id.encode("utf-8")).hexdigest()[:8], 16) % 10 < 5 else "train"


def text_split(text: str) -> str:
    bucket = int(hashlib.sha1(prepare(text)[0].encode("utf-8")).hexdigest()[:8], 16) % 10
    return "train" if bucket < 8 else ("dev" if bucket == 8 else "test")
