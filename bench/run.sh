#!/usr/bin/env bash
# Runs the benchmarks side by side with peers and rewrites docs/benchmarks.md. ./stratus bench sets JAVA_HOME.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v wrk >/dev/null 2>&1 || { echo "bench: needs wrk (apt-get install wrk)" >&2; exit 1; }
PY=python3
if /usr/bin/python3 -c "import matplotlib" >/dev/null 2>&1; then PY=/usr/bin/python3; fi
exec "$PY" "$ROOT/bench/run.py" "$@"
