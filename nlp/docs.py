"""Regenerate the generated parts of README.md from the code, so they stay true:
the command reference (each entry point's ``--help``) and the headline figures (from the default
model's metadata and report).

    python -m nlp.docs            # rewrite README.md in place
    python -m nlp.docs --check    # exit 1 when README.md is out of date (the test suite runs this)
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys

from .shared import REPO_ROOT

README = REPO_ROOT / "README.md"
COMMANDS = [
    ("predict.py", [sys.executable, "predict.py"]),
    ("train.py", [sys.executable, "train.py"]),
    ("python -m nlp.cli.report", [sys.executable, "-m", "nlp.cli.report"]),
    ("gongwen-serve", [sys.executable, "-m", "nlp.service"]),
    ("python -m nlp.corpus.authoring", [sys.executable, "-m", "nlp.corpus.authoring"]),
    ("python -m nlp.corpus.audit", [sys.executable, "-m", "nlp.corpus.audit"]),
    ("python -m nlp.models.transformer", [sys.executable, "-m", "nlp.models.transformer"]),
    ("python -m nlp.encoders.adapt", [sys.executable, "-m", "nlp.encoders.adapt"]),
]


def _markers(name: str) -> tuple[str, str]:
    return f"<!-- BEGIN GENERATED: {name} -->", f"<!-- END GENERATED: {name} -->"


def command_reference() -> str:
    env = {**os.environ, "COLUMNS": "110", "PYTHONPATH": str(REPO_ROOT)}
    parts = []
    for title, cmd in COMMANDS:
        out = subprocess.run(cmd + ["--help"], cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=True).stdout
        out = re.sub(r"^usage: \S+", f"usage: {title}", out.strip())
        parts += [f"#### `{title}`", "", "```text", out, "```", ""]
    return "\n".join(parts)


def headline_figures() -> str:
    path = REPO_ROOT / "models" / "default" / "report" / "metrics.json"
    config = REPO_ROOT / "models" / "default" / "config.json"
    if not path.exists() or not config.exists():
        return "_No default model report yet: run `python train.py` and `python -m nlp.cli.report`._"
    metrics = json.loads(path.read_text(encoding="utf-8"))
    meta = json.loads(config.read_text(encoding="utf-8"))["metadata"]
    rows = ["| evaluation set | n | macro-F1 | leak rate | binary balanced accuracy |", "|---|---|---|---|---|"]
    for name, m in metrics.items():
        tc, b = m.get("three_class", {}), m.get("binary", {})
        f = lambda x: "—" if x is None else f"{x:.3f}"  # noqa: E731
        rows.append(f"| {name} | {m.get('n')} | {f(tc.get('macro_f1'))} | {f(tc.get('leak_rate'))} | "
                    f"{f(b.get('balanced_accuracy'))} |")
    return (f"Default model `models/default` ({meta.get('version')}, trained by `{meta.get('command')}`), "
            "from its report `models/default/report/REPORT.md`:\n\n" + "\n".join(rows))


def render(readme: str) -> str:
    for name, fn in (("commands", command_reference), ("figures", headline_figures)):
        begin, end = _markers(name)
        if begin in readme:
            pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
            readme = pattern.sub(lambda _: f"{begin}\n{fn()}\n{end}", readme)
    return readme


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="only check that README.md is up to date")
    args = ap.parse_args(argv)
    current = README.read_text(encoding="utf-8")
    fresh = render(current)
    if args.check:
        if fresh != current:
            print("README.md is out of date: run `python -m nlp.docs`", file=sys.stderr)
            return 1
        return 0
    README.write_text(fresh, encoding="utf-8")
    print(f"updated {README}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
