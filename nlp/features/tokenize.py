"""Word segmentation with jieba and the bundled 公文 user dictionary.

One private ``jieba.Tokenizer`` so the global jieba state of a host application is untouched.
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path

USER_DICT = Path(__file__).resolve().parent.parent / "resources" / "gongwen_dict.txt"
_KEEP = re.compile(r"[\u3400-\u9fffA-Za-z]")


@lru_cache(maxsize=1)
def tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    tok.load_userdict(str(USER_DICT))
    return tok


def words(text: str) -> list[str]:
    """Content tokens (Chinese or Latin words; punctuation and bare numbers dropped)."""
    return [w for w in tokenizer().lcut(text, HMM=False) if _KEEP.search(w)]
