"""The plain objects the matcher takes in and gives out."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .normalize import normalize

log = logging.getLogger(__name__)


class InvalidDocument(ValueError):
    """A document the matcher cannot index (no id, no title, wrong types)."""


@dataclass(frozen=True)
class Document:
    """A knowledge-base article.

    ``aliases`` are phrasings customers used for it (its symptoms and every complaint a CM
    answered with it). ``answer_count`` is how often CMs linked it; ``None`` means "count the
    aliases", so an article learns a prior as CMs answer with it.
    """

    id: str
    title: str
    body: str = ""
    tags: Sequence[str] = ()
    aliases: Sequence[str] = ()
    lang: str = "en"
    url: str = ""
    answer_count: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id.strip():
            raise InvalidDocument(f"document id must be a non-empty string, got {self.id!r}")
        if not isinstance(self.title, str) or not self.title.strip():
            raise InvalidDocument(f"document {self.id!r} has no title")
        for name in ("tags", "aliases"):
            value = getattr(self, name)
            if isinstance(value, str) or not all(isinstance(v, str) for v in value):
                raise InvalidDocument(f"document {self.id!r}: {name} must be a list of strings")
            object.__setattr__(self, name, tuple(value))
        if self.answer_count is not None and self.answer_count < 0:
            raise InvalidDocument(f"document {self.id!r}: answer_count must be >= 0")
        object.__setattr__(self, "lang", (self.lang or "en").lower()[:2])

    @property
    def answers(self) -> int:
        """How often CMs answered with this article (``answer_count`` or the alias count)."""
        return len(self.aliases) if self.answer_count is None else self.answer_count

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "body": self.body,
            "tags": list(self.tags),
            "aliases": list(self.aliases),
            "lang": self.lang,
            "url": self.url,
            "answer_count": self.answer_count,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Document:
        """Build from a JSON object; unknown keys are ignored, ``id`` may be a number, and
        without ``lang`` the language is detected from the title and the start of the body."""
        title, body = data.get("title") or "", data.get("body") or ""
        lang = data.get("lang")
        if not lang and isinstance(title, str) and isinstance(body, str):
            lang = normalize(f"{title} {body[:1000]}").lang
        return cls(
            id=str(data.get("id", "")),
            title=title,
            body=body,
            tags=data.get("tags") or (),
            aliases=data.get("aliases") or (),
            lang=lang or "en",
            url=data.get("url") or "",
            answer_count=data.get("answer_count"),
        )


@dataclass
class Match:
    """One ranked article: ``score`` in [0, 1] is the calibrated probability that it is the
    right answer; ``confident`` means "right at least 90% of the time" on the dev sets."""

    doc_id: str
    title: str
    url: str
    score: float
    confident: bool
    matched_terms: list[str] = field(default_factory=list)


def read_jsonl(path: str | Path) -> Iterator[dict]:
    """The JSON objects of a JSON-lines file. Blank lines are skipped, and so are lines that
    are not a JSON object, each with a warning naming the file and line number."""
    with open(path, encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except ValueError as exc:
                log.warning("%s:%d: skipped, not JSON (%s)", path, number, exc)
                continue
            if isinstance(data, dict):
                yield data
            else:
                log.warning("%s:%d: skipped, not a JSON object", path, number)
