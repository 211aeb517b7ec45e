#!/usr/bin/env bash
# Make sure a Redis server answers at 127.0.0.1:6379 for the tests of the shared cache: install
# Debian's redis-server and start it when needed. Fails loudly (exit 1) when it still cannot be
# reached: those tests never skip.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python="$here/../.venv/bin/python"

reachable() {
    "$python" -c "import redis; redis.Redis(host='127.0.0.1', port=6379, socket_timeout=1).ping()" >/dev/null 2>&1
}

if reachable; then exit 0; fi
if ! command -v redis-server >/dev/null 2>&1; then
    echo "Redis is not installed; installing it from Debian's packages." >&2
    "$here/apt-install.sh" redis-server
fi
mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir "${TMPDIR:-/tmp}" --logfile "${TMPDIR:-/tmp}/gka-redis.log" >/dev/null 2>&1 || true
for _ in $(seq 1 20); do
    if reachable; then exit 0; fi
    sleep 0.5
done
echo "Redis does not answer at 127.0.0.1:6379; the shared-cache tests cannot run." >&2
exit 1
