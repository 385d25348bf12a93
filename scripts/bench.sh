#!/usr/bin/env bash
# Benchmarks a center and a leaf on this machine with wrk (not part of the test suite).
# Builds, starts a center from the shaded jar with fresh data (and a leaf for the leaf row only),
# preloads USERS users, warms up each row group, then measures each row REPEAT times and reports the
# median: one markdown table on stdout and one machine-readable `BENCH ...` line per row on stderr. A raw Jetty server (RawJettyReference, built by
# the jmh profile) is measured in the same run as the reference for cached GET and, with the paced
# rows, for the paced tails. See docs/performance.md.
#
# Usage: scripts/bench.sh [--users N] [--duration SECONDS] [--warmup SECONDS] [--warmup-max SECONDS]
#                         [--repeat N] [--rows get,raw,paced,multiget,batch,put,sessions,memory,leaf,heap,streams,startup]
#                         [--streams N] [--streams-over http1|h2c] [--replicas 1|3] [--jvm-options FILE] [--no-build]
# --replicas 3 runs the center as a replicated hub of three (all on this machine, with the bucket on three
# replicas) and measures through center-1, for the R3 against R1 rows of docs/performance.md.
# --streams-over h2c gives the center an h2c connector (HTTP/1.1 and HTTP/2 on one port) and opens the streams
# row's clients as HTTP/2 streams, 1,000 per connection, as a proxy in front of the node would (StreamSwarmH2).
# Without it the row runs over HTTP/1.1 (a descriptor per stream) when the descriptor limit allows, else over h2c.
set -euo pipefail
cd "$(dirname "$0")/.."

all_rows=get,raw,paced,multiget,batch,put,sessions,memory,leaf,heap,streams,startup
users=100000 duration=20 warmup=45 warmup_max=300 repeat=3 build=true rows=$all_rows jvm_options=config/jvm.options
streams=100000 streams_over=auto
usage() {
  echo "usage: $0 [--users N] [--duration S] [--warmup S] [--warmup-max S] [--repeat N] [--rows $all_rows] [--streams N] [--streams-over http1|h2c] [--replicas 1|3] [--jvm-options FILE] [--no-build]" >&2
  exit 2
}
while [ $# -gt 0 ]; do
  case "$1" in
    --users) users=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --warmup-max) warmup_max=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --rows) rows=$2; shift 2 ;;
    --replicas) replicas=$2; shift 2 ;;
    --jvm-options) jvm_options=$2; shift 2 ;;
    --streams) streams=$2; shift 2 ;;
    --streams-over) streams_over=$2; shift 2 ;;
    --no-build) build=false; shift ;;
    *) usage ;;
  esac
done
for group in ${rows//,/ }; do
  [[ ",$all_rows," == *",$group,"* ]] || { echo "unknown row group '$group'" >&2; usage; }
done
wanted() { [[ ",$rows," == *",$1,"* ]]; }
case "${replicas:=1}" in 1|3) ;; *) usage ;; esac
case "$streams_over" in auto|http1|h2c) ;; *) usage ;; esac

# shellcheck source=lib/prereqs.sh
source scripts/lib/prereqs.sh
presence_ensure_prereqs
if ! command -v wrk >/dev/null 2>&1 || ! command -v curl >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq wrk curl >&2; else
    echo "Missing: wrk or curl (sudo apt-get install -y wrk curl)." >&2; exit 1; fi
fi

center_port=18080 leaf_port=18090 raw_port=18099
ports=(18080 18081 18090 18091 18099 14222 18222 17422 14232 18232)
cluster_env=()
if [ "$replicas" = 3 ]; then
  ports+=(18082 18083 18084 18085 14223 14224 18223 18224 17423 17424 16222 16223 16224)
  cluster_env=(KV_REPLICAS=3
    "CLUSTER_ROUTES=nats-route://127.0.0.1:16222, nats-route://127.0.0.1:16223, nats-route://127.0.0.1:16224")
fi
for port in "${ports[@]}"; do
  if ss -Hltn "sport = :$port" | grep -q .; then
    echo "Port $port is in use (another bench run? pgrep -af presence-bench); the suite needs ${ports[*]}." >&2
    exit 1
  fi
done

if [ "$build" = true ]; then
  echo "Building ..." >&2
  # The jmh profile also compiles presence-service/src/jmh/java (RawJettyReference) into test-classes.
  mvn -B -q -Pjmh package -DskipTests -Djacoco.skip=true >&2
