#!/usr/bin/env bash
# Prints a device token (RS256 JWT, sub = userId) for the local gateway, signed with deploy/local/dev-keys.
# usage: deploy/local/token.sh <userId> [ttl-minutes]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
if [ ! -f deploy/local/target/runner.classpath ]; then
  ./mvnw -B -q install -DskipTests -pl deploy/local -am
fi
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
SYNCID_HOME="$root" exec "$java_bin" -cp "deploy/local/target/classes:$(cat deploy/local/target/runner.classpath)" \
  io.syncid.local.DevToken "$@"
