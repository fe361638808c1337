#!/usr/bin/env bash
# The whole test suite, as CI runs it: every JUnit test (unit, protocol, and the AWS SDK for Java v2 tests against
# an in-process Stratus), then the end-to-end tests with boto3 and the AWS CLI against the built jar.
# Expects JAVA_HOME to point at a JDK 21+ (./stratus test sets it).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

echo "== JUnit (mvn verify) =="
./mvnw -B -ntp verify "$@"

PY=""
for cand in python3 /usr/bin/python3; do
  if command -v "$cand" >/dev/null 2>&1 && "$cand" -c "import boto3, pytest, cryptography" >/dev/null 2>&1; then PY="$cand"; break; fi
done
if [[ -z "$PY" ]]; then
  echo "stratus: no python3 with boto3 and pytest found (install python3-boto3 python3-pytest python3-cryptography)" >&2
  exit 1
fi
command -v aws >/dev/null 2>&1 || { echo "stratus: the AWS CLI (aws) is not installed" >&2; exit 1; }
command -v npm >/dev/null 2>&1 || { echo "stratus: Node.js and npm are not installed (the WebSocket tests use npm's ws)" >&2; exit 1; }

echo "== Node.js clients (npm ci in e2e/node) =="
npm ci --prefix "$ROOT/e2e/node" --no-audit --no-fund --loglevel=error

echo "== end-to-end (pytest: boto3 and the AWS CLI) =="
export STRATUS_JAR="$ROOT/server/target/stratus-all.jar"
exec "$PY" -m pytest -q -p no:cacheprovider "$ROOT/e2e/python"
