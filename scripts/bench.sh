#!/usr/bin/env bash
# Benchmarks a center and a leaf on this machine with wrk (not part of the test suite).
# Builds, starts both nodes from the shaded jar with fresh data, preloads USERS users, warms up,
# then measures each row REPEAT times and reports the median: one markdown table on stdout and one
# machine-readable `BENCH ...` line per row. See docs/performance.md.
#
# Usage: scripts/bench.sh [--users N] [--duration SECONDS] [--warmup SECONDS] [--repeat N] [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."

users=100000 duration=20 warmup=45 repeat=3 build=true
while [ $# -gt 0 ]; do
  case "$1" in
    --users) users=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --no-build) build=false; shift ;;
    *) echo "usage: $0 [--users N] [--duration S] [--warmup S] [--repeat N] [--no-build]" >&2; exit 2 ;;
  esac
done

# shellcheck source=lib/prereqs.sh
source scripts/lib/prereqs.sh
presence_ensure_prereqs
if ! command -v wrk >/dev/null 2>&1 || ! command -v curl >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq wrk curl >&2; else
    echo "Missing: wrk or curl (sudo apt-get install -y wrk curl)." >&2; exit 1; fi
fi
if [ "$build" = true ]; then
  echo "Building ..." >&2
  mvn -B -q package -DskipTests -Djacoco.skip=true
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/presence-bench.XXXXXX")
jar=presence-service/target/presence-service.jar
export JWT_SECRET
JWT_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
center_port=18080 leaf_port=18090
# The benchmark measures the server, not its per-address limits: one load generator is one address.
export RATE_LIMIT_ENABLED=false
pids=()
stop_nodes() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap stop_nodes EXIT
trap 'exit 130' INT TERM

start_node() { # name config env...
  local name=$1 config=$2; shift 2
  env "$@" java -Xms1g -Xmx1g -jar "$jar" server "$config" > "$work/$name.log" 2>&1 &
  pids+=($!)
}
wait_ready() { # port
  for _ in $(seq 1 240); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/api/v2/presence/probe")" = 404 ]; then return 0; fi
    sleep 0.5
  done
  echo "node on port $1 did not start; see $work" >&2; exit 1
}

echo "Starting a center and a leaf (data in $work) ..." >&2
start_node center config/center.yml PRESENCE_PORT=$center_port PRESENCE_ADMIN_PORT=18081 \
  NATS_DATA_DIR="$work/center" NATS_CLIENT_PORT=14222 NATS_MONITOR_PORT=18222 NATS_LEAFNODE_PORT=17422
wait_ready $center_port
start_node leaf config/leaf.yml NODE_ID=bench-leaf PRESENCE_PORT=$leaf_port PRESENCE_ADMIN_PORT=18091 \
  NATS_DATA_DIR="$work/leaf" NATS_CLIENT_PORT=14232 NATS_MONITOR_PORT=18232 HUB_URL=nats-leaf://127.0.0.1:17422
wait_ready $leaf_port
center_pid=${pids[0]}

TOKEN=$(java -jar "$jar" token --subject bench --scope presence:admin --ttl 12h 2>/dev/null | tail -n 1)
export TOKEN USERS=$users THREADS=2
entries() { curl -s "http://127.0.0.1:$1/healthcheck" | grep -o 'holds [0-9]*' | grep -o '[0-9]*' || echo 0; }

echo "Preloading $users users ..." >&2
while [ "$(entries 18081)" -lt "$users" ]; do
  SEQUENTIAL=1 wrk -t2 -c16 -d"$(( users / 4000 + 5 ))"s -s scripts/bench/put-random.lua \
    "http://127.0.0.1:$center_port" > /dev/null
done
until [ "$(entries 18091)" -ge "$users" ]; do sleep 1; done

run_wrk() { # script connections url [env...]
  local script=$1 conns=$2 url=$3; shift 3
  cat "scripts/bench/$script" scripts/bench/report.lua > "$work/row.lua"
  env "$@" wrk -t2 -c"$conns" -d"${duration}"s --timeout 10s -s "$work/row.lua" "$url" | grep '^RESULT'
}

echo "Warming up for ${warmup}s ..." >&2
cat scripts/bench/get-random.lua scripts/bench/report.lua > "$work/warm.lua"
wrk -t2 -c64 -d"${warmup}"s -s "$work/warm.lua" "http://127.0.0.1:$center_port" > /dev/null
wrk -t2 -c64 -d"$(( warmup / 3 ))"s -s "$work/warm.lua" "http://127.0.0.1:$leaf_port" > /dev/null

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
field() { grep -o "$1=[0-9]*" | cut -d= -f2; }

echo "| row | req/s | p50 ms | p99 ms | max ms | errors | non-2xx | load avg |"
echo "|---|---|---|---|---|---|---|---|"
row() { # name script connections url [env...]
  local name=$1; shift
  local results=""
  for _ in $(seq 1 "$repeat"); do results+="$(run_wrk "$@")"$'\n'; done
  local rps p50 p99 max errors non2xx load
  rps=$(echo -n "$results" | field rps | median)
  p50=$(echo -n "$results" | field p50_us | median)
  p99=$(echo -n "$results" | field p99_us | median)
  max=$(echo -n "$results" | field max_us | median)
  errors=$(echo -n "$results" | field errors | sort -n | tail -1)
  non2xx=$(echo -n "$results" | field non2xx | sort -n | tail -1)
  load=$(cut -d' ' -f1 /proc/loadavg)
  awk -v n="$name" -v r="$rps" -v a="$p50" -v b="$p99" -v m="$max" -v e="$errors" -v x="$non2xx" -v l="$load" \
    'BEGIN { printf "| %s | %s | %.2f | %.2f | %.1f | %s | %s | %s |\n", n, r, a / 1000, b / 1000, m / 1000, e, x, l }'
  echo "BENCH row=\"$name\" rps=$rps p50_us=$p50 p99_us=$p99 max_us=$max errors=$errors non2xx=$non2xx load=$load users=$users" >&2
}

center="http://127.0.0.1:$center_port"
row "cached GET, 64 conns" get-random.lua 64 "$center"
row "cached GET, 256 conns" get-random.lua 256 "$center"
row "multi-get 100 ids, 64 conns" multiget-random.lua 64 "$center" IDS=100
row "batch POST 100 ids, 64 conns" batch-random.lua 64 "$center" IDS=100
row "durable PUT, 16 conns" put-random.lua 16 "$center"
row "durable PUT, 64 conns" put-random.lua 64 "$center"
row "leaf cached GET, 64 conns" get-random.lua 64 "http://127.0.0.1:$leaf_port"

jcmd "$center_pid" GC.run > /dev/null 2>&1 || true
heap=$(jcmd "$center_pid" GC.heap_info 2>/dev/null \
  | grep -o 'used [0-9]*K' | head -1 | grep -o '[0-9]*')
echo
echo "Center heap after a full GC with $users users: $(( ${heap:-0} / 1024 )) MB (load avg $(cut -d' ' -f1 /proc/loadavg))"
echo "BENCH row=\"heap after full GC\" used_mb=$(( ${heap:-0} / 1024 )) users=$users" >&2
