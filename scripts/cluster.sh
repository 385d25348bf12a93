#!/usr/bin/env bash
# Builds Presence and starts hub and spoke on this machine: a replicated center of three nodes
# (config/center.yml with CLUSTER_ROUTES: their embedded nats-servers form one NATS cluster, the
# bucket on three replicas) and two leaves (config/leaf.yml) linked to all three centers, each node
# with its own embedded nats-server, all in the background. Prints the API URLs and a PUT/GET to try,
# then waits; Ctrl-C (or any exit) stops all five.
#
# Usage: scripts/cluster.sh [--no-build]   (--no-build: use the jar already in presence-service/target)
# Data and logs live in ./cluster-data (CLUSTER_DATA_DIR overrides it); the dev JWT secret in
# ./.presence/jwt-secret, as for scripts/quickstart.sh (JWT_SECRET overrides it).
set -euo pipefail
cd "$(dirname "$0")/.."

build=true
case "${1:-}" in
  "") ;;
  --no-build) build=false ;;
  *) echo "usage: $0 [--no-build]" >&2; exit 2 ;;
esac

# Ports: center-N uses each base port + N - 1 (center-1: API 8080, admin 8081, NATS 4222, monitor 8222,
# leafnodes 7422, routes 6222; center-2: 8082, 8083, 4223, 8223, 7423, 6223; ...). Leaves as listed.
# Each base may be overridden from the environment.
api_base=${CENTER_PORT:-8080} nats_base=${CENTER_NATS_PORT:-4222} monitor_base=${CENTER_MONITOR_PORT:-8222}
leafnode_base=${CENTER_LEAFNODE_PORT:-7422} route_base=${CENTER_ROUTE_PORT:-6222}
centers=3
leaf1_port=${LEAF1_PORT:-8090} leaf1_admin=${LEAF1_ADMIN_PORT:-8091}
leaf1_nats=${LEAF1_NATS_PORT:-4232} leaf1_monitor=${LEAF1_MONITOR_PORT:-8232}
leaf2_port=${LEAF2_PORT:-8100} leaf2_admin=${LEAF2_ADMIN_PORT:-8101}
leaf2_nats=${LEAF2_NATS_PORT:-4242} leaf2_monitor=${LEAF2_MONITOR_PORT:-8242}
start_timeout=${CLUSTER_START_TIMEOUT:-120}   # seconds each node may take to become healthy
stop_timeout=30                               # seconds each node may take to stop (SIGTERM, then SIGKILL)

# shellcheck source=lib/prereqs.sh
source scripts/lib/prereqs.sh
# shellcheck source=lib/devenv.sh
source scripts/lib/devenv.sh
presence_ensure_prereqs
if ! command -v curl >/dev/null 2>&1; then
  echo "Missing: curl. Install it (sudo apt-get install -y curl) and run this again." >&2
  exit 1
fi

center_ports=()
routes=() hub_urls=()
for ((n = 0; n < centers; n++)); do
  center_ports+=($((api_base + 2 * n)) $((api_base + 2 * n + 1)) $((nats_base + n)) $((monitor_base + n))
                 $((leafnode_base + n)) $((route_base + n)))
  routes+=("nats-route://127.0.0.1:$((route_base + n))")
  hub_urls+=("nats-leaf://127.0.0.1:$((leafnode_base + n))")
done
# The lists as the configs take them from the environment: "a, b, c".
cluster_routes=$(IFS=,; echo "${routes[*]}" | sed 's/,/, /g')
leaf_hub_urls=$(IFS=,; echo "${hub_urls[*]}" | sed 's/,/, /g')
for port in "${center_ports[@]}" \
            "$leaf1_port" "$leaf1_admin" "$leaf1_nats" "$leaf1_monitor" \
            "$leaf2_port" "$leaf2_admin" "$leaf2_nats" "$leaf2_monitor"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "Port $port is already in use (another Presence node or nats-server?). Stop it, or move this" \
         "cluster with e.g. CENTER_PORT=... (see the port variables at the top of $0)." >&2
    exit 1
  fi
done

if [ "$build" = true ]; then
  echo "Building (tests skipped; scripts/test.sh runs them) ..." >&2
  mvn -B -q package -DskipTests -Djacoco.skip=true
fi
if [ ! -s presence-service/target/presence-service.jar ]; then
  echo "presence-service/target/presence-service.jar is missing: run without --no-build." >&2
  exit 1
fi

# Every node of one deployment shares the secret, so a token works on any node.
presence_dev_env presence-service/target/presence-service.jar "http://localhost:${leaf1_port}" \
  "http://localhost:${leaf1_admin}"

data=${CLUSTER_DATA_DIR:-./cluster-data}
mkdir -p "$data"
data=$(cd "$data" && pwd)
# The nodes run a copy, so a rebuild while the cluster runs does not pull the jar from under them.
jar="$data/presence-service.jar"
cp presence-service/target/presence-service.jar "$jar"

names=()
pids=()

