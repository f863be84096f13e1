"""Plain-text extraction per file format, from bytes already in memory.

Bytes in, text out, so the same code serves files on disk and zip members.
Every failure surfaces as ReadError with a reason a human can act on.
"""
import io
import re
import zipfile
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

from .encoding import ReadError, decode_text

MAX_FILE_BYTES = 50 * 2**20
_MAX_XML_BYTES = 256 * 2**20  # an XML part inside a DOCX/OFD (guards zip bombs)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def read_bytes(path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """Read a whole file, refusing ones over `max_bytes` before loading them."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ReadError(f"file too large: {size} bytes > limit {max_bytes}")
        return path.read_bytes()
    except OSError as e:
        raise ReadError(f"cannot read file: {e.strerror or e}") from e


def read_path(path, *, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Text of one supported file; raises ReadError."""
    ext = Path(path).suffix.lower()
    if ext not in EXTRACTORS:
        raise ReadError(f"unsupported format: {ext or '(no extension)'}")
    return extract(read_bytes(path, max_bytes), ext)


def extract(data: bytes, ext: str) -> str:
    """Text of `data` in format `ext` (".pdf", ...), lines stripped and blank
    lines dropped so every format looks alike downstream; raises ReadError."""
    fn = EXTRACTORS.get(ext.lower())
    if fn is None:
        raise ReadError(f"unsupported format: {ext}")
    try:
        text = fn(data)
    except ReadError:
        raise
    except Exception as e:  # parsers raise anything on hostile input
        raise ReadError(f"corrupt {ext[1:].upper()} file: {str(e) or type(e).__name__}") from e
    lines = [line.strip() for line in text.splitlines()]
    text = "\n".join(line for line in lines if line)
    if not text:
        raise ReadError("empty document")
    return text


def _zip_xml(zf: zipfile.ZipFile, name: str) -> ET.Element:
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise ValueError(f"{name} missing") from None  # extract() names the format
    if info.file_size > _MAX_XML_BYTES:
        raise ReadError(f"file too large: {name} is {info.file_size} bytes uncompressed")
    return ET.fromstring(zf.read(info))


def _docx(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        root = _zip_xml(zf, "word/document.xml")
    return "\n".join("".join(_docx_runs(p)) for p in _docx_paragraphs(root))


def _docx_paragraphs(el):
    """w:p in document order, table cells and text boxes included; skips
    mc:Fallback, which repeats its mc:Choice sibling."""
    for child in el:
        if child.tag == _MC_FALLBACK:
            continue
        if child.tag == _W + "p":
            yield child
        yield from _docx_paragraphs(child)


def _docx_runs(el):
    for child in el:
        if child.tag in (_W + "p", _MC_FALLBACK):  # nested paragraphs get their own line
            continue
        if child.tag == _W + "t":
            yield child.text or ""
        elif child.tag == _W + "tab":
            yield "\t"
        elif child.tag in (_W + "br", _W + "cr"):
            yield "\n"
        yield from _docx_runs(child)


def _pdf(data: bytes) -> str:
    import pypdf  # optional heavy dependency, only needed for PDFs

    reader = pypdf.PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise ReadError("encrypted PDF: password required")
    if not reader.pages:
        raise ReadError("corrupt PDF file: no pages")
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    if not text.strip():
        raise ReadError("no text layer (scanned PDF? OCR it first)")
    return text


_BLOCK = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 "
    "h4 h5 h6 header hr li main nav ol p pre section table td th title tr ul".split())
_INVISIBLE = frozenset({"script", "style", "noscript", "template"})
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_GB = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936"}  # labels that in practice mean GB18030


class _HTMLText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in _INVISIBLE:
            self.hidden += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _INVISIBLE:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:  # source line breaks are just whitespace in HTML
            self.parts.append(re.sub(r"\s+", " ", data))


def _html(data: bytes) -> str:
    parser = _HTMLText()
    parser.feed(_html_decode(data))
    parser.close()
    return "".join(parser.parts)


def _html_decode(data: bytes) -> str:
    """A BOM wins, then <meta charset> if it decodes cleanly (labels often
    lie: "gb2312" pages full of GBK-only characters), then sniffing."""
    match = None if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) else _META_CHARSET.search(data[:4096])
    if match:
        label = match.group(1).decode("ascii", "replace").lower()
        try:
            return data.decode("gb18030" if label in _GB else label)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data)


_OFD_PAGE = re.compile(r"Doc_(\d+)/Pages/Page_(\d+)/Content\.xml")


def _ofd(data: bytes) -> str:
    """OFD (GB/T 33190, China's PDF counterpart) is a zip of XML pages; text
    lives in TextCode elements positioned in mm.  Codes sharing a baseline
    are joined into one line, since producers often emit one per character."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        pages = sorted((tuple(map(int, m.groups())), name) for name in zf.namelist()
                       if (m := _OFD_PAGE.fullmatch(name)))
        if not pages:
            raise ReadError("corrupt OFD file: no page content (Doc_N/Pages/Page_N/Content.xml)")
        lines: list[str] = []
        for _, name in pages:
            lines += _ofd_lines(_zip_xml(zf, name))
    return "\n".join(lines)


def _ofd_lines(root: ET.Element) -> list[str]:
    lines, current, last_y = [], [], None
    for obj in root.iter():
        if obj.tag.rpartition("}")[2] != "TextObject":
            continue
        try:
            base = float((obj.get("Boundary") or "0 0").split()[1])
        except (IndexError, ValueError):
            base = 0.0
        for code in obj:
            if code.tag.rpartition("}")[2] != "TextCode":
                continue
            try:
                y = base + float(code.get("Y") or 0)
            except ValueError:
                y = None
            if current and (y is None or last_y is None or abs(y - last_y) > 1.0):
                lines.append("".join(current))
                current = []
            current.append(code.text or "")
            last_y = y
    return lines + ["".join(current)] if current else lines


EXTRACTORS = {".txt": decode_text, ".docx": _docx, ".pdf": _pdf, ".html": _html, ".htm": _html, ".ofd": _ofd}
SUPPORTED_EXTENSIONS = frozenset(EXTRACTORS)
