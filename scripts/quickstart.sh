#!/usr/bin/env bash
# Builds Presence and starts one center node with embedded NATS in the foreground (Ctrl-C stops it).
# Data lives in ./nats-data; the dev JWT secret in ./.presence/jwt-secret (both outside git).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/prereqs.sh
source scripts/lib/prereqs.sh
presence_ensure_prereqs

echo "Building (tests skipped; scripts/test.sh runs them) ..." >&2
mvn -B -q package -DskipTests -Djacoco.skip=true

if [ -z "${JWT_SECRET:-}" ]; then
  mkdir -p .presence
  if [ ! -s .presence/jwt-secret ]; then
    (umask 077 && head -c 48 /dev/urandom | base64 | tr -d '\n' > .presence/jwt-secret)
    echo "Created a development JWT secret in .presence/jwt-secret" >&2
  fi
  JWT_SECRET=$(cat .presence/jwt-secret)
  export JWT_SECRET
fi

jar=presence-service/target/presence-service.jar
token=$(java -jar "$jar" token --subject alice --ttl 12h config/center.yml 2>/dev/null | tail -n 1)
port=${PRESENCE_PORT:-8080}

cat <<MSG

Presence center node starting on http://localhost:${port} (admin: http://localhost:${PRESENCE_ADMIN_PORT:-8081}).
When it says "Started", try from another terminal:

  curl -s -X PUT http://localhost:${port}/api/v2/presence/alice \\
       -H "Authorization: Bearer ${token}" \\
       -H 'Content-Type: application/json' \\
       -d '{"status":"online","message":"hello","ttlSeconds":300}'

  curl -s http://localhost:${port}/api/v2/presence/alice

More tokens: java -jar ${jar} token --subject bob [--scope presence:admin] [--ttl 1h] config/center.yml

MSG

exec java -jar "$jar" server config/center.yml