# Stops the nodes in reverse start order (leaves, then the centers): SIGTERM makes each JVM stop
# gracefully, which stops its nats-server child; SIGKILL only after stop_timeout seconds.
stop_all() {
  local i pid name waited
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    pid=${pids[i]} name=${names[i]}
    kill -0 "$pid" 2>/dev/null || continue
    echo "Stopping $name (pid $pid) ..." >&2
    kill -TERM "$pid" 2>/dev/null || true
    waited=0
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt $((stop_timeout * 10)) ]; do
      sleep 0.1
      waited=$((waited + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "$name did not stop within ${stop_timeout}s: killing it (its nats-server is stopped on the next start)." >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
  pids=()
  names=()
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Each node runs in its own session, so a Ctrl-C in the terminal reaches only this script (which then
# stops the nodes in order), not the JVMs and their nats-server children directly.
launcher=()
if command -v setsid >/dev/null 2>&1; then launcher=(setsid); fi

# start_node NAME CONFIG API_PORT ADMIN_PORT NATS_PORT MONITOR_PORT [LEAFNODE_PORT ROUTE_PORT]: starts one
# node in the background, with the JVM flags of config/jvm.options (a java argument file). Centers get
# the cluster's routes and three replicas; leaves every center's leafnode URL.
start_node() {
  local name=$1 config=$2
  mkdir -p "$data/$name"
  NODE_ID=$name PRESENCE_PORT=$3 PRESENCE_ADMIN_PORT=$4 NATS_CLIENT_PORT=$5 NATS_MONITOR_PORT=$6 \
    NATS_DATA_DIR="$data/$name/nats-data" NATS_LEAFNODE_PORT=${7:-7422} NATS_LEAFNODE_HOST=127.0.0.1 \
    CLUSTER_PORT=${8:-6222} CLUSTER_ROUTES="$cluster_routes" KV_REPLICAS=$centers HUB_URLS="$leaf_hub_urls" \
    "${launcher[@]}" java @config/jvm.options -jar "$jar" server "$config" </dev/null >"$data/$name.log" 2>&1 &
  names+=("$name")
  pids+=("$!")
  echo "Starting $name (pid $!, log $data/$name.log) ..." >&2
}

# wait_ready NAME ADMIN_PORT: waits until the started node NAME reports healthy on its admin port.
wait_ready() {
  local name=$1 admin=$2 pid="" i deadline=$((SECONDS + start_timeout))
  for i in "${!names[@]}"; do
    if [ "${names[i]}" = "$name" ]; then pid=${pids[i]}; fi
  done
  until curl -sf -o /dev/null "http://127.0.0.1:$admin/healthcheck"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$name stopped while starting. End of $data/$name.log:" >&2
      tail -n 40 "$data/$name.log" >&2
      exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "$name is not healthy after ${start_timeout}s: $(curl -s "http://127.0.0.1:$admin/healthcheck" || true)" >&2
      echo "End of $data/$name.log:" >&2
      tail -n 40 "$data/$name.log" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "$name is up." >&2
}

# The centers start together: each waits until enough of the others are up to place the bucket's replicas.
for ((n = 0; n < centers; n++)); do
  start_node "center-$((n + 1))" config/center.yml $((api_base + 2 * n)) $((api_base + 2 * n + 1)) \
    $((nats_base + n)) $((monitor_base + n)) $((leafnode_base + n)) $((route_base + n))
done
for ((n = 0; n < centers; n++)); do
  wait_ready "center-$((n + 1))" $((api_base + 2 * n + 1))
done
start_node leaf-1 config/leaf.yml "$leaf1_port" "$leaf1_admin" "$leaf1_nats" "$leaf1_monitor"
start_node leaf-2 config/leaf.yml "$leaf2_port" "$leaf2_admin" "$leaf2_nats" "$leaf2_monitor"
wait_ready leaf-1 "$leaf1_admin"
wait_ready leaf-2 "$leaf2_admin"


cat <<MSG

Presence hub and spoke is running (data and logs in $data):

  center-1  http://localhost:${api_base}  (admin http://localhost:$((api_base + 1)))
  center-2  http://localhost:$((api_base + 2))  (admin http://localhost:$((api_base + 3)))
  center-3  http://localhost:$((api_base + 4))  (admin http://localhost:$((api_base + 5)))
            one NATS cluster (routes on 127.0.0.1:${route_base}-$((route_base + centers - 1))), the bucket on ${centers} replicas
  leaf-1    http://localhost:${leaf1_port}  (admin http://localhost:${leaf1_admin}), linked to every center
  leaf-2    http://localhost:${leaf2_port}  (admin http://localhost:${leaf2_admin}), linked to every center

Write on leaf-1 (it goes through to the center), from any terminal (.presence/dev.env sets
JWT_SECRET, an admin TOKEN and the URLs for curl and bin/presence):

  . .presence/dev.env
  curl -s -X PUT http://localhost:${leaf1_port}/api/v2/presence/alice \\
       -H "Authorization: Bearer \$TOKEN" \\
       -H 'Content-Type: application/json' \\
       -d '{"status":"online","message":"hello from leaf-1","ttlSeconds":300}'

Read it on leaf-2 (from its mirror) and on the centers:

  curl -s http://localhost:${leaf2_port}/api/v2/presence/alice
  curl -s http://localhost:$((api_base + 4))/api/v2/presence/alice

More tokens (valid on every node; after . .presence/dev.env): java -jar ${jar} token --subject bob [--scope presence:admin] [--ttl 1h] config/center.yml
Health: bin/presence health --admin-url http://localhost:$((api_base + 1)) (centers add cluster: stream
leader, replicas, meta leader; leaves add hub-link)

Ctrl-C stops all five.
MSG

# Wait until Ctrl-C (the trap stops the nodes). A node that stops by itself is reported and the
# others keep running: losing one center is what a replicated center is for (try kill -9 on one).
reported=()
while :; do
  wait -n || true
  alive=0
  for i in "${!pids[@]}"; do
    if kill -0 "${pids[i]}" 2>/dev/null; then
      alive=$((alive + 1))
    elif [[ " ${reported[*]} " != *" ${names[i]} "* ]]; then
      reported+=("${names[i]}")
      echo "${names[i]} stopped; the others keep running. End of $data/${names[i]}.log:" >&2
      tail -n 20 "$data/${names[i]}.log" >&2
    fi
  done
  if [ "$alive" -eq 0 ]; then
    echo "Every node has stopped." >&2
    exit 1
  fi
done
