#!/usr/bin/env bash
# Redirect benchmark: nginx `return 302` as the yardstick and Waymark, the same workloads against
# each in one run, servers pinned to core 1 and load tools to core 0. Writes benchmarks/RESULTS.md.
#
#   benchmarks/run.sh            full run: 1M links, 15 s JIT warm-up, 2 rounds. Today creating 1M links
#                                through the admin API takes ~5.5 min and ~26 GiB of store file, so
#                                this exceeds 10 min; `--links 200000` runs in about 6.5 min.
#   benchmarks/run.sh --quick    50k links, short phases, under 2 min
#   benchmarks/run.sh [--quick] --links N    another link count (creating links is the slow part)
#
# Loopback only. Every process started here is stopped on exit (trap), whatever happens.
set -euo pipefail

QUICK=0
LINKS_ARG=""
while (( $# )); do
  case "$1" in
    --quick) QUICK=1 ;;
    --links) LINKS_ARG=${2:?}; shift ;;
    *) echo "usage: $0 [--quick] [--links N]" >&2; exit 64 ;;
  esac
  shift
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH="$ROOT/benchmarks"
JAR="$ROOT/redirector/target/waymark.jar"
GEN_JAR="$BENCH/target/benchmarks.jar"
WORK=$(mktemp -d /tmp/waymark-bench.XXXXXX)
SERVER_CPU=1
GEN_CPU=0
HOST=127.0.0.1
NGINX_PORT=18080
WM_HTTP_PORT=18090
WM_ADMIN_PORT=18091
CONNS=50
if (( QUICK )); then
  LINKS=50000; WARMUP=2; DURATION=3; JIT_WARMUP=5; WRK_SECONDS=3; ROUNDS=1; MODE=quick
else
  LINKS=1000000; WARMUP=5; DURATION=10; JIT_WARMUP=15; WRK_SECONDS=10; ROUNDS=2; MODE=full
fi
LINKS=${LINKS_ARG:-$LINKS}
# The generator allocates ~5 KB a request: a big young generation keeps its GC pauses (one GC
# thread, on its own core) out of most measured windows.
GEN_JVM=(-XX:+UseParallelGC -XX:ParallelGCThreads=1 -Xms2g -Xmx2g -Xmn1500m)

PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK/data"  # the link store file is large; the results stay
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }
now_ms() { date +%s%3N; }

# Waits until GET url answers with a 3xx; prints the milliseconds since $2.
wait_redirect() {
  local url=$1 since=$2 deadline=$(( $(now_ms) + 60000 ))
  until [[ $(curl -s -o /dev/null -w '%{http_code}' "$url" 2>/dev/null) == 3* ]]; do
    (( $(now_ms) < deadline )) || { log "no redirect from $url within 60 s"; return 1; }
    sleep 0.01
  done
  echo $(( $(now_ms) - since ))
}

# rss_kib PID...: resident set (current and peak) summed over the processes, in KiB.
rss_kib() {
  local cur=0 peak=0 pid
  for pid in "$@"; do
    cur=$(( cur + $(awk '/^VmRSS/ {print $2}' "/proc/$pid/status") ))
    peak=$(( peak + $(awk '/^VmHWM/ {print $2}' "/proc/$pid/status") ))
  done
  echo "$cur $peak"
}

# gen LABEL PORT ARGS...: one load-generator run on the generator core; JSON in $WORK/LABEL.json.
gen() {
  local label=$1 port=$2; shift 2
  log "load $label $*"
  taskset -c "$GEN_CPU" java "${GEN_JVM[@]}" -cp "$GEN_JAR" dev.waymark.bench.LoadGenerator \
    --host "$HOST" --port "$port" --label "$label" --json "$WORK/$label.json" "$@" \
    >"$WORK/$label.txt" 2>&1 || true  # errors are results, not reasons to stop
  grep -v '^RESULT' "$WORK/$label.txt" | sed 's/^/    /' >&2
  echo "taskset -c $GEN_CPU java ${GEN_JVM[*]} -cp benchmarks/target/benchmarks.jar dev.waymark.bench.LoadGenerator --host $HOST --port $port --label $label $*" >>"$WORK/commands.txt"
}

