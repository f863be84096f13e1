"""Document readers: files, directories and archives in, text Documents out.

Kept apart from the NLP code so every input quirk (encodings, formats,
hostile archives) is handled in one place and the models only see text.
"""
from .encoding import ReadError, decode_text
from .formats import SUPPORTED_EXTENSIONS, read_path
from .sources import Document, Limits, iter_documents

__all__ = ["Document", "Limits", "ReadError", "SUPPORTED_EXTENSIONS", "decode_text", "iter_documents", "read_path"]
