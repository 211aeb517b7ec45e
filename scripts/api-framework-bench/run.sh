#!/bin/sh
# Reproduces the API library measurement: ./run.sh [requests] [concurrency] [runs]
# Fresh SQLite database, seed, equality check, gunicorn (1 sync worker, DEBUG off, loopback only),
# then load.py (an `ab -n N -c C` stand-in; ab is not installed here) per URL, interleaved, after a warm-up.
set -eu
cd "$(dirname "$0")"
N=${1:-3000}; C=${2:-4}; RUNS=${3:-3}; PORT=${PORT:-8714}
PY=venv/bin/python
# Its own virtualenv, from the pins beside this script (not the portal's: DRF is here only to compare).
[ -x "$PY" ] || { python3 -m venv venv && venv/bin/pip install --quiet -r requirements.txt; }
OUT=results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"

rm -f db.sqlite3
$PY manage.py migrate -v0
$PY manage.py seed
$PY check.py >"$OUT/check.txt" || { cat "$OUT/check.txt"; exit 1; }

venv/bin/gunicorn bench.wsgi:application --workers 1 --worker-class sync --bind 127.0.0.1:$PORT \
    --log-level warning >"$OUT/gunicorn.log" 2>&1 &
GPID=$!
trap 'kill $GPID 2>/dev/null || true' EXIT INT TERM
for i in $(seq 50); do curl -fs -o /dev/null http://127.0.0.1:$PORT/health/live && break; sleep 0.2; done
WPID=$(pgrep -P $GPID)  # the one worker: its CPU time per request is measured too

BASE=http://127.0.0.1:$PORT
URLS="health=/health/live
plain_list=/plain/interventies/?page=2
ninja_list=/ninja/interventies/?page=2
drf_list=/drf/interventies/?page=2
plain_detail=/plain/interventies/interventie-77/
ninja_detail=/ninja/interventies/interventie-77/
drf_detail=/drf/interventies/interventie-77/"

echo "warm-up"
echo "$URLS" | while IFS== read -r name url; do $PY load.py "$BASE$url" 500 "$C" >/dev/null; done
for run in $(seq "$RUNS"); do
    echo "run $run"
    echo "$URLS" | while IFS== read -r name url; do
        $PY load.py "$BASE$url" "$N" "$C" "$WPID" >"$OUT/$name.$run.json"
    done
done
kill $GPID; wait $GPID 2>/dev/null || true; trap - EXIT INT TERM
$PY summarize.py "$OUT" "$RUNS" | tee "$OUT/summary.md"