# wrk_run LABEL URL: wrk as a cross-check of the maximum rate (one hot path, same core, same conns).
wrk_run() {
  local label=$1 url=$2
  log "wrk $label"
  taskset -c "$GEN_CPU" wrk -t1 -c"$CONNS" -d"${WRK_SECONDS}s" --latency "$url" >"$WORK/$label.wrk" 2>&1 || true
  echo "taskset -c $GEN_CPU wrk -t1 -c$CONNS -d${WRK_SECONDS}s --latency $url" >>"$WORK/commands.txt"
}

# best LABEL: of the rounds LABEL-r1..rN keeps the highest throughput as LABEL.json (wrk: .wrk).
best() {
  local label=$1
  jq -sc 'max_by(.throughput)' "$WORK/$label"-r*.json >"$WORK/$label.json" 2>/dev/null || rm -f "$WORK/$label.json"
}
best_wrk() {
  local label=$1 f best_file="" best_rps=-1 rps
  for f in "$WORK/$label"-r*.wrk; do
    rps=$(awk '/Requests\/sec/ {print int($2)}' "$f"); rps=${rps:-0}
    if (( rps > best_rps )); then best_rps=$rps; best_file=$f; fi
  done
  [[ -n $best_file ]] && cp "$best_file" "$WORK/$label.wrk"
}

# workloads: every workload against nginx and then Waymark straight after, so the noise of this
# shared machine falls on both alike: closed loop (best of $ROUNDS), open loop at 25/50/75% of
# nginx's maximum, wrk (best of $ROUNDS).
workloads() {
  local servers=(nginx) ports=("$NGINX_PORT") i r pct rate
  (( WM_OK )) && { servers+=(waymark); ports+=("$WM_HTTP_PORT"); }
  for (( r = 1; r <= ROUNDS; r++ )); do
    for i in "${!servers[@]}"; do
      gen "${servers[$i]}-closed-r$r" "${ports[$i]}" --mode closed -c "$CONNS" --warmup "$WARMUP" -d "$DURATION" --generate "$LINKS"
    done
  done
  for i in "${!servers[@]}"; do best "${servers[$i]}-closed"; done
  NGINX_MAX=$(jq -r '.throughput' "$WORK/nginx-closed.json")
  log "nginx max rate (generator, closed loop, best of $ROUNDS): $NGINX_MAX req/s"
  for pct in 25 50 75; do
    rate=$(jq -rn --argjson m "$NGINX_MAX" --argjson p "$pct" '($m * $p / 100) | floor')
    for i in "${!servers[@]}"; do
      gen "${servers[$i]}-open$pct" "${ports[$i]}" --mode open -R "$rate" -c "$CONNS" --warmup "$WARMUP" -d "$DURATION" --generate "$LINKS"
    done
  done
  for (( r = 1; r <= ROUNDS; r++ )); do
    for i in "${!servers[@]}"; do
      wrk_run "${servers[$i]}-r$r" "http://$HOST:${ports[$i]}/$CODE0"
    done
  done
  for i in "${!servers[@]}"; do best_wrk "${servers[$i]}"; done
}

# ---------------------------------------------------------------------------------------------
log "mode=$MODE work=$WORK"
echo "# commands of this run (cwd: repo root)" >"$WORK/commands.txt"

log "build"
build_start=$(now_ms)
(cd "$ROOT" && mvn -q -DskipTests package)
echo "mvn -q -DskipTests package" >>"$WORK/commands.txt"
log "built in $(( $(now_ms) - build_start )) ms"
CODE0=$(java -cp "$GEN_JAR" dev.waymark.bench.BenchCodes 0)  # the hottest code of the Zipf draws

