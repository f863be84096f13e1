"""The whole decision for documents: prepare text → parse structure → model + detectors →
decision layer → one output record per input item.

``DisclosureClassifier`` is what ``predict.py``, the report and the API use, so every entry point
decides the same way.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from .decision import decide, decide_by_rules, load_policy, model_only
from .models import ClassicalDisclosureModel, load_model
from .readers import Document
from .rules import findings_of
from .shared import REPO_ROOT
from .text import parse_structure, prepare

DEFAULT_MODEL = REPO_ROOT / "models" / "default"


MODES = ("combined", "model", "rules")


class DisclosureClassifier:
    """``mode``: ``combined`` (the product: model + detectors + costs, codebook order), ``model``
    (the model's argmax alone) or ``rules`` (detectors alone) — the last two for comparison."""

    def __init__(self, model: ClassicalDisclosureModel, policy: dict | None = None, mode: str = "combined"):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        self.model = model
        self.mode = mode
        self.policy = policy or load_policy()
        self.version = model.metadata.get("version", "unknown") if hasattr(model, "metadata") else "unknown"

    @classmethod
    def from_pretrained(cls, path: str | Path | None = None, policy_path: str | Path | None = None):
        path = Path(path) if path else DEFAULT_MODEL
        return cls(load_model(path), load_policy(policy_path))

    def classify_texts(self, texts: list[str], ids: list[str] | None = None) -> list[dict]:
        """Decide a batch of raw texts; one record per text (see :meth:`_record`)."""
        ids = ids or [str(i) for i in range(len(texts))]
        prepared = [prepare(t) for t in texts]
        analyses = self.model.analyse([p for p, _ in prepared]) if prepared else []
        priors = getattr(self.model, "metadata", {}).get("train_priors")
        out = []
        for doc_id, (text, markers), a in zip(ids, prepared, analyses):
            structure = parse_structure(text)
            findings = findings_of(text)
            if self.mode == "rules":
                d = decide_by_rules(text, findings)
            elif self.mode == "model":
                d = decide(text, a["probabilities"], a["codes"], a["drivers"], [], model_only(self.policy), priors)
            else:
                d = decide(text, a["probabilities"], a["codes"], a["drivers"], findings, self.policy, priors)
            out.append(self._record(doc_id, text, markers, structure, d.as_dict()))
        return out

    def _record(self, doc_id, text, markers, structure, decision) -> dict:
        return {"id": doc_id, **decision, "doc_type": structure.doc_type,
                "title": structure.title.text if structure.title else None, "markers_removed": markers,
                "chars": len(text), "model_version": self.version, "error": None}

    def classify_documents(self, docs: Iterable[Document], batch_size: int = 32) -> Iterator[dict]:
        """Decide documents from :func:`nlp.readers.iter_documents`; unreadable ones become error
        records and the batch goes on."""
        batch: list[Document] = []
        for doc in docs:
            if doc.error is not None or not (doc.text or "").strip():
                yield error_record(doc.id, doc.error or "empty document", doc.source)
                continue
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._run(batch)
                batch = []
        if batch:
            yield from self._run(batch)

    def _run(self, batch: list[Document]) -> list[dict]:
        try:
            records = self.classify_texts([d.text for d in batch], [d.id for d in batch])
        except Exception:  # isolate the failing item rather than losing the batch
            records = []
            for d in batch:
                try:
                    records += self.classify_texts([d.text], [d.id])
                except Exception as e:  # noqa: BLE001 - reported per item
                    records.append(error_record(d.id, f"classification failed: {e}", d.source))
        for r, d in zip(records, batch):
            r["source"] = d.source
        return records


def error_record(doc_id: str, message: str, source: str = "") -> dict:
    return {"id": doc_id, "label": None, "probabilities": {}, "codes": [], "evidence": [],
            "needs_review": True, "error": message, "source": source}


_WORKER: DisclosureClassifier | None = None


def _init_worker(model_path, policy_path):
    global _WORKER
    _WORKER = DisclosureClassifier.from_pretrained(model_path, policy_path)


def _work(batch: list[Document]) -> list[dict]:
    return list(_WORKER.classify_documents(batch, batch_size=len(batch)))


def classify_parallel(docs: Iterable[Document], model_path=None, policy_path=None, workers: int = 2,
                      batch_size: int = 32) -> Iterator[dict]:
    """Like :meth:`DisclosureClassifier.classify_documents`, in ``workers`` processes (order kept)."""
    import multiprocessing as mp

    def batches():
        batch = []
        for d in docs:
            batch.append(d)
            if len(batch) >= batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(model_path, policy_path)) as pool:
        for records in pool.imap(_work, batches()):
            yield from records
