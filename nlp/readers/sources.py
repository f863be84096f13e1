"""Turn user inputs (files, directories, zips, JSONL, CSV) into Documents.

A batch of thousands of files must not die on one bad file: every failure
becomes a Document carrying `error`, so callers can report and move on.
"""
import csv
import io
import json
import os
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .encoding import ReadError, decode_text
from .formats import MAX_FILE_BYTES, SUPPORTED_EXTENSIONS, extract, read_bytes, read_path

_READABLE = SUPPORTED_EXTENSIONS | {".zip", ".jsonl", ".csv"}


@dataclass
class Document:
    """`id` is stable and human-readable (relative path, `a.zip!member`, or the
    record's id); `source` is the file on disk it came from; `text` is None
    exactly when `error` says why."""
    id: str
    text: str | None
    source: str
    error: str | None = None
    meta: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Limits:
    """Caps against oversized files and zip bombs.  `max_total_bytes` bounds a
    zip's total uncompressed size and a CSV file (read whole)."""
    max_file_bytes: int = MAX_FILE_BYTES
    max_members: int = 10_000
    max_total_bytes: int = 2**30
    max_ratio: float = 200.0


def iter_documents(inputs: "str | os.PathLike | Iterable[str | os.PathLike]", *,
                   limits: Limits = Limits()) -> Iterator[Document]:
    """Yield one Document per readable item; never raises for bad input."""
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            yield from _iter_dir(path, path, limits)
        elif path.is_file():
            yield from _iter_file(path, path.name, limits)
        else:
            yield Document(str(item), None, str(item), "no such file or directory")


def _iter_dir(directory: Path, root: Path, limits: Limits) -> Iterator[Document]:
    """Sorted, hidden entries skipped, directory symlinks not followed (loops)."""
    try:
        entries = sorted(directory.iterdir(), key=lambda p: p.name)
    except OSError as e:
        yield Document(directory.relative_to(root).as_posix(), None, str(directory),
                       f"cannot list directory: {e.strerror or e}")
        return
    for p in entries:
        if p.name.startswith("."):
            continue
        if p.is_dir():
            if not p.is_symlink():
                yield from _iter_dir(p, root, limits)
        elif p.suffix.lower() in _READABLE and p.is_file():
            yield from _iter_file(p, p.relative_to(root).as_posix(), limits)


def _iter_file(path: Path, doc_id: str, limits: Limits) -> Iterator[Document]:
    ext, source = path.suffix.lower(), str(path)
    try:
        if ext == ".zip":
            yield from _iter_zip(path, doc_id, limits)
        elif ext == ".jsonl":
            with open(path, "rb") as fh:
                yield from _iter_jsonl(fh, doc_id, source)
        elif ext == ".csv":
            yield from _iter_csv(read_bytes(path, limits.max_total_bytes), doc_id, source)
        else:
            yield Document(doc_id, read_path(path, max_bytes=limits.max_file_bytes), source)
    except Exception as e:  # last resort: I/O errors or a reader bug end this input only
        yield Document(doc_id, None, source, _reason(e))


def _reason(e: Exception) -> str:
    if isinstance(e, ReadError):
        return str(e)
    if isinstance(e, OSError):
        return f"cannot read: {e.strerror or e}"
    return f"{type(e).__name__}: {e}"


def _iter_zip(path: Path, archive_id: str, limits: Limits) -> Iterator[Document]:
    """Members are read in memory, never extracted, but hostile archives are
    still refused: the declared sizes are binding (zipfile stops there)."""
    source = str(path)
    try:
        with zipfile.ZipFile(path) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
            total = sum(i.file_size for i in infos)
            if len(infos) > limits.max_members:
                raise ReadError(f"zip refused: {len(infos)} members > limit {limits.max_members}")
            if total > limits.max_total_bytes:
                raise ReadError(f"zip refused: {total} bytes uncompressed > limit {limits.max_total_bytes}")
            for info in sorted(infos, key=_member_name):
                name = _member_name(info)
                doc_id = f"{archive_id}!{name}"
                parts = re.split(r"[\\/]", name)
                ext = Path(name).suffix.lower()
                refusal = _refusal(info, name, parts, ext, limits)
                if refusal:
                    yield Document(doc_id, None, source, refusal)
                elif any((p.startswith(".") and p != ".") or p == "__MACOSX" for p in parts) or ext not in _READABLE:
                    continue
                else:
                    yield from _zip_member(zf, info, ext, doc_id, source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ReadError) as e:
        yield Document(archive_id, None, source, str(e) if isinstance(e, ReadError) else f"corrupt zip: {e}")


