#!/usr/bin/env bash
# Fills the legacy side for a migration walkthrough: creates the LegacyDocument/LegacyFileAttachment tables in the
# local dynalite and writes COUNT generated legacy documents and their objects (private/{owner}/{documentId}/{file})
# into the local attachments bucket. Same seed, same data. Needs migration-worker built (./mvnw package).
# usage: DYNAMODB_ENDPOINT=http://localhost:PORT S3_ENDPOINT=http://localhost:PORT \
#          deploy/local/legacy-generate.sh COUNT [SEED] [MALFORMED]
# (the endpoints are printed by deploy/local/run.sh when it starts)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
app="$root/migration-worker/target/quarkus-app"
if [ ! -d "$app" ]; then
  echo "build migration-worker first: ./mvnw -B package -DskipTests -pl migration-worker -am" >&2
  exit 1
fi
: "${DYNAMODB_ENDPOINT:?set DYNAMODB_ENDPOINT to the local dynalite (printed by run.sh)}"
: "${S3_ENDPOINT:?set S3_ENDPOINT to the local S3Proxy (printed by run.sh)}"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java_bin" \
  -Dsyncid.dynamodb.endpoint="$DYNAMODB_ENDPOINT" -Dsyncid.s3.endpoint="$S3_ENDPOINT" \
  -Dsyncid.aws.region="${AWS_REGION:-us-east-1}" \
  -Dsyncid.aws.access-key-id="${AWS_ACCESS_KEY_ID:-local}" \
  -Dsyncid.aws.secret-access-key="${AWS_SECRET_ACCESS_KEY:-local-secret}" \
  -Dsyncid.s3.bucket="${SYNCID_S3_BUCKET:-syncid-attachments}" -Dsyncid.s3.path-style=true \
  -cp "$app/app/*:$app/lib/main/*" io.syncid.migration.legacy.LegacyGenerator "$@"
