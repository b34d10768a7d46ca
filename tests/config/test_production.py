"""The production profile: `check --deploy` is clean with the documented environment, and refuses to start without it."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTED = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "k" * 20 + "-production-test-secret-key-0123456789abcdefghij",
    "DATABASE_URL": "postgres://vigil@db.invalid:5432/vigil",
    "ALLOWED_HOSTS": "vigil.example.nhs.uk",
    "CACHE_URL": "redis://cache.invalid:6379/0",
}


def run_manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "CACHE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_the_documented_environment():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=DOCUMENTED)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in DOCUMENTED.items() if k != "SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_production_refuses_to_fall_back_to_sqlite():
    env = {k: v for k, v in DOCUMENTED.items() if k != "DATABASE_URL"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_check_deploy_warns_when_throttle_counts_are_per_process():
    env = {k: v for k, v in DOCUMENTED.items() if k != "CACHE_URL"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "api.W001" in result.stderr + result.stdout