# Machine facts, for the report.
{
  echo "date=$(date -u +%FT%TZ)"
  echo "nproc=$(nproc)"
  echo "cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "kernel=$(uname -sr)"
  echo "jdk=$(java -version 2>&1 | head -1)"
  echo "nginx=$(nginx -v 2>&1)"
  echo "wrk=$(wrk -v 2>&1 | head -1)"
  echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "mem=$(awk '/MemTotal/ {print $2 " " $3}' /proc/meminfo)"
} >"$WORK/facts.txt"

# --- nginx ------------------------------------------------------------------------------------
mkdir -p "$WORK/nginx/logs"
cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  keepalive_requests 10000000;  # like Vert.x: no forced reconnects in the middle of a run
  server {
    listen $HOST:$NGINX_PORT;
    location / { return 302 https://example.com/; }
  }
}
EOF
log "start nginx on core $SERVER_CPU"
t0=$(now_ms)
taskset -c "$SERVER_CPU" nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx/" >"$WORK/nginx/stdout" 2>&1 &
NGINX_PID=$!
PIDS+=("$NGINX_PID")
NGINX_START_MS=$(wait_redirect "http://$HOST:$NGINX_PORT/x" "$t0")
NGINX_WORKERS=$(pgrep -P "$NGINX_PID" | tr '\n' ' ')
echo "taskset -c $SERVER_CPU nginx -c \$WORK/nginx/nginx.conf -p \$WORK/nginx/   # return 302, worker_processes 1" >>"$WORK/commands.txt"

NGINX_MAX=0

# --- Waymark, embedded defaults -----------------------------------------------------------------
export WAYMARK_ADMIN_API_KEY
WAYMARK_ADMIN_API_KEY="bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export WAYMARK_DATA_DIR="$WORK/data" WAYMARK_HTTP_PORT=$WM_HTTP_PORT WAYMARK_ADMIN_PORT=$WM_ADMIN_PORT
export WAYMARK_HTTP_HOST=$HOST WAYMARK_ADMIN_HOST=$HOST  # loopback only; the defaults bind 0.0.0.0
mkdir -p "$WAYMARK_DATA_DIR"

start_waymark() {
  taskset -c "$SERVER_CPU" java -jar "$JAR" >>"$WORK/waymark.log" 2>&1 &
  WM_PID=$!
  PIDS+=("$WM_PID")
}
stop_waymark() {
  [[ -n ${WM_PID:-} ]] || return 0
  kill "$WM_PID" 2>/dev/null || true
  wait "$WM_PID" 2>/dev/null || true
}

# Runs only while set -e is off (called from an `if`), so every step that matters says `|| return 1`.
run_waymark() {
  log "start waymark (to seed) on core $SERVER_CPU"
  start_waymark
  until curl -sf "http://$HOST:$WM_ADMIN_PORT/health/live" >/dev/null 2>&1; do
    kill -0 "$WM_PID" 2>/dev/null || { log "waymark exited; see $WORK/waymark.log"; tail -5 "$WORK/waymark.log" >&2; return 1; }
    sleep 0.1
  done
  log "seed $LINKS links through the admin API (64 in flight, seeder on core $GEN_CPU)"
  local seed_start; seed_start=$(now_ms)
  taskset -c "$GEN_CPU" java -cp "$GEN_JAR" dev.waymark.bench.LinkSeeder --host "$HOST" \
    --port "$WM_ADMIN_PORT" -n "$LINKS" -c 64 >"$WORK/seed.txt" 2>&1 || { cat "$WORK/seed.txt" >&2; return 1; }
  tail -1 "$WORK/seed.txt" >&2
  SEED_MS=$(( $(now_ms) - seed_start ))
  STORE_BYTES=$(du -sb "$WAYMARK_DATA_DIR" | cut -f1)
  echo "taskset -c $GEN_CPU java -cp benchmarks/target/benchmarks.jar dev.waymark.bench.LinkSeeder --host $HOST --port $WM_ADMIN_PORT -n $LINKS -c 64   # key from WAYMARK_ADMIN_API_KEY" >>"$WORK/commands.txt"
  stop_waymark

  log "restart waymark with $LINKS links stored: time to first redirect"
  local t0; t0=$(now_ms)
  start_waymark
  WM_START_MS=$(wait_redirect "http://$HOST:$WM_HTTP_PORT/$CODE0" "$t0") || return 1
  echo "taskset -c $SERVER_CPU java -jar redirector/target/waymark.jar   # embedded defaults, WAYMARK_DATA_DIR/HTTP_PORT/ADMIN_PORT set" >>"$WORK/commands.txt"
  log "first redirect after $WM_START_MS ms"
  WM_STARTED_MS=$(grep -o 'event=started.*millis=[0-9]*' "$WORK/waymark.log" | tail -1 | grep -o '[0-9]*$')
  WM_ANALYTICS=$(grep -o 'event=started.*analytics=[a-z-]*' "$WORK/waymark.log" | tail -1 | sed 's/.*analytics=//')

  # Every link once, so the cache holds all of them when RSS is read (Caffeine bounds permitting).
  gen waymark-prime "$WM_HTTP_PORT" --mode closed -c "$CONNS" --warmup 0 -d 600 --sequential \
    --generate "$LINKS" -n "$LINKS"
  read -r WM_RSS_PRIMED _ < <(rss_kib "$WM_PID")
  # The JIT compiles the hot path under load before anything is measured.
  gen waymark-jit "$WM_HTTP_PORT" --mode closed -c "$CONNS" --warmup 0 -d "$JIT_WARMUP" --generate "$LINKS"
}

