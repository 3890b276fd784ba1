#!/usr/bin/env bash
# Install (Debian's redis-server) and start a throwaway Redis on loopback, without persistence.
# Usage: .ci/redis.sh [PORT]   -> prints the REDIS_URL to use. Needs root, as in CI.
set -euo pipefail
port="${1:-6379}"
if ! command -v redis-server >/dev/null 2>&1; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi
if ! redis-cli -p "$port" ping >/dev/null 2>&1; then
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes >&2
  for _ in $(seq 1 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
redis-cli -p "$port" flushall >/dev/null
echo "redis://127.0.0.1:$port/0"
