"""The model card (``README.md`` in a model directory), generated from its metadata and report."""
from __future__ import annotations

from pathlib import Path

from .render import SUMMARY_HEADER, _table, summary_row


def write_model_card(model_dir: Path, meta: dict, results: dict) -> Path:
    td = meta.get("training_data", {})
    lines = [
        f"# Model card — {model_dir.name}", "",
        f"- **Version**: {meta.get('version')}  •  created {meta.get('created')}",
        f"- **Created by**: `{meta.get('command')}`",
        f"- **Training data fingerprint**: `{meta.get('training_data_fingerprint')}`",
        "- **Type**: character 1–3-gram + jieba word 1–2-gram TF-IDF and 公文 structure features → class-weighted "
        "multinomial logistic regression, temperature-scaled probabilities, a reason-code head; decisions go "
        "through the codebook decision layer (`nlp/decision.py`).",
        "- **Files**: `config.json` (parameters, labels, metadata) and `arrays.npz` (weights, IDF, vocabularies); "
        "loading never unpickles.", "",
        "## Training data", "",
        f"{td.get('train_documents')} documents ({td.get('train_rows')} rows; by corpus {td.get('train_by_corpus')}); "
        f"label weight {td.get('train_label_weight')}. {td.get('dropped_near_duplicates_of_dev_or_test')} training "
        "documents were dropped as near-duplicates (MinHash Jaccard ≥ 0.8) of dev or test documents. "
        "Real-set `marker-soe` documents (an enterprise's 不公开发布 marking) enter as a partial label "
        "(not public, class unknown), never as a three-class label.", "",
        "## Evaluation (from the report)", "",
        _table(SUMMARY_HEADER, [summary_row(n, m) for n, m in results.items()]), "",
        "Full report: `report/REPORT.md` / `report/REPORT.html`.", "",
        "## Intended use and limits", "",
        "- A drafting-stage pre-check and an archive triage tool. **A person confirms every non-public decision** "
        "and every item flagged `needs_review`; the model proposes, the signer decides.",
        "- The real set's non-public documents come almost all from one enterprise: its binary figures are "
        "confounded by issuer (see the per-issuer tables). The drafting corpus is written by this project to the "
        "codebook; figures on it measure agreement with the codebook, not with any one locality's practice.",
        "- Localities differ on 依申请公开 vs 不予公开 for internal and privacy matters; set the policy file accordingly.",
        "- Real-world priors are skewed (≈90% 主动公开): set `class_priors` in the policy to adjust probabilities.",
    ]
    path = model_dir / "README.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
