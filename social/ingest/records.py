"""Read complaint files line by line: JSONL, CSV, or Kaggle's "Customer Support on Twitter" CSV.

Each line becomes a `Record` (a dict of Complaint fields plus `is_repost`), is skipped (a
Kaggle row that is not inbound), or is rejected with the reason (`Rejected`).
"""

import csv
import json
import re
from datetime import UTC, datetime

from social.models import NETWORKS

NETWORK_NAMES = {code for code, _name in NETWORKS}
MAX_TEXT = 10_000
KAGGLE_COLUMNS = {"tweet_id", "author_id", "inbound", "created_at", "text"}
KAGGLE_DATE = "%a %b %d %H:%M:%S %z %Y"  # "Tue Oct 31 22:10:47 +0000 2017"
OPTIONAL = ("author_id", "language", "conversation_id", "in_reply_to_id", "url", "cid")
LIMITS = {"conversation_id": 300, "in_reply_to_id": 300, "url": 500, "cid": 200, "language": 8}


class Rejected(ValueError):
    """A line that cannot be imported; the message says why."""


SKIP = object()  # a line that is valid but not a complaint


def parse_time(value):
    if not value:
        raise Rejected("missing created_at")
    value = str(value).strip()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = datetime.strptime(value, KAGGLE_DATE)
        except ValueError:
            raise Rejected(f"created_at is not a date: {value[:40]!r}") from None
    parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except OverflowError:  # year 1 or 9999 with an offset
        raise Rejected(f"created_at is out of range: {value[:40]!r}") from None


def _check_strings(data):
    """Reject what no database stores: NUL characters and lone surrogates."""
    for key, value in data.items():
        if not isinstance(value, str):
            continue
        if "\x00" in value:
            raise Rejected(f"NUL character in {str(key)[:40]!r}")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise Rejected(f"invalid UTF-8 or lone surrogate in {str(key)[:40]!r}") from None


def make_record(data):
    """A checked record from a mapping of field names (JSONL object or generic CSV row)."""
    if not isinstance(data, dict):
        raise Rejected("not a JSON object")
    _check_strings(data)
    network = str(data.get("network") or "").strip().lower()
    if network not in NETWORK_NAMES:
        raise Rejected(f"unknown network {network[:20]!r}" if network else "missing network")
    external_id = str(data.get("external_id") or "").strip()
    if not external_id or len(external_id) > 300:
        raise Rejected("missing or too long external_id")
    handle = str(data.get("author_handle") or "").strip().lstrip("@")
    if not handle or len(handle) > 100:
        raise Rejected("missing or too long author_handle")
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise Rejected("missing text")
    if len(text) > MAX_TEXT:
        raise Rejected("text too long")
    record = {
        "network": network,
        "external_id": external_id,
        "author_handle": handle,
        "text": text.strip(),
        "created_at": parse_time(data.get("created_at")),
        "is_repost": str(data.get("is_repost", "")).lower() in ("true", "1"),
    }
    for field in OPTIONAL:
        value = data.get(field)
        if value not in (None, ""):
            record[field] = str(value).strip()[: LIMITS.get(field, 100)]
    if not re.match(r"https?://", record.get("url", "https://"), re.IGNORECASE):
        raise Rejected("url must start with http:// or https://")
    return record


def kaggle_record(row):
    """A Kaggle twcs.csv row: only inbound tweets are complaints (the rest are brand replies)."""
    if str(row.get("inbound", "")).strip() != "True":
        return SKIP
    return make_record(
        {
            "network": "x",
            "external_id": row.get("tweet_id"),
            "author_handle": row.get("author_id"),
            "author_id": row.get("author_id"),
            "text": row.get("text"),
            "created_at": row.get("created_at"),
            "in_reply_to_id": row.get("in_response_to_tweet_id"),
        }
    )


def read_jsonl(stream):
    """(line_number, record | SKIP | Rejected) for each non-blank line."""
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            line.encode("utf-8")
        except UnicodeEncodeError:
            yield number, Rejected("invalid UTF-8")
            continue
        try:
            yield number, make_record(loads(line))
        except Rejected as error:
            yield number, error


def loads(text):
    """JSON from `text` or bytes; `Rejected` when it is not JSON, or nested too deep."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise Rejected(f"invalid JSON: {error.msg}") from None
    except UnicodeDecodeError:
        raise Rejected("invalid UTF-8") from None
    except RecursionError:
        raise Rejected("JSON nested too deep") from None


def read_csv(stream):
    """(line_number, record | SKIP | Rejected) for each row after the header."""
    reader = csv.DictReader(stream)
    columns = set(reader.fieldnames or ())
    convert = kaggle_record if KAGGLE_COLUMNS <= columns else make_record
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield reader.line_num, Rejected(f"invalid CSV: {error}")
            continue
        if None in row:
            yield reader.line_num, Rejected("more fields than the header")
            continue
        try:
            yield reader.line_num, convert(row)
        except Rejected as error:
            yield reader.line_num, error


def read_file(path):
    """Open `path` and read it by its extension (.csv, else JSONL), streaming.

    Bytes that are not UTF-8 are kept as lone surrogates, so that their line is rejected."""
    stream = open(path, encoding="utf-8", errors="surrogateescape", newline="")
    reader = read_csv if str(path).lower().endswith(".csv") else read_jsonl
    return stream, reader(stream)
