"""Settings come from the environment; production mode passes Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def manage(*args, **env):
    # The browser tests relax Django's async check in this process; a deployment never does.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**inherited, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x" * 20 + "production-secret-key-with-enough-entropy-1234567890",
        ALLOWED_HOSTS="help.nimbus.example",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_without_redis_counts_rate_limits_in_the_shared_database(tmp_path):
    production = {
        "DEBUG": "0",
        "SECRET_KEY": "x" * 20 + "production-secret-key-with-enough-entropy-1234567890",
        "ALLOWED_HOSTS": "help.nimbus.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "REDIS_URL": "",
    }
    shown = manage(
        "shell",
        "-c",
        "from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'], *settings.SILENCED_SYSTEM_CHECKS)",
        **production,
    )
    last_line = shown.stdout.strip().splitlines()[-1]  # after the shell's own notices
    assert last_line.split() == ["kb.cache.AtomicDatabaseCache", "django_ratelimit.W001"]
    check = manage("check", "--deploy", "--fail-level", "WARNING", **production)
    assert check.returncode == 0, check.stdout + check.stderr
