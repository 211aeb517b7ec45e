"""Two-factor login is on wherever DEBUG is off, unless an operator switches it off, and then the deploy check says so.

The setting is read when the settings load, so those tests load them in a
process of their own with the environment they name.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import Tags, run_checks
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
# As `make check-deploy`: production settings with only a key and a host name.
PRODUCTION = {"DJANGO_SECRET_KEY": "check-deploy-" + "k3y" * 20, "DJANGO_ALLOWED_HOSTS": "kennisbank.example"}


def run(args, env):
    base = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "SENTRY_")) and name != "DATABASE_URL"
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "gka_portal.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def require_2fa(**env):
    result = run(["-c", "from django.conf import settings; print(settings.REQUIRE_2FA)"], {**PRODUCTION, **env})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("env", "required"),
    [
        ({}, "True"),
        ({"DJANGO_DEBUG": "0"}, "True"),
        ({"DJANGO_DEBUG": "0", "DJANGO_REQUIRE_2FA": "0"}, "False"),
        ({"DJANGO_DEBUG": "1"}, "False"),
        ({"DJANGO_DEBUG": "1", "DJANGO_REQUIRE_2FA": "1"}, "True"),
    ],
)
def test_two_factor_login_is_required_unless_debug_is_on_or_it_is_switched_off(env, required):
    assert require_2fa(**env) == required


def test_the_deploy_check_passes_with_production_settings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "accounts.W001" not in result.stdout + result.stderr


def test_the_deploy_check_fails_when_an_operator_switches_two_factor_login_off():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], {**PRODUCTION, "DJANGO_REQUIRE_2FA": "0"}
    )

    assert result.returncode != 0
    assert "(accounts.W001) Two-factor login is off (DJANGO_REQUIRE_2FA=0)" in result.stderr
    assert "HINT: Remove DJANGO_REQUIRE_2FA=0" in result.stderr


def deploy_warnings():
    return [message.id for message in run_checks(include_deployment_checks=True, tags=[Tags.security])]


@override_settings(DEBUG=False, REQUIRE_2FA=False)
def test_the_warning_is_a_deploy_check_only():
    assert "accounts.W001" in deploy_warnings()
    assert "accounts.W001" not in [message.id for message in run_checks(tags=[Tags.security])]


@pytest.mark.parametrize("overrides", [{"DEBUG": False, "REQUIRE_2FA": True}, {"DEBUG": True, "REQUIRE_2FA": False}])
def test_no_warning_with_two_factor_login_on_or_on_a_developers_machine(overrides):
    with override_settings(**overrides):
        assert "accounts.W001" not in deploy_warnings()
