#!/usr/bin/env bash
# Builds Presence and starts one center node with embedded NATS in the foreground (Ctrl-C stops it).
# Data lives in ./nats-data; the dev JWT secret in ./.presence/jwt-secret, the leafnode password leaves
# present in ./.presence/leafnode-password, and ./.presence/dev.env (mode 600) holds both with a ready token
# for new terminals (all outside git).
#
# Usage: scripts/quickstart.sh [--no-build]   (--no-build: use the jar already in presence-service/target)
set -euo pipefail
cd "$(dirname "$0")/.."

build=true
case "${1:-}" in
  "") ;;
  --no-build) build=false ;;
  *) echo "usage: $0 [--no-build]" >&2; exit 2 ;;
esac

# shellcheck source=lib/prereqs.sh
source scripts/lib/prereqs.sh
# shellcheck source=lib/devenv.sh
source scripts/lib/devenv.sh
presence_ensure_prereqs

jar=presence-service/target/presence-service.jar
if [ "$build" = true ]; then
  echo "Building (tests skipped; scripts/test.sh runs them) ..." >&2
  mvn -B -q package -DskipTests -Djacoco.skip=true
elif [ ! -s "$jar" ]; then
  echo "$jar is missing: run without --no-build." >&2
  exit 1
fi

port=${PRESENCE_PORT:-8080}
admin_port=${PRESENCE_ADMIN_PORT:-8081}
presence_dev_env "$jar" "http://localhost:${port}" "http://localhost:${admin_port}"

cat <<MSG

Presence center node starting on http://localhost:${port} (admin: http://localhost:${admin_port}).
When it says "Started", try from another terminal (.presence/dev.env sets JWT_SECRET, an admin TOKEN
and the URLs for curl and bin/presence):

  . .presence/dev.env
  curl -s -X PUT http://localhost:${port}/api/v2/presence/alice \\
       -H "Authorization: Bearer \$TOKEN" \\
       -H 'Content-Type: application/json' \\
       -d '{"status":"online","message":"hello","ttlSeconds":300}'
  curl -s http://localhost:${port}/api/v2/presence/alice
  bin/presence get alice

More tokens (after . .presence/dev.env): java -jar ${jar} token --subject bob [--scope presence:admin] [--ttl 1h] config/center.yml
A leaf of this center, from another terminal (dev.env also sets the leafnode credentials it asks for):
  . .presence/dev.env && NODE_ID=leaf-1 PRESENCE_PORT=8090 PRESENCE_ADMIN_PORT=8091 NATS_CLIENT_PORT=4232 \
    NATS_MONITOR_PORT=8232 NATS_DATA_DIR=./nats-data-leaf java @config/jvm.options -jar ${jar} server config/leaf.yml

MSG

# config/jvm.options: the JVM flags every launch gets (a java argument file; see its comments).
exec java @config/jvm.options -jar "$jar" server config/center.yml
