"""Text preparation: normalisation, disclosure-marker stripping, 公文 structure parsing."""
from .markers import strip_markers
from .normalize import normalize
from .structure import GongwenStructure, parse_structure

__all__ = ["normalize", "strip_markers", "parse_structure", "GongwenStructure", "prepare"]


def prepare(raw: str) -> tuple[str, list[str]]:
    """Raw text → (normalised text with disclosure markers removed, markers found).

    Every offset the system reports (evidence spans) refers to this prepared text.
    """
    text, markers = strip_markers(normalize(raw))
    return text, markers
