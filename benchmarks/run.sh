#!/usr/bin/env bash
# Redirect benchmark: nginx `return 302` as the yardstick and Waymark, the same workloads against
# each in one run, servers pinned to core 1 and load tools to core 0. Writes benchmarks/RESULTS.md.
#
#   benchmarks/run.sh            full run: 1M links, 15 s JIT warm-up, 2 rounds, under 10 min
#   benchmarks/run.sh --quick    20k links, short phases, under 2 min (when the jars are built)
#   benchmarks/run.sh [--quick] --links N    another link count
#
# Ports (loopback): nginx 18080, Waymark 18090/18091, ClickHouse 18223/19200; WAYMARK_BENCH_NGINX_PORT,
# _HTTP_PORT, _ADMIN_PORT, _CLICKHOUSE_HTTP_PORT and _CLICKHOUSE_TCP_PORT choose others.
#
# Waymark runs twice on the same links: with full tracking to a local ClickHouse (started here
# by scripts/services.sh, pinned to the generator core as a stand-in for the separate machine it is
# in production; data under the run's temp dir), which is the
# target configuration and gets every workload, then on embedded defaults (hits to embedded
# DuckDB), which gets the closed loop, 50% open loop and wrk, and last with tracking off
# (WAYMARK_TRACKING=off), which gets wrk only, each round straight after one of nginx's: what
# tracking costs the redirect path. Links are created with the bulk
# import (POST /api/v1/links/import). Loopback only. Every process started here is stopped on
# exit (trap), whatever happens.
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
# shellcheck source=scripts/nginx.sh
source "$ROOT/benchmarks/scripts/nginx.sh"
BENCH="$ROOT/benchmarks"
JAR="$ROOT/redirector/target/waymark.jar"
GEN_JAR="$BENCH/target/benchmarks.jar"
WORK=$(mktemp -d /tmp/waymark-bench.XXXXXX)
SERVER_CPU=1
GEN_CPU=0
HOST=127.0.0.1
NGINX_PORT=${WAYMARK_BENCH_NGINX_PORT:-18080}
WM_HTTP_PORT=${WAYMARK_BENCH_HTTP_PORT:-18090}
WM_ADMIN_PORT=${WAYMARK_BENCH_ADMIN_PORT:-18091}
# ClickHouse of this run only (its own data dir under $WORK), on ports no test run uses.
CH_HTTP_PORT=${WAYMARK_BENCH_CLICKHOUSE_HTTP_PORT:-18223}
CH_TCP_PORT=${WAYMARK_BENCH_CLICKHOUSE_TCP_PORT:-19200}
CH_DB=waymark_bench
CONNS=50
if (( QUICK )); then
  LINKS=20000; WARMUP=2; DURATION=3; JIT_WARMUP=5; WRK_SECONDS=3; ROUNDS=1; MODE=quick
else
  LINKS=1000000; WARMUP=5; DURATION=10; JIT_WARMUP=15; WRK_SECONDS=10; ROUNDS=2; MODE=full
fi
LINKS=${LINKS_ARG:-$LINKS}
# The generator allocates ~5 KB a request: a big young generation keeps its GC pauses (one GC
# thread, on its own core) out of most measured windows.
GEN_JVM=(-XX:+UseParallelGC -XX:ParallelGCThreads=1 -Xms2g -Xmx2g -Xmn1500m)
# Waymark as ./waymark runs it: capped heap (1M cached links take ~110 MiB of it, the UA parser
# ~110 MiB), native memory trimmed every 10 s, and the class-data archive of this build. On one
# pinned core the JVM picks SerialGC.
JSA="$ROOT/redirector/target/waymark.jsa"
# The launcher's heap cap, nothing committed up front (no -Xms), so RSS shows what is used. Hits
# die young since the sink encodes them as it drains (every 5 ms), so a small young generation
# is cheap to collect: pauses of 2-3 ms, where hits that waited in the queue for a whole batch
# were copied and promoted at 25-85 ms a pause. SerialGC touches all of its young generation, so
# it is RSS: with 1M links primed, 563 MiB at the default young size, 530 at 128m, 504 at 64m,
# at the same throughput (measured by hand, 2026-11-23).
WM_JVM=(-Xmx512m -Xmn64m -XX:MaxMetaspaceSize=192m -XX:+ExitOnOutOfMemoryError -XX:TrimNativeHeapInterval=10000)
# scripts/services.sh for this run's ClickHouse; started under taskset, it stays on the generator
# core: in production it is another machine, and the server core is for what Waymark itself costs.
# At nice 19 it takes only the CPU the generator leaves, as a separate machine would take none;
# batches it is too slow for wait in Waymark's spool, and the run waits for them at the end.
services() {
  taskset -c "$GEN_CPU" nice -n 19 env WAYMARK_SERVICES_DIR="$WORK/services" WAYMARK_SERVICES_CLICKHOUSE_HTTP_PORT="$CH_HTTP_PORT" \
    WAYMARK_SERVICES_CLICKHOUSE_TCP_PORT="$CH_TCP_PORT" "$ROOT/scripts/services.sh" "$@"
}

PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  [[ -d $WORK/services ]] && { services stop clickhouse >/dev/null 2>&1 || true; }
  rm -rf "$WORK/data" "$WORK/services"  # the link store and ClickHouse data are large; the results stay
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

# live_heap PID: bytes of live objects (the histogram runs a full GC first).
live_heap() {
  jcmd "$1" GC.class_histogram 2>/dev/null | awk '/^Total/ {print $3}'
}

# ch_hits: "rows distinct_hit_ids" in this run's ClickHouse (0 0 before the table exists).
ch_hits() {
  curl -sf "http://$HOST:$CH_HTTP_PORT/" --data-binary "SELECT count(), uniqExact(hit_id) FROM $CH_DB.hits FORMAT TSV" \
    2>/dev/null || echo "0 0"
}

# wait_hits N: waits until ClickHouse holds N hits, or their count stops growing for 15 s once
# some arrived (90 s at most: the sink takes seconds to open after a start); prints the count.
wait_hits() {
  local want=$1 rows last=-1 still=0 deadline=$(( $(now_ms) + 90000 ))
  while (( $(now_ms) < deadline )); do
    read -r rows _ < <(ch_hits)
    (( rows >= want )) && break
    if (( rows == last )); then still=$(( still + 1 )); else still=0; last=$rows; fi
    (( rows > 0 && still >= 30 )) && break
    sleep 0.5
  done
  echo "$rows"
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

# embedded_workloads: the second Waymark (embedded defaults) alone, read against nginx's figures
# from the workloads above: closed loop (best of $ROUNDS), open loop at 50% of nginx's maximum,
# wrk (best of $ROUNDS).
embedded_workloads() {
  local r rate
  for (( r = 1; r <= ROUNDS; r++ )); do
    gen "embedded-closed-r$r" "$WM_HTTP_PORT" --mode closed -c "$CONNS" --warmup "$WARMUP" -d "$DURATION" --generate "$LINKS"
  done
  best embedded-closed
  rate=$(jq -rn --argjson m "$NGINX_MAX" '($m * 50 / 100) | floor')
  gen embedded-open50 "$WM_HTTP_PORT" --mode open -R "$rate" -c "$CONNS" --warmup "$WARMUP" -d "$DURATION" --generate "$LINKS"
  for (( r = 1; r <= ROUNDS; r++ )); do
    wrk_run "embedded-r$r" "http://$HOST:$WM_HTTP_PORT/$CODE0"
  done
  best_wrk embedded
}

# ---------------------------------------------------------------------------------------------
log "mode=$MODE work=$WORK"
# A port already taken (another run of this script?) would mean measuring someone else's server.
for port in "$NGINX_PORT" "$WM_HTTP_PORT" "$WM_ADMIN_PORT" "$CH_HTTP_PORT" "$CH_TCP_PORT"; do
  if (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null; then
    log "port $port on $HOST is in use; stop what listens there or choose others with WAYMARK_BENCH_NGINX_PORT,"
    log "WAYMARK_BENCH_HTTP_PORT, WAYMARK_BENCH_ADMIN_PORT, WAYMARK_BENCH_CLICKHOUSE_HTTP_PORT, WAYMARK_BENCH_CLICKHOUSE_TCP_PORT"
    exit 69
  fi
done
echo "# commands of this run (cwd: repo root)" >"$WORK/commands.txt"

# Built only when a source is newer than the jars (as ./waymark does): a rebuilt jar also needs a
# new class-data archive, and the two take about 40 s of a quick run's two minutes.
if [[ ! -f $JAR || ! -f $GEN_JAR ]] || [[ -n $(cd "$ROOT" && find pom.xml ./*/pom.xml ./*/src/main \
    -type f \( -newer "$JAR" -o -newer "$GEN_JAR" \) -print -quit) ]]; then
  log "build"
  build_start=$(now_ms)
  (cd "$ROOT" && mvn -q -DskipTests package)
  log "built in $(( $(now_ms) - build_start )) ms"
else
  log "jars are up to date with the sources; not rebuilt"
fi
echo "mvn -q -DskipTests package   # when a source is newer than the jars" >>"$WORK/commands.txt"
if [[ ! -f $JSA || $JAR -nt $JSA ]]; then
  log "class-data archive: warm-up run"
  rm -f "$JSA"
  java "${WM_JVM[@]}" -XX:ArchiveClassesAtExit="$JSA" -jar "$JAR" warm-up >"$WORK/warm-up.log" 2>&1 \
    || { log "warm-up failed (see $WORK/warm-up.log); Waymark runs without the archive"; rm -f "$JSA"; }
  echo "java ${WM_JVM[*]} -XX:ArchiveClassesAtExit=redirector/target/waymark.jsa -jar redirector/target/waymark.jar warm-up" >>"$WORK/commands.txt"
fi
[[ -f $JSA ]] && WM_JVM+=(-XX:SharedArchiveFile="$JSA")
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
nginx_302_conf "$WORK/nginx" "$HOST" "$NGINX_PORT"
log "start nginx on core $SERVER_CPU"
t0=$(now_ms)
taskset -c "$SERVER_CPU" nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx/" >"$WORK/nginx/stdout" 2>&1 &
NGINX_PID=$!
PIDS+=("$NGINX_PID")
NGINX_START_MS=$(wait_redirect "http://$HOST:$NGINX_PORT/x" "$t0")
NGINX_WORKERS=$(pgrep -P "$NGINX_PID" | tr '\n' ' ')
echo "taskset -c $SERVER_CPU nginx -c \$WORK/nginx/nginx.conf -p \$WORK/nginx/   # return 302, worker_processes 1" >>"$WORK/commands.txt"

NGINX_MAX=0

# --- ClickHouse, for Waymark with full tracking -----------------------------------------------
CH_OK=0 CH_STATUS=""
log "start ClickHouse on core $GEN_CPU (ports $CH_HTTP_PORT/$CH_TCP_PORT, data in $WORK/services)"
if services start clickhouse >/dev/null 2>"$WORK/services.log"; then
  CH_OK=1
  echo "clickhouse=$(curl -sf "http://$HOST:$CH_HTTP_PORT/" --data-binary "SELECT version()" || echo "?")" >>"$WORK/facts.txt"
  echo "taskset -c $GEN_CPU nice -n 19 scripts/services.sh start clickhouse   # WAYMARK_SERVICES_DIR=\$WORK/services, ports $CH_HTTP_PORT/$CH_TCP_PORT" >>"$WORK/commands.txt"
else
  CH_STATUS="not measured: ClickHouse did not start ($(grep -v '^\s*$' "$WORK/services.log" | tail -1 | cut -c1-160))"
  log "$CH_STATUS"
fi

# --- Waymark ------------------------------------------------------------------------------------
export WAYMARK_ADMIN_API_KEY
WAYMARK_ADMIN_API_KEY="bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export WAYMARK_DATA_DIR="$WORK/data" WAYMARK_HTTP_PORT=$WM_HTTP_PORT WAYMARK_ADMIN_PORT=$WM_ADMIN_PORT
export WAYMARK_HTTP_HOST=$HOST WAYMARK_ADMIN_HOST=$HOST  # loopback only; the defaults bind 0.0.0.0
unset WAYMARK_REDIS_URL WAYMARK_CLICKHOUSE_URL  # links in the embedded store; analytics per variant
mkdir -p "$WAYMARK_DATA_DIR"
CH_ENV=(WAYMARK_CLICKHOUSE_URL="http://$HOST:$CH_HTTP_PORT" WAYMARK_CLICKHOUSE_DATABASE="$CH_DB")

# start_waymark [VAR=value...]: Waymark on the server core, with these settings on top.
start_waymark() {
  taskset -c "$SERVER_CPU" env "$@" java "${WM_JVM[@]}" -jar "$JAR" >>"$WORK/waymark.log" 2>&1 &
  WM_PID=$!
  PIDS+=("$WM_PID")
}
stop_waymark() {
  [[ -n ${WM_PID:-} ]] || return 0
  kill "$WM_PID" 2>/dev/null || true
  wait "$WM_PID" 2>/dev/null || true
  WM_PID=""
}

# These run only while set -e is off (called from an `if`), so every step that matters says `|| return 1`.
seed_links() {
  log "start waymark (to seed) on core $SERVER_CPU"
  start_waymark
  until curl -sf "http://$HOST:$WM_ADMIN_PORT/health/live" >/dev/null 2>&1; do
    kill -0 "$WM_PID" 2>/dev/null || { log "waymark exited; see $WORK/waymark.log"; tail -5 "$WORK/waymark.log" >&2; return 1; }
    sleep 0.1
  done
  log "seed $LINKS links with the bulk import (1000 a request, 4 in flight, seeder on core $GEN_CPU)"
  local seed_start; seed_start=$(now_ms)
  taskset -c "$GEN_CPU" java -cp "$GEN_JAR" dev.waymark.bench.LinkSeeder --host "$HOST" \
    --port "$WM_ADMIN_PORT" -n "$LINKS" >"$WORK/seed.txt" 2>&1 || { cat "$WORK/seed.txt" >&2; return 1; }
  tail -1 "$WORK/seed.txt" >&2
  SEED_MS=$(( $(now_ms) - seed_start ))
  echo "taskset -c $GEN_CPU java -cp benchmarks/target/benchmarks.jar dev.waymark.bench.LinkSeeder --host $HOST --port $WM_ADMIN_PORT -n $LINKS   # key from WAYMARK_ADMIN_API_KEY" >>"$WORK/commands.txt"
  stop_waymark
  STORE_BYTES=$(du -sb "$WAYMARK_DATA_DIR/links.mv" | cut -f1)
}

# hits_offered: the hits the running Waymark's redirect path has recorded so far (its /metrics).
hits_offered() {
  curl -sf -H "Authorization: Bearer $WAYMARK_ADMIN_API_KEY" "http://$HOST:$WM_ADMIN_PORT/metrics" \
    | awk '/^waymark_hits_offered_total/ {printf "%d", $2}'
}

# run_variant LABEL PRIME [VAR=value...]: restarts Waymark on the seeded links and times the first
# redirect; with PRIME=1 requests every link once (so the cache holds all of them) and reads RSS
# and the live heap. With ClickHouse (CH_ENV given) it first waits until ClickHouse holds every
# hit so far (the start-up probes), so the priming's hits can be counted exactly. Results in V_*.
run_variant() {
  local label=$1 prime=$2; shift 2
  V_PRIME_SENT=0 V_RSS_PRIMED="" V_HEAP_PRIMED="" V_HITS_BEFORE=""
  log "restart waymark ($label) with $LINKS links stored: time to first redirect"
  local t0; t0=$(now_ms)
  start_waymark "$@"
  V_START_MS=$(wait_redirect "http://$HOST:$WM_HTTP_PORT/$CODE0" "$t0") || return 1
  echo "taskset -c $SERVER_CPU env $* java ${WM_JVM[*]} -jar redirector/target/waymark.jar   # $label; WAYMARK_DATA_DIR/HTTP_PORT/ADMIN_PORT set" >>"$WORK/commands.txt"
  log "first redirect after $V_START_MS ms"
  V_STARTED_MS=$(grep -o 'event=started.*millis=[0-9]*' "$WORK/waymark.log" | tail -1 | grep -o '[0-9]*$')
  V_ANALYTICS=$(grep -o 'event=started.*analytics=[a-z-]*' "$WORK/waymark.log" | tail -1 | sed 's/.*analytics=//')
  (( prime )) || return 0
  if [[ $* == *WAYMARK_CLICKHOUSE_URL* ]]; then
    V_HITS_BEFORE=$(wait_hits "$(hits_offered)")
  fi
  gen "$label-prime" "$WM_HTTP_PORT" --mode closed -c "$CONNS" --warmup 0 -d 600 --sequential \
    --generate "$LINKS" -n "$LINKS"
  [[ -f $WORK/$label-prime.json ]] || return 1
  V_PRIME_SENT=$(jq -r '.sent' "$WORK/$label-prime.json")
  read -r V_RSS_PRIMED _ < <(rss_kib "$WM_PID")
  V_HEAP_PRIMED=$(live_heap "$WM_PID")
}

# jit_warmup LABEL: closed-loop load so the JIT compiles the hot path before anything is measured.
jit_warmup() {
  gen "$1-jit" "$WM_HTTP_PORT" --mode closed -c "$CONNS" --warmup 0 -d "$JIT_WARMUP" --generate "$LINKS"
}

SEED_MS="" STORE_BYTES="" SEED_OK=1
if ! seed_links; then
  SEED_OK=0
  stop_waymark
fi
failure() { echo "not measured: $(grep -v '^\s*$' "$WORK/waymark.log" 2>/dev/null | tail -1 | cut -c1-200)"; }

# Waymark with full tracking to ClickHouse: the target configuration, every workload beside nginx.
WM_OK=0 WM_STATUS=${CH_STATUS:-measured}
WM_HITS_PRIMED="" WM_HITS_EXPECTED="" WM_HITS_ROWS="" WM_HITS_IDS="" WM_HITS_OFFERED="" WM_HITS_BEFORE="" WM_PRIME_SENT=""
if (( SEED_OK && CH_OK )); then
  if run_variant waymark 1 "${CH_ENV[@]}"; then
    WM_OK=1
    WM_START_MS=$V_START_MS WM_STARTED_MS=$V_STARTED_MS WM_ANALYTICS=$V_ANALYTICS
    WM_RSS_PRIMED=$V_RSS_PRIMED WM_HEAP_PRIMED=$V_HEAP_PRIMED
    # Before any timed load: ClickHouse must hold every hit the service recorded, and the service
    # must have recorded the priming's requests (the generator's count) on top of those before.
    WM_HITS_BEFORE=$V_HITS_BEFORE WM_PRIME_SENT=$V_PRIME_SENT
    WM_HITS_EXPECTED=$(hits_offered)
    log "hits: $WM_PRIME_SENT priming requests sent, $(( WM_HITS_EXPECTED - WM_HITS_BEFORE )) recorded; waiting for ClickHouse"
    WM_HITS_PRIMED=$(wait_hits "$WM_HITS_EXPECTED")
    log "hits stored $WM_HITS_PRIMED of $WM_HITS_EXPECTED recorded"
    jit_warmup waymark
  else
    WM_STATUS=$(failure)
    stop_waymark
  fi
elif (( ! SEED_OK )); then
  WM_STATUS=$(failure)
fi

workloads
read -r NGINX_RSS NGINX_RSS_PEAK < <(rss_kib "$NGINX_PID" $NGINX_WORKERS)
if (( WM_OK )); then
  read -r WM_RSS WM_RSS_PEAK < <(rss_kib "$WM_PID")
  # The whole run: every hit the redirect path recorded must reach ClickHouse, once.
  WM_HITS_OFFERED=$(hits_offered)
  WM_HITS_ROWS=$(wait_hits "${WM_HITS_OFFERED:-0}")
  read -r _ WM_HITS_IDS < <(ch_hits)
  log "hits: ClickHouse holds $WM_HITS_ROWS rows ($WM_HITS_IDS distinct) of $WM_HITS_OFFERED recorded"
fi
stop_waymark

# Waymark on embedded defaults (hits enriched and written to embedded DuckDB in the same JVM). Not
# primed, to keep the full run within 10 min: its cache holds what the JIT warm-up and the
# workloads asked for (the Zipf head), so rare codes in its measured windows may be misses.
EMB_OK=0 EMB_STATUS=measured
if (( SEED_OK )) && run_variant embedded 0; then
  EMB_OK=1
  EMB_START_MS=$V_START_MS EMB_STARTED_MS=$V_STARTED_MS EMB_ANALYTICS=$V_ANALYTICS
  EMB_RSS_PRIMED=$V_RSS_PRIMED EMB_HEAP_PRIMED=$V_HEAP_PRIMED
  jit_warmup embedded
  if [[ $NGINX_MAX != 0 ]]; then
    embedded_workloads
  fi
  read -r EMB_RSS EMB_RSS_PEAK < <(rss_kib "$WM_PID")
else
  EMB_STATUS=$(failure)
fi
stop_waymark

# Waymark with tracking off: the same redirect path without building or offering a hit, and no
# analytics store. wrk only, each round straight after one of nginx's, so the two ratios (tracking
# on above, off here) say what tracking costs the one server core.
UNT_OK=0 UNT_STATUS=measured
if (( SEED_OK )) && run_variant untracked 0 WAYMARK_TRACKING=off; then
  UNT_OK=1
  UNT_START_MS=$V_START_MS UNT_ANALYTICS=$V_ANALYTICS
  jit_warmup untracked
  for (( r = 1; r <= ROUNDS; r++ )); do
    wrk_run "nginx-beside-untracked-r$r" "http://$HOST:$NGINX_PORT/$CODE0"
    wrk_run "untracked-r$r" "http://$HOST:$WM_HTTP_PORT/$CODE0"
  done
  best_wrk nginx-beside-untracked
  best_wrk untracked
  read -r UNT_RSS _ < <(rss_kib "$WM_PID")
else
  UNT_STATUS=$(failure)
fi
stop_waymark
kill "$NGINX_PID"; wait "$NGINX_PID" 2>/dev/null || true

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
wm_jvm=${WM_JVM[*]}
nginx_start_ms=$NGINX_START_MS
nginx_rss_kib=$NGINX_RSS
nginx_rss_peak_kib=$NGINX_RSS_PEAK
seed_ms=$SEED_MS
store_bytes=$STORE_BYTES
waymark_status=$WM_STATUS
waymark_start_ms=${WM_START_MS:-}
waymark_started_log_ms=${WM_STARTED_MS:-}
waymark_analytics=${WM_ANALYTICS:-}
waymark_rss_primed_kib=${WM_RSS_PRIMED:-}
waymark_heap_primed_bytes=${WM_HEAP_PRIMED:-}
waymark_rss_kib=${WM_RSS:-}
waymark_rss_peak_kib=${WM_RSS_PEAK:-}
waymark_hits_before=$WM_HITS_BEFORE
waymark_prime_sent=$WM_PRIME_SENT
waymark_hits_expected=$WM_HITS_EXPECTED
waymark_hits_primed=$WM_HITS_PRIMED
waymark_hits_offered=$WM_HITS_OFFERED
waymark_hits_rows=$WM_HITS_ROWS
waymark_hits_ids=$WM_HITS_IDS
embedded_status=$EMB_STATUS
embedded_start_ms=${EMB_START_MS:-}
embedded_started_log_ms=${EMB_STARTED_MS:-}
embedded_analytics=${EMB_ANALYTICS:-}
embedded_rss_primed_kib=${EMB_RSS_PRIMED:-}
embedded_heap_primed_bytes=${EMB_HEAP_PRIMED:-}
embedded_rss_kib=${EMB_RSS:-}
embedded_rss_peak_kib=${EMB_RSS_PEAK:-}
untracked_status=$UNT_STATUS
untracked_start_ms=${UNT_START_MS:-}
untracked_analytics=${UNT_ANALYTICS:-}
untracked_rss_kib=${UNT_RSS:-}
EOF
python3 "$BENCH/scripts/report.py" "$WORK" "$BENCH/latency.svg" >"$BENCH/RESULTS.md"
log "wrote $BENCH/RESULTS.md (raw results in $WORK)"
