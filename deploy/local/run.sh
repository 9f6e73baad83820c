#!/usr/bin/env bash
# README command 1: builds what is needed, then starts Kafka, dynalite, S3Proxy, PostgreSQL and every built service
# on this machine. Ctrl-C stops everything. Options: --data-dir DIR --partitions N --base-port PORT (see --help).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
if [ "${SYNCID_SKIP_BUILD:-false}" != "true" ]; then
  echo "[syncid-local] building (./mvnw install -DskipTests) ..."
  ./mvnw -B -q install -DskipTests
fi
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
export SYNCID_HOME="$root"
exec "$java_bin" -cp "deploy/local/target/classes:$(cat deploy/local/target/runner.classpath)" \
  io.syncid.local.LocalRunner "$@"