def _refusal(info: zipfile.ZipInfo, name: str, parts: list[str], ext: str, limits: Limits) -> str | None:
    if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name):
        return "zip member refused: absolute path"
    if ".." in parts:
        return "zip member refused: path traversal (..)"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "zip member refused: symlink"
    if ext == ".zip":
        return "zip member refused: nested archive (extract it first)"
    if info.file_size > limits.max_file_bytes:
        return f"file too large: {info.file_size} bytes > limit {limits.max_file_bytes}"
    if info.file_size > limits.max_ratio * max(info.compress_size, 1):
        ratio = info.file_size / max(info.compress_size, 1)
        return f"zip member refused: compression ratio {ratio:.0f}x > limit {limits.max_ratio:g}x"
    return None


def _zip_member(zf, info, ext, doc_id, source) -> Iterator[Document]:
    try:
        data = zf.read(info)
        if ext == ".jsonl":
            yield from _iter_jsonl(io.BytesIO(data), doc_id, source)
        elif ext == ".csv":
            yield from _iter_csv(data, doc_id, source)
        else:
            yield Document(doc_id, extract(data, ext), source)
    except Exception as e:  # bad CRC, encryption, unknown compression, reader errors
        yield Document(doc_id, None, source, _reason(e))


def _member_name(info: zipfile.ZipInfo) -> str:
    """Zips made on Chinese Windows store GBK names without the UTF-8 flag and
    zipfile shows them as CP437; undo that.  GBK bytes can also be valid UTF-8,
    but then decode to U+0080..U+07FF, which Chinese UTF-8 names never do."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437")
    try:
        name = raw.decode("utf-8")
        if not re.search("[\x80-\u07ff]", name):
            return name
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return info.filename


def _record(fields: dict, fallback_id: str, source: str) -> Document:
    """One JSONL/CSV record: `id` and `text` are taken out, the rest is meta."""
    fields = {k: v for k, v in fields.items() if k is not None}  # csv: extra cells
    doc_id, text = fields.pop("id", None), fields.pop("text", None)
    doc_id = fallback_id if doc_id in (None, "") else str(doc_id)
    if not isinstance(text, str):
        return Document(doc_id, None, source, "missing 'text' field" if text is None else "'text' is not a string", fields)
    if not text.strip():
        return Document(doc_id, None, source, "empty document", fields)
    return Document(doc_id, text, source, meta=fields)


def _iter_jsonl(lines: Iterable[bytes], label: str, source: str) -> Iterator[Document]:
    for no, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(decode_text(raw))
            if not isinstance(obj, dict):
                raise ValueError("not a JSON object")
        except (ReadError, ValueError) as e:
            yield Document(f"{label}#{no}", None, source, f"bad JSONL line {no}: {e}")
            continue
        yield _record(obj, f"{label}#{no}", source)


def _iter_csv(data: bytes, label: str, source: str) -> Iterator[Document]:
    """Needs a header with a `text` column (`id` optional).  Raises the
    field size limit process-wide: whole documents live in single cells."""
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
    reader = csv.DictReader(io.StringIO(decode_text(data), newline=""))
    if "text" not in (reader.fieldnames or []):
        raise ReadError("CSV header has no 'text' column")
    try:
        for row in reader:
            yield _record(row, f"{label}#{reader.line_num}", source)
    except csv.Error as e:
        yield Document(f"{label}#{reader.line_num}", None, source, f"bad CSV: {e}")
