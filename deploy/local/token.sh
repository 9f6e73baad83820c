#!/usr/bin/env bash
# Prints a token (RS256 JWT, sub = userId) for the local services, signed with deploy/local/dev-keys: a device token,
# or with --operator one in group "operator" (admin APIs of tombstone-service and migration-worker).
# usage: deploy/local/token.sh [--operator] <userId> [ttl-minutes]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
if [ ! -f deploy/local/target/runner.classpath ]; then
  ./mvnw -B -q install -DskipTests -pl deploy/local -am
fi
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
SYNCID_HOME="$root" exec "$java_bin" -cp "deploy/local/target/classes:$(cat deploy/local/target/runner.classpath)" \
  io.syncid.local.DevToken "$@"
