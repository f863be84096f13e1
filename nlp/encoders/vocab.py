"""Pruning a SentencePiece-unigram ``tokenizer.json`` to the pieces Chinese official text uses.

Which pieces are kept: the special tokens, every piece the full tokenizer produces on the given
texts, and single characters (bare and with the ``▁`` word-start marker) from GB2312 and printable
ASCII when the vocabulary has them. The kept pieces keep their scores and their relative order, so
their new ids are ``rank among kept old ids``; ``old_ids[new_id]`` maps back (for the embedding rows).

Why outputs do not change: unigram tokenisation picks the highest-scoring segmentation (Viterbi).
For a text whose full-vocabulary segmentation uses only kept pieces, that segmentation is still
available and still the best in the pruned vocabulary, so the tokens (mapped to new ids) are the same.
"""
from __future__ import annotations

import copy
import json
from collections import Counter

META = "\u2581"  # SentencePiece word-start marker


def gb2312_characters() -> list[str]:
    """All characters of the GB2312 double-byte table (symbols, full-width forms, 6763 hanzi)."""
    chars = []
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def gb2312_hanzi() -> list[str]:
    """The 6763 hanzi of GB2312 (rows 16-87)."""
    out = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return out


def ascii_characters() -> list[str]:
    return [chr(c) for c in range(0x21, 0x7F)]


def special_ids(tokenizer_json: dict) -> list[int]:
    return sorted({t["id"] for t in tokenizer_json.get("added_tokens", []) if t.get("special")}
                  | {tokenizer_json["model"].get("unk_id", 0)})


def seen_ids(tokenizer, texts, batch_size: int = 256) -> Counter:
    """Token-id counts produced by a ``tokenizers.Tokenizer`` on ``texts`` (specials included)."""
    counts: Counter = Counter()
    texts = list(texts)
    for i in range(0, len(texts), batch_size):
        for enc in tokenizer.encode_batch(texts[i:i + batch_size]):
            counts.update(enc.ids)
    return counts


def character_ids(tokenizer_json: dict, chars) -> tuple[set[int], int]:
    """Ids of the single-character pieces ``c`` and ``▁c`` present in the vocabulary, and how many of
    ``chars`` have at least one of them."""
    index = {piece: i for i, (piece, _) in enumerate(tokenizer_json["model"]["vocab"])}
    ids, present = set(), 0
    for c in chars:
        hit = [index[p] for p in (c, META + c) if p in index]
        ids.update(hit)
        present += bool(hit)
    return ids, present


def prune_tokenizer_json(tokenizer_json: dict, keep_ids) -> tuple[dict, list[int]]:
    """A copy of a Unigram ``tokenizer.json`` restricted to ``keep_ids``; returns it and ``old_ids``
    (new id -> old id). Special tokens (added tokens), ``unk_id`` and the post-processor's ids are
    remapped; normaliser and pre-tokeniser are unchanged."""
    tj = copy.deepcopy(tokenizer_json)
    model = tj["model"]
    if model.get("type") != "Unigram":
        raise ValueError(f"only Unigram tokenizers can be pruned, not {model.get('type')}")
    vocab = model["vocab"]
    keep = sorted(set(int(i) for i in keep_ids) | set(special_ids(tokenizer_json)))
    if keep[-1] >= len(vocab) or keep[0] < 0:
        raise ValueError("keep_ids outside the vocabulary")
    new_of = {old: new for new, old in enumerate(keep)}
    model["vocab"] = [list(vocab[i]) for i in keep]
    if model.get("unk_id") is not None:
        model["unk_id"] = new_of[model["unk_id"]]
    for t in tj.get("added_tokens", []):
        if t["id"] not in new_of:
            raise ValueError(f"added token {t['content']!r} not kept")
        t["id"] = new_of[t["id"]]
    pp = tj.get("post_processor")
    for proc in ([pp] if pp and pp.get("type") != "Sequence" else (pp or {}).get("processors", [])):
        for spec in (proc.get("special_tokens") or {}).values():
            spec["ids"] = [new_of[i] for i in spec["ids"]]
        for key in ("sep", "cls"):  # RobertaProcessing / BertProcessing: [token, id]
            if key in proc:
                proc[key] = [proc[key][0], new_of[proc[key][1]]]
    return tj, keep


def tokenizer_from_json(tokenizer_json: dict):
    from tokenizers import Tokenizer

    return Tokenizer.from_str(json.dumps(tokenizer_json, ensure_ascii=False))
