"""Compile individually authored documents (one text file each, a header block then ``---`` then
the text) into the drafting corpus JSONL, validating every field against the codebook.

    python -m nlp.corpus.authoring STAGING_DIR corpora/drafts/authored.jsonl
    python -m nlp.corpus.authoring STAGING_DIR corpora/drafts/authored.jsonl --slices BA BB   # append new slices
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from ..labels import LABELS, REASON_CODES
from ..text import strip_markers
from ..text.structure import DOC_TYPES

LEVELS = ("部委", "省", "市", "县", "乡镇/街道", "事业单位", "国有企业")
FIELDS = ("title", "doc_type", "issuer", "issuer_level", "province", "topic", "label", "codes", "edge_case", "rationale",
          "origin", "recipe", "parents")
RECIPES = ("twin", "rewrite")


def parse_authored(path: Path) -> dict:
    raw = path.read_text(encoding="utf-8")
    head, sep, text = raw.partition("\n---\n")
    if not sep:
        raise ValueError("no '---' separator between header and text")
    meta = {}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in FIELDS:
            meta[key.strip()] = value.strip()
    missing = [f for f in ("title", "doc_type", "issuer_level", "label", "codes") if not meta.get(f)]
    if missing:
        raise ValueError(f"missing fields {missing}")
    codes = [c.strip() for c in meta["codes"].replace("，", ",").split(",") if c.strip()]
    if meta["label"] not in LABELS:
        raise ValueError(f"label {meta['label']!r}")
    if not codes or any(c not in REASON_CODES for c in codes) or REASON_CODES[codes[0]].label != meta["label"]:
        raise ValueError(f"codes {codes} do not fit label {meta['label']}")
    if meta["doc_type"] not in DOC_TYPES or meta["issuer_level"] not in LEVELS:
        raise ValueError(f"doc_type {meta['doc_type']!r} / issuer_level {meta['issuer_level']!r}")
    text = text.strip()
    if strip_markers(text)[1]:
        raise ValueError("text contains a disclosure marker")
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    composed = meta.get("origin") == "composed"
    if composed and (meta.get("recipe") not in RECIPES or not meta.get("parents")):
        raise ValueError(f"composed document needs recipe in {RECIPES} and parents")
    return {"id": f"drafts-{digest}", "title": meta["title"], "doc_type": meta["doc_type"],
            "issuer": meta.get("issuer", ""), "issuer_level": meta["issuer_level"],
            "province": meta.get("province", ""), "topic": meta.get("topic", ""), "text": text,
            "label": meta["label"], "codes": codes, "edge_case": meta.get("edge_case", "-"),
            "rationale": meta.get("rationale", ""), "origin": "composed" if composed else "authored",
            "recipe": meta.get("recipe") if composed else None,
            "parents": [p.strip() for p in meta.get("parents", "").split(",") if p.strip()] if composed else [],
            "brief": f"{path.parent.name}/{path.stem}"}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("staging", type=Path, help="folder of slice folders holding NNN.txt files")
    ap.add_argument("output", type=Path, help="authored documents (JSONL)")
    ap.add_argument("--composed", type=Path, default=None, help="composed documents go here (default: beside output)")
    ap.add_argument("--slices", nargs="*", default=None,
                    help="compile only these slice folders and append their documents to the existing JSONL "
                         "files (documents already there, by id, are kept as they are)")
    args = ap.parse_args(argv)
    records, errors = [], 0
    files = sorted(args.staging.glob("*/*.txt"))
    if args.slices is not None:
        files = [f for f in files if f.parent.name in set(args.slices)]
    for f in files:
        try:
            records.append(parse_authored(f))
        except Exception as e:  # noqa: BLE001 - report and continue
            errors += 1
            print(f"skip {f}: {e}", file=sys.stderr)
    composed_path = args.composed or args.output.with_name("composed.jsonl")
    existing = {}
    if args.slices is not None:
        for path in (args.output, composed_path):
            if path.exists():
                for line in path.read_text(encoding="utf-8").splitlines():
                    if line.strip():
                        r = json.loads(line)
                        existing[r["id"]] = r
    by_brief = {r["brief"]: r["id"] for r in [*existing.values(), *records] if r["origin"] == "authored"}
    for r in records:  # parents are given as slice/file; store their corpus ids
        missing = [p for p in r["parents"] if p not in by_brief]
        if missing:
            print(f"skip {r['brief']}: unknown parents {missing}", file=sys.stderr)
            r["id"] = None
        r["parents"] = [by_brief.get(p, p) for p in r["parents"]]
    seen, unique = set(existing), list(existing.values())
    for r in records:
        if r["id"] is None:
            continue
        if r["id"] not in seen:
            seen.add(r["id"])
            unique.append(r)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    for path, origin in ((args.output, "authored"), (composed_path, "composed")):
        rows = [r for r in unique if r["origin"] == origin]
        if rows:
            with path.open("w", encoding="utf-8") as out:
                for r in rows:
                    out.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"{len(rows)} {origin} documents written to {path}")
    print(f"{errors} files skipped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
