"""Bytes -> text for documents of unknown provenance.

Chinese government files arrive as UTF-8, legacy GBK/GB18030 (Windows tools) or
UTF-16 ("Unicode text" exports), rarely labelled.  We try codecs in a fixed,
conservative order and refuse binary data instead of passing mojibake on to the
classifier, where it would silently skew predictions.
"""
import codecs
import re


class ReadError(Exception):
    """A document could not be turned into text; the message says why."""


_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# C0/C1 controls other than \t \n \v \f \r: real text almost never has them.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_RATIO = 0.05


def decode_text(data: bytes) -> str:
    """Decode `data` (BOM -> UTF-16 by NUL pattern -> strict UTF-8 -> strict
    GB18030, a superset of GBK/GB2312) with newlines normalised to "\\n".

    Raises ReadError for empty, binary or undecodable input.
    """
    text = _decode(data).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadError("empty document")
    if len(_CONTROL.findall(text)) > len(text) * _MAX_CONTROL_RATIO:
        raise ReadError("binary data, not text (too many control characters)")
    return text


def _decode(data: bytes) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom):], codec, "after byte-order mark")
    if b"\0" in data:  # valid UTF-8 too, so UTF-16 must be checked before it
        codec = _utf16_codec(data)
        if codec is None:
            raise ReadError("binary data, not text (NUL bytes)")
        return _strict(data, codec, "(guessed from NUL bytes)")
    for codec in ("utf-8", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass
    raise ReadError("undecodable text: not UTF-8, UTF-16 or GB18030")


def _utf16_codec(data: bytes) -> str | None:
    """ASCII in UTF-16 puts NULs at one parity (odd for LE, even for BE);
    binary data scatters them evenly."""
    if len(data) % 2:
        return None
    sample = data[:8192]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 3 * even:
        return "utf-16-le"
    if even > 3 * odd:
        return "utf-16-be"
    return None


def _strict(data: bytes, codec: str, why: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as e:
        raise ReadError(f"undecodable text: invalid {codec.upper()} {why}: {e.reason}") from e
