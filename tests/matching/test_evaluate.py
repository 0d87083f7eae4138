"""The evaluate CLI on a tiny set with known answers."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from social.matching.evaluate import main, percentile

ROOT = Path(__file__).resolve().parents[2]


def write_set(tmp_path: Path) -> tuple[Path, Path]:
    docs = [
        {"id": "pw", "title": "Reset your password", "body": "Use the reset link."},
        {"id": "refund", "title": "Refund not received", "aliases": ["where is my money back"]},
        {"id": 3, "title": "Wifi keeps dropping", "tags": ["internet"], "lang": "en"},
        {"id": "untitled", "title": ""},
    ]
    queries = [
        {"text": "forgot password, need reset", "relevant": ["pw"]},
        {"text": "@bank where is my refund", "relevant": ["refund"]},
        {"text": "wifi dropping all day", "relevant": ["3"]},
        {
            "text": "wifi dropping and refund",
            "relevant": ["refund"],
            "candidates": ["refund", "pw"],
        },
        {"text": "password", "relevant": ["refund"]},
    ]
    d, q = tmp_path / "docs.jsonl", tmp_path / "queries.jsonl"
    d.write_text("\n".join(json.dumps(x) for x in docs) + "\n\n")
    q.write_text("\n".join(json.dumps(x) for x in queries) + "\n")
    return d, q


def test_cli_prints_the_metrics_of_a_known_set(tmp_path, capsys):
    docs, queries = write_set(tmp_path)
    assert main(["--docs", str(docs), "--queries", str(queries)]) == 0
    captured = capsys.readouterr()
    result = json.loads(captured.out)
    assert "untitled" in captured.err
    assert result["n"] == 5
    assert result["p_at_1"] == 0.8  # the last query's answer is never returned
    assert result["recall_at_5"] == 0.8
    assert result["mrr"] == 0.8
    assert set(result) == {
        "p_at_1",
        "mrr",
        "recall_at_5",
        "n",
        "confident_share",
        "confident_precision",
        "p50_ms",
        "p95_ms",
    }
    assert 0 <= result["confident_share"] <= 1
    assert result["p95_ms"] >= result["p50_ms"] > 0


def test_runs_as_a_module(tmp_path):
    docs, queries = write_set(tmp_path)
    out = subprocess.run(
        [sys.executable, "-m", "social.matching.evaluate", "--docs", docs, "--queries", queries],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout)["n"] == 5


def test_percentile_by_nearest_rank():
    assert percentile([], 50) == 0.0
    assert percentile([3.0, 1.0, 2.0, 4.0], 50) == 2.0
    assert percentile([float(i) for i in range(1, 101)], 95) == 95.0


def test_shipped_dev_set_if_present():
    shared = Path(os.environ.get("ONEREPLY_SHARED_DIR", ROOT / ".." / "shared"))
    eval_dir = shared / "eval" / "banking77"
    if not (eval_dir / "docs.jsonl").exists():
        pytest.skip(f"shared dev sets not found at {eval_dir}")
    from social.matching import Matcher
    from social.matching.documents import read_jsonl
    from social.matching.evaluate import evaluate, load_documents

    m = Matcher()
    m.rebuild(load_documents(str(eval_dir / "docs.jsonl")))
    queries = list(read_jsonl(eval_dir / "queries-dev.jsonl"))[:100]
    result = evaluate(m, queries)
    assert result["n"] == 100
    assert result["p_at_1"] > 0.5  # far above chance (1/77); the real figures are in RESULTS.md


def test_malformed_lines_are_reported_and_the_rest_is_read(tmp_path, capsys, caplog):
    docs, queries = write_set(tmp_path)
    with docs.open("a") as f:
        f.write('{"id": "broken", "title": \n[1, 2]\n')
    with queries.open("a") as f:
        f.write('not json\n{"text": "reset my password", "relevant": "pw"}\n')
    assert main(["--docs", str(docs), "--queries", str(queries)]) == 0
    assert f"{docs}:6: skipped, not JSON" in caplog.text
    assert f"{docs}:7: skipped, not a JSON object" in caplog.text
    assert f"{queries}:6: skipped, not JSON" in caplog.text
    result = json.loads(capsys.readouterr().out)
    assert result["n"] == 6  # a bare string in "relevant" is one id, not its letters
    assert result["p_at_1"] == pytest.approx(5 / 6, abs=1e-4)


def test_a_document_without_lang_gets_the_language_of_its_text():
    from social.matching.documents import Document

    french = Document.from_dict(
        {"id": "fr", "title": "Mon compte est bloqué", "body": "Je ne peux plus me connecter."}
    )
    english = Document.from_dict({"id": "en", "title": "My account is locked"})
    given = Document.from_dict({"id": "x", "title": "Mon compte est bloqué", "lang": "en"})
    assert (french.lang, english.lang, given.lang) == ("fr", "en", "en")