fi
jar=presence-service/target/presence-service.jar
bench_classes=presence-service/target/test-classes
# The references and load generators the rows run are compiled by the jmh profile; a build without it (the test
# suite's) leaves them out, and a row would only find that out after the preload.
for wanted_class in raw:RawJettyReference put:JnatsPutReference streams:StreamSwarm; do
  if wanted "${wanted_class%%:*}" \
      && [ ! -f "$bench_classes/io/presence/service/bench/${wanted_class#*:}.class" ]; then
    echo "No ${wanted_class#*:} in $bench_classes: run without --no-build (or mvn -Pjmh package -DskipTests)." >&2
    exit 1
  fi
done

# The raw reference gets the service's thread pool: server.maxThreads/minThreads of config/center.yml
# (a ${VAR:-n} value counts as VAR, else n), else Dropwizard's defaults.
server_setting() { # key default
  local value name
  value=$(awk -v key="$1" '/^[^[:space:]#]/ { server = ($0 ~ /^server:/) }
    server && $0 ~ "^  " key ":" { sub("^  " key ":[[:space:]]*", ""); sub("[[:space:]]+#.*", ""); print; exit }' \
    config/center.yml)
  if [[ "$value" =~ ^\$\{([A-Za-z_][A-Za-z0-9_]*):-([0-9]+)\}$ ]]; then
    name=${BASH_REMATCH[1]}
    value=${!name:-${BASH_REMATCH[2]}}
  fi
  [[ "$value" =~ ^[0-9]+$ ]] && echo "$value" || echo "$2"
}
raw_max_threads=$(server_setting maxThreads 1024)
raw_min_threads=$(server_setting minThreads 8)

work=$(mktemp -d "${TMPDIR:-/tmp}/presence-bench.XXXXXX")
logs=target/bench-logs
rm -rf "$logs"
echo "Node logs go to $logs/ when the run ends" >&2
export JWT_SECRET LEAFNODE_USER=bench-leaf LEAFNODE_PASSWORD
JWT_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
# The leaf row's link: a center takes leaves only when it asks them for credentials.
LEAFNODE_PASSWORD=$(head -c 32 /dev/urandom | base64 | tr -d '\n/+=')
# The benchmark measures the server, not its per-address limits: one load generator is one address.
export RATE_LIMIT_ENABLED=false
pids=() raw_pid="" preload_pid=""
stop_nodes() {
  if [ -n "$preload_pid" ]; then kill -INT "$preload_pid" 2>/dev/null || true; fi
  if [ -n "$raw_pid" ]; then kill -TERM "$raw_pid" 2>/dev/null || true; wait "$raw_pid" 2>/dev/null || true; fi
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  # The nodes' logs outlive the run, for rows that report errors.
  mkdir -p "$logs" && cp "$work"/*.log "$logs"/ 2>/dev/null || true
  rm -rf "$work"
}
trap stop_nodes EXIT
trap 'exit 130' INT TERM

# The streams row needs a node that admits that many streams, and a descriptor for each (the node and the
# load generator are separate processes, each with its own limit: the soft limit is raised to the hard one).
node_args=()
if wanted streams; then
  node_args=(-Ddw.stream.maxStreams=$(( streams + 1000 )) -Xmx2g)
  if [ "$streams_over" != h2c ]; then
    ulimit -n "$(ulimit -Hn)"
    if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $(( streams + 1000 )) ]; then
      if [ "$streams_over" = http1 ]; then
        echo "The streams row needs $(( streams + 1000 )) file descriptors per process; the hard limit here is" \
          "$(ulimit -Hn) (raise it, e.g. LimitNOFILE in a unit, use --streams $(( $(ulimit -Hn) - 1000 )), or --streams-over h2c)." >&2
        exit 1
      fi
      echo "The descriptor limit here ($(ulimit -Hn)) is too low for $streams HTTP/1.1 streams: the streams row" \
        "runs over h2c (--streams-over http1 to insist)." >&2
      streams_over=h2c
    else
      streams_over=http1
    fi
  fi
  if [ "$streams_over" = h2c ]; then
    # 1,000 streams per connection: a few hundred descriptors whatever --streams is.
    node_args+=(-Ddw.server.applicationConnectors[0].type=h2c -Ddw.server.applicationConnectors[0].maxConcurrentStreams=1000)
  fi
fi
start_node() { # name config env...
  local name=$1 config=$2; shift 2
  # The recommended launch: the JVM flags every launch reads (docs/operations.md, "Sizing"), unless
  # --jvm-options names other flags to compare.
  env "$@" java "@$jvm_options" "${node_args[@]}" -jar "$jar" server "$config" > "$work/$name.log" 2>&1 &
  pids+=($!)
}
wait_http() { # url status what
  for _ in $(seq 1 240); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" = "$2" ]; then return 0; fi
    sleep 0.5
  done
  echo "$3 did not start; see $work" >&2; exit 1
}
wait_ready() { wait_http "http://127.0.0.1:$1/api/v2/presence/probe" 404 "node on port $1"; }

echo "Starting a center (data in $work, bucket replicas $replicas) ..." >&2
start_node center config/center.yml PRESENCE_PORT=$center_port PRESENCE_ADMIN_PORT=18081 \
  NATS_DATA_DIR="$work/center" NATS_CLIENT_PORT=14222 NATS_MONITOR_PORT=18222 NATS_LEAFNODE_PORT=17422 \
  CLUSTER_PORT=16222 "${cluster_env[@]}"
center_pid=${pids[0]}
if [ "$replicas" = 3 ]; then
  for n in 2 3; do
    start_node "center-$n" config/center.yml NODE_ID=center-$n PRESENCE_PORT=$((18080 + 2 * (n - 1))) \
      PRESENCE_ADMIN_PORT=$((18081 + 2 * (n - 1))) NATS_DATA_DIR="$work/center-$n" NATS_CLIENT_PORT=$((14221 + n)) \
      NATS_MONITOR_PORT=$((18221 + n)) NATS_LEAFNODE_PORT=$((17421 + n)) CLUSTER_PORT=$((16221 + n)) "${cluster_env[@]}"
  done
  wait_ready 18082
  wait_ready 18084
fi
wait_ready $center_port

TOKEN=$(java -jar "$jar" token --subject bench --scope presence:admin --ttl 12h 2>/dev/null | tail -n 1)
threads=2
export TOKEN USERS=$users THREADS=$threads
entries() { curl -s "http://127.0.0.1:$1/healthcheck" | grep -o 'holds [0-9]*' | grep -o '[0-9]*' || echo 0; }

lua() { # name scripts: concatenates seed.lua, scripts/bench/A+B+... and report.lua into $work/name.lua
  local file="$work/$1.lua" script
  cat scripts/bench/seed.lua > "$file"
  for script in ${2//+/ }; do cat "scripts/bench/$script" >> "$file"; done
  cat scripts/bench/report.lua >> "$file"
  echo "$file"
}

echo "Preloading $users users ..." >&2
# One wrk thread writes the users in order (16 in flight), so a pass that ends early (a slow machine)
# leaves no holes below what the bucket holds and the next pass resumes just before that point. A pass
# lasts long enough for what is left at 1k writes/s, and is stopped as soon as the center holds every
# user, or once it has made no progress for 5 s; a pass that made no progress at all starts over from 0.
held=-1
while [ "$(entries 18081)" -lt "$users" ]; do
  now=$(entries 18081)
  start=$(( now == held ? 0 : (now > 1000 ? now - 1000 : 0) ))
  held=$now
  START=$start THREADS=1 SEQUENTIAL=1 wrk -t1 -c16 -d"$(( (users - start) / 1000 + 5 ))"s \
    -s "$(lua preload put-random.lua)" "http://127.0.0.1:$center_port" > /dev/null &
  preload_pid=$!
  last=-1 still=0
  while kill -0 "$preload_pid" 2>/dev/null && [ "$(entries 18081)" -lt "$users" ] && [ "$still" -lt 5 ]; do
    sleep 1
    now=$(entries 18081)
    if [ "$now" = "$last" ]; then still=$(( still + 1 )); else still=0 last=$now; fi
  done
  kill -INT "$preload_pid" 2>/dev/null || true
  wait "$preload_pid" || true
  preload_pid=""
done

run_wrk() { # scripts connections url [env...]
  local scripts=$1 conns=$2 url=$3; shift 3
  env "$@" wrk -t$threads -c"$conns" -d"${duration}"s --timeout 10s -s "$(lua row "$scripts")" "$url" | grep '^RESULT'
}

# The JIT compiles a kind of request only once it runs hot, and on 2 cores shared with the load C2 needs
# 60-90 s of a new kind (PUT, multi-get) to finish: measured sooner, a row reports a half-compiled server
# (PUT: 3k instead of 7k req/s, docs/performance.md). So each row group first runs its own load in 15 s
# windows, at least MIN seconds, until the node's C2 compiler threads used under 3% of a core in the
# last window, or for --warmup-max seconds at most. (At 10%, PUT was measured while C2 still had work:
# the next windows compiled on and PUT went up a further 5%.)
c2_ticks() { # pid: CPU clock ticks its C2 compiler threads have used
  local total=0 task
  for task in /proc/"$1"/task/*; do
    if [[ "$(cat "$task/comm" 2>/dev/null)" == "C2 Compiler"* ]]; then
      total=$(( total + $(awk '{ print $14 + $15 }' "$task/stat" 2>/dev/null || echo 0) ))
    fi
  done
  echo "$total"
}
settle() { # group min_seconds scripts url pid [env...]
  local group=$1 min=$2 scripts=$3 url=$4 pid=$5; shift 5
  wanted "$group" || return 0
  local waited=0 before after busy hz
  hz=$(getconf CLK_TCK)
  echo "Warming up $group (at least ${min}s, until the JIT is done) ..." >&2
  while :; do
    before=$(c2_ticks "$pid")
    env "$@" wrk -t$threads -c64 -d15s --timeout 10s -s "$(lua warm "$scripts")" "$url" > /dev/null
    after=$(c2_ticks "$pid")
    waited=$(( waited + 15 ))
    busy=$(( (after - before) * 100 / (15 * hz) ))
    if { [ "$waited" -ge "$min" ] && [ "$busy" -lt 3 ]; } || [ "$waited" -ge "$warmup_max" ]; then break; fi
  done
  local note="C2 compiler threads: ${busy}% of a core in the last 15 s"
  if [ "$busy" -ge 3 ]; then note="--warmup-max reached while the JIT was still compiling; $note"; fi
  echo "Warmed up $group for ${waited}s ($note)" >&2
  echo "BENCH warmup=\"$group\" seconds=$waited c2_percent_of_core=$busy" >&2
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
field() { grep -o "$1=[0-9]*" | cut -d= -f2; }

echo "| row | req/s | p50 ms | p99 ms | max ms | errors | non-2xx | server CPU µs/req | load avg |"
echo "|---|---|---|---|---|---|---|---|---|"
# The server's CPU per request: the CPU time (user + system) of the processes in cpu_pids (the node and
# its nats-server child; for a leaf's writes the hub's too) over a row's runs, divided by its requests.
cpu_pids=()
cpu_ticks() { # pids...: CPU clock ticks they have used
  local total=0 pid
  for pid in "$@"; do
    total=$(( total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0) ))
  done
  echo "$total"
}
nats_child() { pgrep -P "$1" -x nats-server | head -1; } # node pid: its embedded nats-server's pid
runner=run_wrk
row_rps=""
row() { # group name scripts connections url [env...]; a RATE=n env makes it a paced row
  local group=$1 name=$2; shift 2
  row_rps=""
  wanted "$group" || return 0
  local results="" target="" arg ticks_before ticks_after
  for arg in "${@:4}"; do
    if [[ "$arg" == RATE=* ]]; then target=${arg#RATE=}; fi
  done
  ticks_before=$(cpu_ticks "${cpu_pids[@]}")
  for _ in $(seq 1 "$repeat"); do results+="$($runner "$@")"$'\n'; done
  ticks_after=$(cpu_ticks "${cpu_pids[@]}")
  # A runner that warms up within its runs (the jnats reference) reports the ticks of its measured part.
  if [[ "$results" == *cpu_ticks=* ]]; then
    ticks_before=0 ticks_after=$(echo -n "$results" | field cpu_ticks | awk '{ n += $1 } END { print n + 0 }')
  fi
  local requests cpu_us
  requests=$(echo -n "$results" | field requests | awk '{ n += $1 } END { print n + 0 }')
  cpu_us=$(awk -v t=$(( ticks_after - ticks_before )) -v hz="$(getconf CLK_TCK)" -v n="${requests:-0}" \
    'BEGIN { if (n > 0) printf "%.0f", t * 1e6 / hz / n; else print 0 }')
  local rps p50 p99 max errors non2xx sockets load shown=$name
  rps=$(echo -n "$results" | field rps | median)
  p50=$(echo -n "$results" | field p50_us | median)
  p99=$(echo -n "$results" | field p99_us | median)
  max=$(echo -n "$results" | field max_us | median)
  errors=$(echo -n "$results" | field errors | sort -n | tail -1)
  non2xx=$(echo -n "$results" | field non2xx | sort -n | tail -1)
  sockets=$(echo -n "$results" | grep -o "socket_errors=[0-9/]*" | cut -d= -f2 | paste -sd, -)
  load=$(cut -d' ' -f1 /proc/loadavg)
  if [ -n "$target" ] && [ "$(( rps * 100 ))" -lt "$(( target * 95 ))" ]; then
    shown="$name (below 95% of target)"
    echo "$name: achieved $rps req/s, below 95% of the $target req/s target (server or load generator saturated)" >&2
  fi
  awk -v n="$shown" -v r="$rps" -v a="$p50" -v b="$p99" -v m="$max" -v e="$errors" -v x="$non2xx" -v l="$load" \
    -v c="$cpu_us" 'BEGIN { printf "| %s | %s | %.2f | %.2f | %.1f | %s | %s | %s | %s |\n", n, r, a / 1000, b / 1000,
      m / 1000, e, x, c, l }'
  echo "BENCH row=\"$name\" rps=$rps p50_us=$p50 p99_us=$p99 max_us=$max errors=$errors non2xx=$non2xx socket_errors=$sockets load=$load users=$users cpu_us_per_request=$cpu_us${target:+ target_rps=$target}" >&2
  row_rps=$rps
}

# The raw reference runs only for its own row, so it never competes with the nodes for the 2 cores.
raw_row() {
  wanted raw || { row_rps=""; return 0; }
  local raw_url="http://127.0.0.1:$raw_port"
  echo "Starting raw Jetty (maxThreads=$raw_max_threads minThreads=$raw_min_threads) and warming it up ..." >&2
  java "@$jvm_options" -Dpresence.bench.work="$work" -cp "$jar:$bench_classes" \
    io.presence.service.bench.RawJettyReference $raw_port "$raw_max_threads" "$raw_min_threads" > "$work/raw.log" 2>&1 &
  raw_pid=$!
  cpu_pids=("$raw_pid")
  wait_http "$raw_url/" 200 "raw Jetty on port $raw_port"
  # A bare handler JITs in seconds, not the 40 s Jersey needs.
  wrk -t$threads -c64 -d"$(( warmup < 15 ? warmup : 15 ))"s -s "$(lua warm get-random.lua)" "$raw_url" > /dev/null
  row raw "raw Jetty 200-byte body, 64 conns" get-random.lua 64 "$raw_url"
  local raw_rps=$row_rps
  # The floor for the paced rows' tails: the same offered rates on a handler that does no work, so the
  # paced percentiles can be read against what this machine's Jetty and scheduler give on their own.
  row paced "raw Jetty paced 10k req/s" get-random.lua+pace.lua 64 "$raw_url" RATE=10000
  row paced "raw Jetty paced 20k req/s" get-random.lua+pace.lua 128 "$raw_url" RATE=20000
  row_rps=$raw_rps
  kill -TERM "$raw_pid"; wait "$raw_pid" 2>/dev/null || true
  raw_pid=""
  cpu_pids=("${center_cpu[@]}")
}

# The reference for durable PUT: jnats' own KV puts into the center's bucket, as many in flight as the
# row's connections, against the same nats-server (JnatsPutReference; its JVM warms up for 15 s each run,
# and its CPU column is the nats-server's alone, during the measured puts).
run_jnats() { # scripts connections url
  CPU_PIDS="${cpu_pids[*]}" java -Xmx512m -cp "$jar:$bench_classes" io.presence.service.bench.JnatsPutReference "nats://presence:$(cat "$work/center/client.token")@127.0.0.1:14222" \
    presence "$2" 15 "$duration" "$users" 2> "$work/jnats.log" | grep '^RESULT'
}
jnats_row() { # connections
  runner=run_jnats
  cpu_pids=("$center_nats")
  row put "jnats KV put (reference), $1 in flight" - "$1" -
  runner=run_wrk
  cpu_pids=("${center_cpu[@]}")
}

rss_mb() { # pids...: their resident memory in all, in MB
  local total=0 pid
  for pid in "$@"; do
    total=$(( total + $(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0) ))
  done
  echo $(( total / 1024 ))
}
memory_row() { # what
  local jvm nats
  jvm=$(rss_mb "$center_pid") nats=$(rss_mb "$center_nats")
  echo "Center RSS $1: $(( jvm + nats )) MB (JVM $jvm MB + nats-server $nats MB; load avg $(cut -d' ' -f1 /proc/loadavg))"
  echo "BENCH row=\"RSS $1\" rss_mb=$(( jvm + nats )) jvm_mb=$jvm nats_mb=$nats users=$users" >&2
}
live_heap_mb() { # pid: its heap in use right after a full GC, in MB (any collector: jstat's survivor, eden
  # and old generation columns S0U S1U EU OU, in KB)
  jcmd "$1" GC.run > /dev/null 2>&1 || true
  jstat -gc "$1" 2>/dev/null | awk 'NR == 2 { printf "%d\n", ($3 + $4 + $6 + $8) / 1024 }' || echo 0
}
last_seq() { # the bucket stream's last sequence: every write since the bucket was created
  curl -s "http://127.0.0.1:18222/jsz?streams=true" | grep -o '"last_seq": *[0-9]*' | grep -o '[0-9]*$' \
    | sort -n | tail -1
}

center="http://127.0.0.1:$center_port"
center_nats=$(nats_child "$center_pid")
center_cpu=("$center_pid" "$center_nats")
cpu_pids=("${center_cpu[@]}")
if wanted memory; then
  echo
  memory_row "after preloading $users users"
fi
settle get "$warmup" get-random.lua "$center" "$center_pid"
row get "cached GET, 64 conns" get-random.lua 64 "$center"
get_rps=$row_rps
raw_row
raw_rps=$row_rps
row get "cached GET, 256 conns" get-random.lua 256 "$center"
row paced "cached GET paced 10k req/s" get-random.lua+pace.lua 64 "$center" RATE=10000
row paced "cached GET paced 20k req/s" get-random.lua+pace.lua 128 "$center" RATE=20000
settle multiget 15 multiget-random.lua "$center" "$center_pid" IDS=100
row multiget "multi-get 100 ids, 64 conns" multiget-random.lua 64 "$center" IDS=100
settle batch 15 batch-random.lua "$center" "$center_pid" IDS=100
row batch "batch POST 100 ids, 64 conns" batch-random.lua 64 "$center" IDS=100
# Memory after a day's worth of heartbeats: PUT load until the bucket has taken 1.5M writes in all (the
# preload's included). Before the PUT rows, whose writes and the jnats reference's would take it past 3M.
if wanted memory; then
  writes_target=1500000
  echo "Writing until the bucket has taken $writes_target writes ..." >&2
  while [ "$(last_seq)" -lt "$writes_target" ]; do
    wrk -t$threads -c64 -d15s --timeout 10s -s "$(lua memory put-random.lua)" "$center" > /dev/null
  done
  memory_row "after $(last_seq) writes"
  # nats-server drops its block caches some seconds after their last use, and Go returns freed memory to
  # the system in the background: the same reading once the node has been idle for 30 s.
  sleep 30
  memory_row "after $(last_seq) writes and 30 s idle"
fi
settle put 15 put-random.lua "$center" "$center_pid"
row put "durable PUT, 16 conns" put-random.lua 16 "$center"
row put "durable PUT, 64 conns" put-random.lua 64 "$center"
put_rps=$row_rps
jnats_row 16
jnats_row 64
jnats_rps=$row_rps
# The leaf runs only for its own row: while it runs, every write is mirrored to it and decoded by it
# on these same 2 cores, which is a second machine's work in a deployment (PUT: 3.3k/s with a leaf
# attached, docs/performance.md).
if wanted leaf; then
  echo "Starting a leaf (its mirror takes the $users users from the center) ..." >&2
  start_node leaf config/leaf.yml NODE_ID=bench-leaf PRESENCE_PORT=$leaf_port PRESENCE_ADMIN_PORT=18091 \
    NATS_DATA_DIR="$work/leaf" NATS_CLIENT_PORT=14232 NATS_MONITOR_PORT=18232 HUB_URLS=nats-leaf://127.0.0.1:17422
  wait_ready $leaf_port
  until [ "$(entries 18091)" -ge "$users" ]; do sleep 1; done
  leaf_pid=${pids[-1]}
  settle leaf 15 get-random.lua "http://127.0.0.1:$leaf_port" "$leaf_pid"
  cpu_pids=("$leaf_pid" "$(nats_child "$leaf_pid")")
fi
row leaf "leaf cached GET, 64 conns" get-random.lua 64 "http://127.0.0.1:$leaf_port"
# A leaf's writes go to the hub's bucket: its CPU per PUT counts the leaf, the center and both nats-servers.
if wanted leaf; then
  settle leaf 15 put-random.lua "http://127.0.0.1:$leaf_port" "$leaf_pid"
  cpu_pids+=("${center_cpu[@]}")
fi
row leaf "leaf durable PUT, 16 conns" put-random.lua 16 "http://127.0.0.1:$leaf_port"
row leaf "leaf durable PUT, 64 conns" put-random.lua 64 "http://127.0.0.1:$leaf_port"

# Several devices per user, after every row measured on users with one session (the memory and leaf rows
# included): each user's 3 sessions written at random, then the cached GET of the first rows, of users who
# now hold 3 sessions each (a read aggregates them), against the GET row of this run.
cpu_pids=("${center_cpu[@]}")
settle sessions 60 put-session-random.lua "$center" "$center_pid" SESSIONS=3
row sessions "session PUT (3 per user), 16 conns" put-session-random.lua 16 "$center" SESSIONS=3
row sessions "session PUT (3 per user), 64 conns" put-session-random.lua 64 "$center" SESSIONS=3
row sessions "cached GET, users with 3 sessions, 64 conns" get-random.lua 64 "$center"
sessions_get_rps=$row_rps

# Idle streams at scale: --streams clients on the center (each following one of 1,000 users), then 500
# changes at 50/s, each delivered to about streams/1000 clients. Memory and descriptors are read while the
# clients are connected and idle.
if wanted streams; then
  sources=$(seq 2 $(( 1 + (streams + 24999) / 25000 )) | sed 's/^/127.0.0./' | paste -sd, -)
  heap_before=$(live_heap_mb "$center_pid") rss_before=$(rss_mb "$center_pid") fds_before=$(ls /proc/"$center_pid"/fd | wc -l)
  if [ "$streams_over" = h2c ]; then
    echo "Connecting $streams stream clients over h2c, 1000 per connection ..." >&2
    java -Xmx1g -cp "$jar:$bench_classes:presence-service/target/bench-lib/*" io.presence.service.bench.StreamSwarmH2 127.0.0.1 $center_port 1000 \
      "$streams" 1000 500 50 60 > "$work/swarm.out" 2> "$work/swarm.log" &
  else
    echo "Connecting $streams stream clients from $sources ..." >&2
    java -Xmx1g -cp "$jar:$bench_classes" io.presence.service.bench.StreamSwarm 127.0.0.1 $center_port "$sources" \
      "$streams" 1000 500 50 60 > "$work/swarm.out" 2> "$work/swarm.log" &
  fi
  swarm_pid=$!
  until grep -q '^STREAMS' "$work/swarm.out" || ! kill -0 "$swarm_pid" 2>/dev/null; do sleep 1; done
  grep '^STREAMS' "$work/swarm.out" >&2 || true
  sleep 10
  heap_after=$(live_heap_mb "$center_pid") rss_after=$(rss_mb "$center_pid") fds_after=$(ls /proc/"$center_pid"/fd | wc -l)
  wait "$swarm_pid" || true
  result=$(grep '^RESULT' "$work/swarm.out" || echo "RESULT connected=0 delivered=0 expected=0 p50_us=0 p99_us=0 max_us=0")
  connected=$(echo "$result" | field connected)
  echo
  echo "$result" | awk -v heap=$(( heap_after - heap_before )) -v rss=$(( rss_after - rss_before )) \
    -v fds=$(( fds_after - fds_before )) -v n="$connected" -v over="$streams_over" '{
      for (i = 2; i <= NF; i++) { split($i, kv, "="); r[kv[1]] = kv[2] }
      printf "Streams (%s): %d of %d connected in %s s; %d of %d events delivered, p50 %.0f ms, p99 %.0f ms, max %.0f ms;", \
        over, n, r["clients"], r["connect_seconds"], r["delivered"], r["expected"], r["p50_us"] / 1000, r["p99_us"] / 1000, \
        r["max_us"] / 1000
      if (n > 0) printf " per stream: %.1f KB live heap, %.1f KB RSS, %.2f descriptors", heap * 1024 / n, rss * 1024 / n, fds / n
      printf "\n" }'
  echo "BENCH row=\"streams over $streams_over\" $(echo "$result" | cut -d' ' -f2-) heap_mb=$(( heap_after - heap_before )) rss_mb=$(( rss_after - rss_before )) fds=$(( fds_after - fds_before )) load=$(cut -d' ' -f1 /proc/loadavg)" >&2
fi

if [ -n "$get_rps" ] && [ -n "$raw_rps" ] && [ "$raw_rps" -gt 0 ]; then
  ratio=$(awk -v g="$get_rps" -v r="$raw_rps" 'BEGIN { printf "%.2f", g / r }')
  echo
  echo "Cached GET ÷ raw Jetty, 64 conns: $ratio ($get_rps / $raw_rps req/s; target ≥ 0.45)"
  echo "BENCH row=\"cached GET / raw Jetty\" ratio=$ratio get_rps=$get_rps raw_rps=$raw_rps users=$users" >&2
fi

if [ -n "$get_rps" ] && [ -n "$sessions_get_rps" ] && [ "$get_rps" -gt 0 ]; then
  ratio=$(awk -v s="$sessions_get_rps" -v g="$get_rps" 'BEGIN { printf "%.2f", s / g }')
  echo "Cached GET of users with 3 sessions ÷ with 1, 64 conns: $ratio ($sessions_get_rps / $get_rps req/s; target ≥ 0.9)"
  echo "BENCH row=\"sessions GET / GET\" ratio=$ratio sessions_get_rps=$sessions_get_rps get_rps=$get_rps users=$users" >&2
fi

if [ -n "$put_rps" ] && [ -n "$jnats_rps" ] && [ "$jnats_rps" -gt 0 ]; then
  ratio=$(awk -v p="$put_rps" -v j="$jnats_rps" 'BEGIN { printf "%.2f", p / j }')
  echo "Durable PUT ÷ jnats KV put, 64 in flight: $ratio ($put_rps / $jnats_rps req/s; target ≥ 0.7)"
  echo "BENCH row=\"durable PUT / jnats KV put\" ratio=$ratio put_rps=$put_rps jnats_rps=$jnats_rps users=$users" >&2
fi

if wanted heap; then
  # At rest: the node holds its last 5 s of writes for session repair (docs/sessions.md) and forgets them
  # every 5 s, so wait both out; what remains is what the users cost.
  sleep 11
  heap=$(live_heap_mb "$center_pid")
  echo
  echo "Center heap after a full GC with $users users, 11 s after the last write: $heap MB (load avg $(cut -d' ' -f1 /proc/loadavg))"
  echo "BENCH row=\"heap after full GC\" used_mb=$heap users=$users" >&2
  echo "Largest classes on the center's heap (jcmd GC.class_histogram):" >&2
  jcmd "$center_pid" GC.class_histogram 2>/dev/null | sed -n '2,16p' >&2 || true
fi

# A restart with the users in the bucket: how long until the node answers, and until health is green (the
# watch's snapshot is in the cache). GETs of random preloaded users run from the moment the port answers,
# so any 404 among them is a false one.
if wanted startup; then
  echo "Restarting the center with $users users in its bucket ..." >&2
  kill -TERM "$center_pid"; wait "$center_pid" 2>/dev/null || true
  began=$(date +%s%N)
  start_node center-restarted config/center.yml PRESENCE_PORT=$center_port PRESENCE_ADMIN_PORT=18081 \
    NATS_DATA_DIR="$work/center" NATS_CLIENT_PORT=14222 NATS_MONITOR_PORT=18222 NATS_LEAFNODE_PORT=17422 \
    CLUSTER_PORT=16222 "${cluster_env[@]}"
  center_pid=${pids[-1]}
  until curl -s -o /dev/null "$center/api/v2/presence/u0"; do sleep 0.05; done
  answering=$(date +%s%N)
  false_404=0 reads=0
  until [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:18081/healthcheck)" = 200 ]; do
    result=$(wrk -t$threads -c16 -d2s --timeout 10s -s "$(lua startup get-random.lua)" "$center" | grep '^RESULT')
    false_404=$(( false_404 + $(echo "$result" | field non2xx) ))
    reads=$(( reads + $(echo "$result" | field requests) ))
  done
  green=$(date +%s%N)
  echo
  awk -v a=$(( (answering - began) / 1000000 )) -v g=$(( (green - began) / 1000000 )) -v r="$reads" -v f="$false_404" \
    -v n="$users" 'BEGIN { printf "Restart with %d users: answering after %.1f s, health green after %.1f s; %d reads" \
      " while warming up, %d of them not 200\n", n, a / 1000, g / 1000, r, f }'
  echo "BENCH row=\"startup\" users=$users answering_ms=$(( (answering - began) / 1000000 )) green_ms=$(( (green - began) / 1000000 )) warmup_reads=$reads warmup_non2xx=$false_404" >&2
fi
