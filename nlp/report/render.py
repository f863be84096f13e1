"""Render evaluation results as Markdown and HTML (with confusion-matrix and reliability plots)."""
from __future__ import annotations

import base64
import html
from pathlib import Path

from ..labels import LABELS


def _f(x) -> str:
    return "—" if x is None else (f"{x:.3f}" if isinstance(x, float) else str(x))


def _table(header: list[str], rows: list[list]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(_f(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def summary_row(name: str, m: dict) -> list:
    tc, b = m.get("three_class", {}), m.get("binary", {})
    cal = tc.get("calibration", {})
    return [name, m.get("n"), tc.get("macro_f1"), tc.get("balanced_accuracy"), tc.get("leak_rate"),
            tc.get("over_withholding_rate"), cal.get("ece"), b.get("balanced_accuracy"),
            b.get("non_public_predicted_public"), m.get("needs_review_share")]


SUMMARY_HEADER = ["set", "n", "macro-F1", "balanced acc.", "leak rate", "over-withholding", "ECE",
                  "binary balanced acc.", "binary leak", "review share"]


def section(name: str, m: dict, plots: dict[str, str]) -> str:
    parts = [f"### {name}", ""]
    tc = m.get("three_class")
    if tc:
        parts += [_table(["label", "precision", "recall", "F1", "support"],
                         [[l, tc["per_class"][l]["precision"], tc["per_class"][l]["recall"],
                           tc["per_class"][l]["f1"], tc["per_class"][l]["support"]] for l in LABELS]), ""]
        cm = tc["confusion"]["matrix"]
        parts += ["Confusion matrix (rows = true, columns = predicted):", "",
                  _table(["true \\ predicted"] + list(LABELS), [[l] + cm[i] for i, l in enumerate(LABELS)]), ""]
        if name in plots:
            parts += [f"![confusion and reliability]({plots[name]})", ""]
    b = m.get("binary")
    if b:
        parts += [f"Binary (主动公开 vs not): n={b['n']} (public {b['n_public']}, non-public {b['n_non_public']}), "
                  f"balanced accuracy {_f(b['balanced_accuracy'])}, recall public {_f(b['recall_public'])}, "
                  f"recall non-public {_f(b['recall_non_public'])}, non-public predicted public "
                  f"{_f(b['non_public_predicted_public'])}.", ""]
    for key, title in (("by_label_origin", "By label_origin"), ("by_issuer_group", "By issuer group"),
                       ("marker_and_marker_soe_by_issuer_group", "marker + marker-soe, by issuer group")):
        if key in m:
            parts += [f"**{title}**", "", _table(SUMMARY_HEADER, [summary_row(g, v) for g, v in m[key].items()]), ""]
    return "\n".join(parts)


def plot(m: dict, path: Path) -> bool:
    tc = m.get("three_class")
    if not tc:
        return False
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    names = ["主动", "依申请", "不予"]
    if not any("CJK" in f.name or "Hei" in f.name or "Song" in f.name for f in font_manager.fontManager.ttflist):
        names = ["PROACTIVE", "ON_REQUEST", "WITHHELD"]
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(9, 4))
    cm = tc["confusion"]["matrix"]
    a1.imshow(cm, cmap="Blues")
    for i in range(3):
        for j in range(3):
            a1.text(j, i, cm[i][j], ha="center", va="center")
    a1.set_xticks(range(3), names)
    a1.set_yticks(range(3), names)
    a1.set_xlabel("predicted")
    a1.set_ylabel("true")
    a1.set_title("confusion matrix")
    bins = tc.get("calibration", {}).get("bins", [])
    a2.plot([0, 1], [0, 1], "--", color="grey")
    a2.plot([b["confidence"] for b in bins], [b["accuracy"] for b in bins], "o-")
    a2.set_xlabel("confidence")
    a2.set_ylabel("accuracy")
    a2.set_title(f"reliability (ECE {_f(tc.get('calibration', {}).get('ece'))})")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return True


def markdown_to_html(md: str, base: Path) -> str:
    """Just enough Markdown for our own reports: headings, tables, images (inlined), paragraphs."""
    out, table = [], []

    def flush():
        if table:
            rows = [r.strip("|").split("|") for r in table if not set(r.replace("|", "").strip()) <= set("-")]
            out.append("<table>" + "".join(
                "<tr>" + "".join(f"<{'th' if i == 0 else 'td'}>{html.escape(c.strip())}</{'th' if i == 0 else 'td'}>"
                                 for c in row) + "</tr>" for i, row in enumerate(rows)) + "</table>")
            table.clear()

    for line in md.splitlines():
        if line.startswith("|"):
            table.append(line)
            continue
        flush()
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            out.append(f"<h{level}>{html.escape(line.lstrip('# '))}</h{level}>")
        elif line.startswith("![") and "](" in line:
            src = line[line.index("](") + 2:-1]
            data = base64.b64encode((base / src).read_bytes()).decode()
            out.append(f'<img src="data:image/png;base64,{data}" alt="plot">')
        elif line.strip():
            out.append(f"<p>{html.escape(line).replace('**', '')}</p>")
    flush()
    style = ("body{font-family:sans-serif;max-width:1000px;margin:2em auto}table{border-collapse:collapse;margin:1em 0}"
             "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f3f3f3}")
    return f"<!doctype html><html lang=zh><meta charset=utf-8><title>Accuracy report</title><style>{style}</style><body>{''.join(out)}</body></html>"
