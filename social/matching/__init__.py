"""Find the knowledge-base article that answers a complaint: plain documents in, ranked
matches out. Imports neither Django nor the database."""

from .documents import Document, InvalidDocument, Match
from .index import IndexUnavailable
from .matcher import Matcher
from .normalize import Normalized, normalize
from .synonyms import Synonyms

__all__ = [
    "Document",
    "IndexUnavailable",
    "InvalidDocument",
    "Match",
    "Matcher",
    "Normalized",
    "Synonyms",
    "normalize",
]