WM_START_MS="" WM_RSS_PRIMED="" WM_RSS="" WM_RSS_PEAK="" SEED_MS="" STORE_BYTES="" WM_STATUS=measured
WM_OK=1
if ! run_waymark; then
  log "Waymark could not be measured; the report says so"
  WM_STATUS="not measured: $(grep -v '^\s*$' "$WORK/waymark.log" 2>/dev/null | tail -1 | cut -c1-200)"
  WM_OK=0
  stop_waymark
fi

# Both servers stay up on core 1 from here on; the idle one costs next to nothing.
workloads
read -r NGINX_RSS NGINX_RSS_PEAK < <(rss_kib "$NGINX_PID" $NGINX_WORKERS)
(( WM_OK )) && read -r WM_RSS WM_RSS_PEAK < <(rss_kib "$WM_PID")
stop_waymark
kill "$NGINX_PID"; wait "$NGINX_PID" 2>/dev/null || true

# --- Waymark with full tracking to ClickHouse ---------------------------------------------------
# NOT WIRED YET. On embedded defaults hits are enriched and written to embedded DuckDB (the log's
# `analytics=` says which; the report names it). The ClickHouse variant goes here: start ClickHouse
# (scripts/services.sh start), export WAYMARK_CLICKHOUSE_URL, restart Waymark, run the workloads
# against it, then count the rows in `hits` against the requests answered.

echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$WORK/facts.txt"
cat >"$WORK/env.txt" <<EOF
mode=$MODE
links=$LINKS
connections=$CONNS
warmup=$WARMUP
duration=$DURATION
jit_warmup=$JIT_WARMUP
wrk_seconds=$WRK_SECONDS
rounds=$ROUNDS
nginx_start_ms=$NGINX_START_MS
nginx_rss_kib=$NGINX_RSS
nginx_rss_peak_kib=$NGINX_RSS_PEAK
waymark_start_ms=$WM_START_MS
waymark_started_log_ms=${WM_STARTED_MS:-}
waymark_analytics=${WM_ANALYTICS:-}
waymark_rss_primed_kib=$WM_RSS_PRIMED
waymark_rss_kib=$WM_RSS
waymark_rss_peak_kib=$WM_RSS_PEAK
seed_ms=$SEED_MS
store_bytes=$STORE_BYTES
waymark_status=$WM_STATUS
EOF
python3 "$BENCH/scripts/report.py" "$WORK" >"$BENCH/RESULTS.md"
log "wrote $BENCH/RESULTS.md (raw results in $WORK)"
