#!/usr/bin/env bash
# Make sure the PostgreSQL server of the test pass answers at the given URL:
# install it from Debian's packages and start it when needed. Fails loudly
# (exit 1) when it still cannot be reached: the PostgreSQL pass never skips.
set -euo pipefail
url="${1:?usage: ensure-postgres.sh DATABASE_URL}"
here="$(cd "$(dirname "$0")" && pwd)"
python="$here/../.venv/bin/python"

reachable() { "$python" "$here/db_ready.py" "$url" >/dev/null 2>&1; }

if reachable; then exit 0; fi

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "PostgreSQL is not installed; installing it from Debian's packages." >&2
    "$here/apt-install.sh" postgresql
fi

for version in $(ls /etc/postgresql 2>/dev/null); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
done

for _ in $(seq 1 30); do
    if reachable; then exit 0; fi
    sleep 1
done

# A fresh Debian cluster asks for a password on TCP; the test pass expects
# trust for local connections as on the CI machines.
for conf in /etc/postgresql/*/main/pg_hba.conf; do
    [ -f "$conf" ] || continue
    if ! grep -q "gka-portal test access" "$conf"; then
        echo "Allowing trusted local connections for the tests in $conf" >&2
        sed -i '1i # gka-portal test access\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$conf"
        version=$(basename "$(dirname "$(dirname "$conf")")")
        pg_ctlcluster --skip-systemctl-redirect "$version" main reload || true
    fi
done

for _ in $(seq 1 15); do
    if reachable; then exit 0; fi
    sleep 1
done

echo "PostgreSQL is not reachable at $url:" >&2
"$python" "$here/db_ready.py" "$url" >&2 || true
exit 1
