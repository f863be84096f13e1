"""Corpus layer: the real evaluation set from ``../shared`` and the project's own corpora in
``corpora/``, loaded as 🤗 ``datasets.Dataset`` with fixed, documented splits."""
from .splits import real_split, text_split
from .loaders import corpus_fingerprint, load_drafts, load_real

__all__ = ["load_real", "load_drafts", "corpus_fingerprint", "real_split", "text_split"]
