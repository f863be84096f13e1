"""Decide the disclosure attribute (公开属性) of documents.

Inputs: files (.txt in any common encoding, .docx, .pdf, .html, .ofd), directories, .zip archives,
and .jsonl/.csv exports with ``id`` and ``text`` columns; or ``--text`` for one pasted draft.
Output: one record per input item with ``id, label, probabilities, codes, basis, evidence,
needs_review, error``; unreadable items become records with ``error`` set and the run goes on.
Records are written as they are produced; after an interruption, ``--resume`` skips the items
already in the output file.

Examples:
  python predict.py samples/                          # JSONL to stdout
  python predict.py archive.zip --output out.jsonl --resume
  python predict.py export.csv --output out.xlsx --format xlsx
  python predict.py --text "关于……的请示 ……妥否，请批示。"
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from pathlib import Path

CSV_FIELDS = ["id", "label", "confidence", "codes", "basis", "needs_review", "review_reasons", "evidence",
              "doc_type", "title", "error", "source"]


def _flat(r: dict) -> dict:
    return {"id": r["id"], "label": r.get("label"),
            "confidence": max(r["probabilities"].values()) if r.get("probabilities") else None,
            "codes": ";".join(r.get("codes") or []), "basis": (r.get("basis") or {}).get("citation"),
            "needs_review": r.get("needs_review"), "review_reasons": "; ".join(r.get("review_reasons") or []),
            "evidence": " | ".join(f"[{e['code']}] {e['text']}" for e in r.get("evidence") or [])[:2000],
            "doc_type": r.get("doc_type"), "title": r.get("title"), "error": r.get("error"),
            "source": r.get("source", "")}


def done_ids(path: Path, fmt: str) -> set[str]:
    """Ids already written to ``path`` (the JSONL progress file for xlsx)."""
    if not path.exists():
        return set()
    ids = set()
    if fmt == "csv":
        with path.open(encoding="utf-8-sig", newline="") as f:
            ids = {row["id"] for row in csv.DictReader(f) if row.get("id")}
    else:
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                ids.add(json.loads(line)["id"])
            except (ValueError, KeyError):
                continue  # a line cut by the interruption: that item is redone
    return ids


class Writer:
    """Appends records and flushes each one, so an interrupted run loses nothing finished."""

    def __init__(self, output: Path | None, fmt: str, resume: bool):
        self.fmt, self.output = fmt, output
        self.progress = output.with_suffix(output.suffix + ".partial.jsonl") if output and fmt == "xlsx" else output
        if output is None:
            self.f = sys.stdout
        else:
            mode = "a" if resume and self.progress.exists() else "w"
            self.f = self.progress.open(mode, encoding="utf-8", newline="")
            if mode == "a" and fmt == "jsonl":
                self._repair_tail()
        self.csv = None
        if fmt == "csv":
            self.csv = csv.DictWriter(self.f, CSV_FIELDS)
            if self.f is sys.stdout or self.f.tell() == 0:
                self.csv.writeheader()

    def _repair_tail(self):
        # drop a final line cut short by the interruption, so the file stays valid JSONL
        text = self.progress.read_text(encoding="utf-8")
        if text and not text.endswith("\n"):
            self.f.close()
            self.progress.write_text(text[: text.rfind("\n") + 1], encoding="utf-8")
            self.f = self.progress.open("a", encoding="utf-8", newline="")

    def write(self, record: dict):
        if self.csv is not None:
            self.csv.writerow(_flat(record))
        else:
            self.f.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.f.flush()

    def close(self):
        if self.f is not sys.stdout:
            self.f.close()
        if self.fmt == "xlsx" and self.output:
            from openpyxl import Workbook

            wb = Workbook(write_only=True)
            ws = wb.create_sheet("公开属性")
            ws.append(CSV_FIELDS)
            for line in self.progress.read_text(encoding="utf-8").splitlines():
                row = _flat(json.loads(line))
                ws.append([str(row[k]) if isinstance(row[k], (list, dict)) else row[k] for k in CSV_FIELDS])
            wb.save(self.output)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="predict.py", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", help="files, directories, .zip, .jsonl or .csv")
    ap.add_argument("--text", help="classify this text (a pasted draft) instead of paths")
    ap.add_argument("--model", default=None, help="model directory (default models/default)")
    ap.add_argument("--policy", default=None, help="policy JSON overriding nlp/resources/policy.json")
    ap.add_argument("--output", "-o", type=Path, default=None, help="output file (default stdout)")
    ap.add_argument("--format", choices=["jsonl", "csv", "xlsx"], default=None,
                    help="output format (default from the output suffix, else jsonl)")
    ap.add_argument("--resume", action="store_true", help="skip items already in --output")
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1),
                    help="processes for large batches (default: up to 2)")
    ap.add_argument("--no-progress", action="store_true", help="no progress bar")
    args = ap.parse_args(argv)
    if not args.paths and args.text is None:
        ap.error("give PATH... or --text")
    fmt = args.format or (args.output.suffix.lstrip(".") if args.output and args.output.suffix.lstrip(".")
                          in ("jsonl", "csv", "xlsx") else "jsonl")
    if fmt == "xlsx" and args.output is None:
        ap.error("--format xlsx needs --output FILE")
    if args.resume and args.output is None:
        ap.error("--resume needs --output FILE")

    from nlp.pipeline import DEFAULT_MODEL, DisclosureClassifier, classify_parallel
    from nlp.readers import Document, iter_documents

    model_path = Path(args.model) if args.model else DEFAULT_MODEL
    if not (model_path / "config.json").is_file():
        from nlp.models import how_to_build

        print(f"error: no model at {model_path} ({how_to_build(model_path)})", file=sys.stderr)
        return 2
    writer = Writer(args.output, fmt, args.resume)
    skip = done_ids(writer.progress, fmt) if args.resume and args.output else set()
    docs = ([Document("text", args.text, "--text")] if args.text is not None else iter_documents(args.paths))
    docs = (d for d in docs if d.id not in skip)
    if args.workers > 1 and args.text is None:
        records = classify_parallel(docs, model_path, args.policy, workers=args.workers)
    else:
        records = DisclosureClassifier.from_pretrained(model_path, args.policy).classify_documents(docs)
    counts = {"ok": 0, "error": 0}
    try:
        from tqdm import tqdm

        bar = tqdm(records, unit="doc", disable=args.no_progress or not sys.stderr.isatty(), file=sys.stderr)
        for r in bar:
            writer.write(r)
            counts["error" if r.get("error") else "ok"] += 1
    finally:
        writer.close()
    print(f"{counts['ok']} classified, {counts['error']} errors, {len(skip)} skipped (already done)",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
