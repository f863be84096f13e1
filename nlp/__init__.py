"""公文公开属性 — disclosure-attribute classification of Chinese government documents.

Pipeline: ``readers`` (documents in) → ``text`` (normalise, strip markers, parse 公文 structure)
→ ``features`` + ``models`` + ``rules`` → ``decision`` (label, reason codes, evidence) →
``pipeline`` (batch records) → ``report`` (accuracy reports).
"""
__version__ = "0.1.0"
