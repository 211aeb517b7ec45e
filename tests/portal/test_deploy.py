"""What an operator installs from deploy/ is valid as written: nginx accepts the site, the units run real commands."""

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def nginx():
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    assert found, "nginx is not installed: `make test` installs it (make nginx)"
    return found


def test_nginx_accepts_the_site_as_shipped(tmp_path):
    # Only the certificate paths change: nginx -t opens the files they name.
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=kennisbank.example", "-keyout", tmp_path / "tls.key", "-out", tmp_path / "tls.pem",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    site = (DEPLOY / "nginx-gka-portal.conf").read_text()
    assert "/etc/ssl/certs/kennisbank.example.pem" in site and "/etc/ssl/private/kennisbank.example.key" in site
    site = site.replace("/etc/ssl/certs/kennisbank.example.pem", str(tmp_path / "tls.pem"))
    site = site.replace("/etc/ssl/private/kennisbank.example.key", str(tmp_path / "tls.key"))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n    include /etc/nginx/mime.types;\n    include {tmp_path}/site.conf;\n}}\n"
    )
    result = subprocess.run(
        [nginx(), "-t", "-e", tmp_path / "error.log", "-p", tmp_path, "-c", tmp_path / "nginx.conf"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr and "test is successful" in result.stderr


def test_nginx_passes_what_the_portal_needs_from_a_proxy():
    site = (DEPLOY / "nginx-gka-portal.conf").read_text()
    for header in ("Host $host", "X-Forwarded-For $proxy_add_x_forwarded_for", "X-Forwarded-Proto $scheme"):
        assert f"proxy_set_header {header};" in site
    assert "alias /srv/gka-portal/staticfiles/;" in site
    assert "return 301 https://$host$request_uri;" in site


def unit(name):
    """The unit's sections, and its ExecStart lines in order (a oneshot unit has several)."""
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    text = (DEPLOY / name).read_text()
    parser.read_string(text)
    return parser, [line.removeprefix("ExecStart=") for line in text.splitlines() if line.startswith("ExecStart=")]


def test_the_jobs_unit_runs_the_periodic_commands_that_exist():
    _parser, commands = unit("gka-portal-jobs.service")
    names = [command.split("manage.py ", 1)[1].split()[0] for command in commands]
    assert names == ["purge_contact_requests", "clearsessions", "axes_reset_logs", "prune_db_task_results"]
    assert set(names) <= set(get_commands())
    timer, _ = unit("gka-portal-jobs.timer")
    assert timer["Timer"]["Persistent"] == "true"


def test_the_worker_unit_runs_the_queue_worker_with_the_apps_settings(tmp_path):
    parser, commands = unit("gka-portal-worker.service")
    assert commands == ["/srv/gka-portal/.venv/bin/python manage.py db_worker"]
    assert "db_worker" in get_commands()
    service = parser["Service"]
    assert service["EnvironmentFile"] == "/etc/gka-portal/env"
    assert (service["User"], service["WorkingDirectory"], service["Restart"]) == (
        "gka-portal",
        "/srv/gka-portal",
        "always",
    )
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is not installed (Debian's systemd package)"
    # Only the interpreter changes: systemd-analyze checks that the program exists.
    text = (DEPLOY / "gka-portal-worker.service").read_text()
    unit_file = tmp_path / "gka-portal-worker.service"
    unit_file.write_text(text.replace("/srv/gka-portal/.venv/bin/python", sys.executable))
    result = subprocess.run([analyze, "verify", unit_file], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "" and result.stdout == ""


def test_the_app_unit_starts_gunicorn_with_the_shipped_config():
    parser, commands = unit("gka-portal.service")
    assert commands == ["/srv/gka-portal/.venv/bin/gunicorn --config deploy/gunicorn.conf.py"]
    # A new release starts with no page its predecessor rendered.
    assert parser["Service"]["ExecStartPre"] == "/srv/gka-portal/.venv/bin/python manage.py clear_page_cache"
    assert "clear_page_cache" in get_commands()
    assert parser["Service"]["EnvironmentFile"] == "/etc/gka-portal/env"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PORT": "80a"}, "PORT='80a': give a whole number of at least 1 (default 8000)."),
        ({"WEB_CONCURRENCY": "0"}, "WEB_CONCURRENCY='0': give a whole number of at least 1 (default 2)."),
        ({"PORT": "70000"}, "PORT=70000: a port is at most 65535."),
    ],
)
def test_gunicorn_refuses_a_bad_port_or_worker_count_with_a_clear_message(env, message):
    result = subprocess.run(
        [Path(sys.executable).with_name("gunicorn"), "--check-config", "--config", DEPLOY / "gunicorn.conf.py"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SECRET_KEY": "x", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert message in result.stderr + result.stdout


def test_gunicorn_loads_the_application_with_the_shipped_config():
    result = subprocess.run(
        [Path(sys.executable).with_name("gunicorn"), "--check-config", "--config", DEPLOY / "gunicorn.conf.py"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "gka_portal.settings",
            "DJANGO_SECRET_KEY": "x",
            "DJANGO_DEBUG": "0",
            "PORT": "8123",
            "WEB_CONCURRENCY": "3",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_the_backup_unit_writes_a_nightly_backup_and_keeps_fourteen():
    from portal.management.commands.backup import Command as Backup

    parser, commands = unit("gka-portal-backup.service")
    assert commands == [
        "/srv/gka-portal/.venv/bin/python manage.py backup --output-dir /var/backups/gka-portal --keep 14"
    ]
    options = (
        Backup().create_parser("manage.py", "backup").parse_args(commands[0].split("manage.py backup ")[1].split())
    )
    assert (options.output_dir, options.keep, options.output) == ("/var/backups/gka-portal", 14, None)
    service = parser["Service"]
    # The one folder it writes, made before the sandbox needs it, readable by the portal's user only.
    assert service["ReadWritePaths"] == options.output_dir
    assert service["ExecStartPre"] == f"+/usr/bin/install -d -o gka-portal -g gka-portal -m 0700 {options.output_dir}"
    assert (service["User"], service["UMask"], service["ProtectSystem"]) == ("gka-portal", "0077", "strict")
    assert service["EnvironmentFile"] == "/etc/gka-portal/env"
    timer, _ = unit("gka-portal-backup.timer")
    assert timer["Timer"]["OnCalendar"] == "*-*-* 02:30:00"
    assert timer["Timer"]["Persistent"] == "true"


def test_systemd_accepts_the_backup_units(tmp_path):
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is not installed (Debian's systemd package)"
    # Only the interpreter changes: systemd-analyze checks that the program exists.
    service = (DEPLOY / "gka-portal-backup.service").read_text()
    (tmp_path / "gka-portal-backup.service").write_text(
        service.replace("/srv/gka-portal/.venv/bin/python", sys.executable)
    )
    shutil.copy(DEPLOY / "gka-portal-backup.timer", tmp_path)
    result = subprocess.run(
        [analyze, "verify", tmp_path / "gka-portal-backup.service", tmp_path / "gka-portal-backup.timer"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    # Unknown keys are only warned about: there must be none.
    assert result.stderr == "" and result.stdout == ""
