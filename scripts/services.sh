#!/usr/bin/env bash
# Installs (apt) and runs Redis and ClickHouse on loopback-only ports for Waymark's tests and
# local use, without touching any system instance of either.
#
#   scripts/services.sh start|stop|status|env [redis|clickhouse|redis-cluster|redis-sentinel|clickhouse-cluster]
#   scripts/services.sh geoip      the country database for WAYMARK_GEOIP_DB: fetched once, prints its path
#
# Data, logs, configs and pid files live under WAYMARK_SERVICES_DIR (default <repo>/.services).
# `stop` stops only what this script started, found by its own pid files.
# Status messages go to stderr and the export lines to stdout, so this works:
#   eval "$(scripts/services.sh start)"
# Exit status of `status`: 0 when every asked-for service runs, 3 otherwise.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
services_dir=${WAYMARK_SERVICES_DIR:-$repo_root/.services}
redis_port=${WAYMARK_SERVICES_REDIS_PORT:-16379}
ch_http_port=${WAYMARK_SERVICES_CLICKHOUSE_HTTP_PORT:-18123}
ch_tcp_port=${WAYMARK_SERVICES_CLICKHOUSE_TCP_PORT:-19000}
start_timeout=${WAYMARK_SERVICES_TIMEOUT:-60}   # seconds, per service
# Redis keeps an append-only file (fsync once a second) unless asked not to: this Redis is
# offered for local use too, where links are the store of record. Throwaway test runs may say no.
redis_aof=${WAYMARK_SERVICES_REDIS_AOF:-yes}
# Opt-in (never started without being named): a 3-master Redis Cluster, each master with one
# replica, on 6 consecutive ports; and a Sentinel setup (master, replica, 3 sentinels). Both keep
# no data on disk: they exist for the cluster and failover tests, and for trying those modes out.
cluster_port=${WAYMARK_SERVICES_REDIS_CLUSTER_PORT:-47001}     # 47001..47006
sentinel_data_port=${WAYMARK_SERVICES_REDIS_SENTINEL_DATA_PORT:-47101} # master; replica +1
sentinel_port=${WAYMARK_SERVICES_REDIS_SENTINEL_PORT:-47111}   # 47111..47113
sentinel_master=waymark
ch_config_src=${WAYMARK_CLICKHOUSE_CONFIG_SRC:-/etc/clickhouse-server}

redis_dir=$services_dir/redis
redis_pidfile=$redis_dir/redis.pid
redis_log=$redis_dir/redis.log
cluster_dir=$services_dir/redis-cluster
sentinel_dir=$services_dir/redis-sentinel
ch_dir=$services_dir/clickhouse
ch_pidfile=$ch_dir/clickhouse.pid
ch_logdir=$ch_dir/log

log() { printf 'services: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
  cat >&2 <<'EOF'
usage: scripts/services.sh start|stop|status|env [redis|clickhouse|redis-cluster|redis-sentinel|clickhouse-cluster] | tools | geoip
  start   install if missing, start on 127.0.0.1 (Redis 16379, ClickHouse 18123/19000), wait until up
  stop    stop what this script started (by its pid files)
  status  say what runs (exit 0 when all asked-for services run, 3 otherwise)
  env     print the export lines for WAYMARK_REDIS_URL / WAYMARK_CLICKHOUSE_URL
          (redis-cluster, redis-sentinel: only when named; WAYMARK_REDIS_CLUSTER_URL, WAYMARK_REDIS_SENTINEL_URL;
          clickhouse-cluster: two shards of the cluster `waymark` and a ZooKeeper, only when named;
          WAYMARK_CLICKHOUSE_CLUSTER_URL (the first server), WAYMARK_CLICKHOUSE_CLUSTER_NODES (one a shard),
          WAYMARK_CLICKHOUSE_CLUSTER_NAME)
  tools   install the command-line tools the tests use (zbarimg, rsvg-convert, haproxy)
  geoip   fetch the ip-location-db country database (npm; CC BY 4.0, NRO) once into <services dir>/geoip,
          print the .mmdb's path (for WAYMARK_GEOIP_DB); WAYMARK_SERVICES_GEOIP_VERSION picks another build
env: WAYMARK_SERVICES_DIR (default <repo>/.services), WAYMARK_SERVICES_TIMEOUT (60 s),
     WAYMARK_SERVICES_REDIS_PORT, WAYMARK_SERVICES_CLICKHOUSE_HTTP_PORT, WAYMARK_SERVICES_CLICKHOUSE_TCP_PORT,
     WAYMARK_SERVICES_REDIS_AOF (yes: Redis writes an append-only file, fsync every second; no: in memory only),
     WAYMARK_SERVICES_REDIS_CLUSTER_PORT (47001: six nodes from there), WAYMARK_SERVICES_REDIS_SENTINEL_DATA_PORT
     (47101: master, replica on +1), WAYMARK_SERVICES_REDIS_SENTINEL_PORT (47111: three sentinels from there),
     WAYMARK_SERVICES_CLICKHOUSE_CLUSTER_HTTP_PORT (18124) / _TCP_PORT (19001) / _INTERSERVER_PORT (19011):
     one port per server from there, WAYMARK_SERVICES_CLICKHOUSE_CLUSTER_REPLICAS (1, or 2: four servers),
     WAYMARK_SERVICES_ZOOKEEPER_PORT (12181)
EOF
}

# --- installation --------------------------------------------------------------------------

apt_updated=0

as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root (or sudo) to run: $*"
  fi
}

package_installed() {
  [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true) == "install ok installed" ]]
}

# Installs the given Debian packages that are missing; `apt-get update` runs at most once per run.
ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    package_installed "$pkg" || missing+=("$pkg")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  command -v apt-get >/dev/null 2>&1 || die "missing packages (${missing[*]}) and no apt-get to install them"
  if [[ $apt_updated -eq 0 ]]; then
    log "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    apt_updated=1
  fi
  log "installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}

# --- process helpers -----------------------------------------------------------------------

# Prints the pid from a pid file when that process is alive and is the expected program.
live_pid() {
  local pidfile=$1 program=$2 pid
  [[ -s $pidfile ]] || return 1
  pid=$(tr -dc '0-9' <"$pidfile")
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 1
  # A recycled pid must not make us report (or stop) someone else's process.
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$program" || return 1
  printf '%s\n' "$pid"
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

require_free_port() {
  local port=$1 what=$2
  if port_open "$port"; then
    die "port $port on 127.0.0.1 is taken by a process this script did not start (services dir $services_dir); stop it or set WAYMARK_SERVICES_* ports ($what)"
  fi
}

stop_pid() {
  local name=$1 pidfile=$2 program=$3 pid i
  if ! pid=$(live_pid "$pidfile" "$program"); then
    rm -f "$pidfile"
    log "$name: not running"
    return 0
  fi
  kill -TERM "$pid"
  for ((i = 0; i < start_timeout * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name: pid $pid ignored SIGTERM for ${start_timeout}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  log "$name: stopped (pid $pid)"
}

show_log_tail() {
  local f
  for f in "$@"; do
    [[ -s $f ]] || continue
    log "--- last lines of $f ---"
    tail -n 40 "$f" >&2
  done
}

# --- Redis ---------------------------------------------------------------------------------

redis_ping() {
  [[ $(redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null || true) == PONG ]]
}

redis_start() {
  local pid i
  if pid=$(live_pid "$redis_pidfile" redis-server); then
    log "redis: already running (pid $pid, port $redis_port)"
    return 0
  fi
  case $redis_aof in
    yes | no) ;;
    *) die "WAYMARK_SERVICES_REDIS_AOF must be yes or no, was '$redis_aof'" ;;
  esac
  ensure_packages redis-server redis-tools
  rm -f "$redis_pidfile"
  require_free_port "$redis_port" redis
  mkdir -p "$redis_dir"
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" \
    --appendonly "$redis_aof" --appendfsync everysec \
    --daemonize yes --pidfile "$redis_pidfile" --logfile "$redis_log" --dir "$redis_dir" \
    >>"$redis_dir/stdout.log" 2>&1 ||
    { show_log_tail "$redis_dir/stdout.log" "$redis_log"; die "redis: redis-server failed to start"; }
  for ((i = 0; i < start_timeout * 10; i++)); do
    if redis_ping && live_pid "$redis_pidfile" redis-server >/dev/null; then
      log "redis: started (pid $(cat "$redis_pidfile"), port $redis_port, appendonly $redis_aof)"
      return 0
    fi
    sleep 0.1
  done
  show_log_tail "$redis_dir/stdout.log" "$redis_log"
  die "redis: no PONG on 127.0.0.1:$redis_port within ${start_timeout}s"
}

redis_stop() { stop_pid redis "$redis_pidfile" redis-server; }

redis_status() {
  local pid
  if pid=$(live_pid "$redis_pidfile" redis-server); then
    log "redis: running (pid $pid, redis://127.0.0.1:$redis_port/0, appendonly $(redis-cli -h 127.0.0.1 -p "$redis_port" config get appendonly 2>/dev/null | sed -n 2p))"
    return 0
  fi
  log "redis: stopped$(port_open "$redis_port" && printf ' (but port %s is taken by another process)' "$redis_port")"
  return 3
}

redis_env() { printf 'export WAYMARK_REDIS_URL=redis://127.0.0.1:%s/0\n' "$redis_port"; }

# --- ClickHouse ----------------------------------------------------------------------------

ch_ping() {
  [[ $(curl -fsS --max-time 2 "http://127.0.0.1:$ch_http_port/ping" 2>/dev/null || true) == Ok. ]]
}

# Writes config.xml and users.xml: the packaged ones, with every path moved into the services
# dir, ports moved off the defaults, loopback only, and caches sized for a laptop or CI box.
# Arguments (for the cluster's nodes): directory, HTTP port, native port; the single server's
# by default.
ch_write_config() {
  local dir=${1:-$ch_dir} http=${2:-$ch_http_port} tcp=${3:-$ch_tcp_port}
  local etc=$dir/etc logdir=$dir/log d
  [[ -r $ch_config_src/config.xml && -r $ch_config_src/users.xml ]] ||
    die "clickhouse: $ch_config_src/config.xml or users.xml missing (is clickhouse-server installed?)"
  for d in etc data tmp user_files format_schemas log; do mkdir -p "$dir/$d"; done
  sed -E \
    -e "s#<log>[^<]*</log>#<log>$logdir/clickhouse-server.log</log>#" \
    -e "s#<errorlog>[^<]*</errorlog>#<errorlog>$logdir/clickhouse-server.err.log</errorlog>#" \
    -e '/<logger>/,/<\/logger>/{s#<level>[^<]*</level>#<level>information</level>#;s#<size>[^<]*</size>#<size>100M</size>#;s#<count>[^<]*</count>#<count>2</count>#}' \
    -e "s#<http_port>[^<]*</http_port>#<http_port>$http</http_port>\n    <listen_host>127.0.0.1</listen_host>#" \
    -e "s#<tcp_port>[^<]*</tcp_port>#<tcp_port>$tcp</tcp_port>#" \
    -e '/<listen_host>[^<]*<\/listen_host>/{/<http_port>/!d}' \
    -e '/<(https_port|tcp_port_secure|interserver_http_port|interserver_https_port|mysql_port|postgresql_port|grpc_port|prometheus_port)>/d' \
    -e "s#<path>/var/lib/clickhouse/?</path>#<path>$dir/data/</path>#" \
    -e "s#<tmp_path>[^<]*</tmp_path>#<tmp_path>$dir/tmp/</tmp_path>#" \
    -e "s#<user_files_path>[^<]*</user_files_path>#<user_files_path>$dir/user_files/</user_files_path>#" \
    -e "s#<format_schema_path>[^<]*</format_schema_path>#<format_schema_path>$dir/format_schemas/</format_schema_path>#" \
    -e "s#<users_config>[^<]*</users_config>#<users_config>$etc/users.xml</users_config>#" \
    -e 's#<mark_cache_size>[^<]*</mark_cache_size>#<mark_cache_size>268435456</mark_cache_size>#' \
    -e 's#<uncompressed_cache_size>[^<]*</uncompressed_cache_size>#<uncompressed_cache_size>268435456</uncompressed_cache_size>#' \
    "$ch_config_src/config.xml" >"$etc/config.xml"
  sed -E \
    -e 's#<max_memory_usage>[^<]*</max_memory_usage>#<max_memory_usage>2000000000</max_memory_usage>#' \
    "$ch_config_src/users.xml" >"$etc/users.xml"
  # Any path left pointing into the system install would clash with a system ClickHouse.
  if grep -nE '<(path|tmp_path|user_files_path|format_schema_path|log|errorlog)>/var/' "$etc/config.xml" >&2; then
    die "clickhouse: could not relocate the paths above in $etc/config.xml"
  fi
}

ch_start() {
  local pid i started
  if pid=$(live_pid "$ch_pidfile" clickhouse); then
    log "clickhouse: already running (pid $pid, http $ch_http_port, native $ch_tcp_port)"
    return 0
  fi
  ensure_packages clickhouse-server clickhouse-client curl
  rm -f "$ch_pidfile"
  require_free_port "$ch_http_port" "clickhouse http"
  require_free_port "$ch_tcp_port" "clickhouse native"
  ch_write_config
  started=$(date +%s.%N)
  # The log directory must exist before --daemon, or the server exits without a word.
  mkdir -p "$ch_logdir"
  clickhouse-server --config-file="$ch_dir/etc/config.xml" --pid-file="$ch_pidfile" --daemon \
    >>"$ch_logdir/stdout.log" 2>&1 ||
    { show_log_tail "$ch_logdir/stdout.log" "$ch_logdir/clickhouse-server.err.log"; die "clickhouse: clickhouse-server failed to start"; }
  for ((i = 0; i < start_timeout * 5; i++)); do
    if ch_ping; then
      # The daemon writes its pid file a moment after forking; wait for it so `stop` works.
      if pid=$(live_pid "$ch_pidfile" clickhouse); then
        log "clickhouse: started in $(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')s (pid $pid, http $ch_http_port, native $ch_tcp_port)"
        return 0
      fi
    elif ! ch_process_exists; then
      break # a bad config makes the daemon exit silently, often before it writes its pid file
    fi
    sleep 0.2
  done
  show_log_tail "$ch_logdir/stdout.log" "$ch_logdir/clickhouse-server.err.log" "$ch_logdir/clickhouse-server.log"
  ch_process_exists || die "clickhouse: the server exited during start-up (config $ch_dir/etc/config.xml)"
  die "clickhouse: no Ok. from http://127.0.0.1:$ch_http_port/ping within ${start_timeout}s"
}

# True while any process runs with our config file, pid file written or not.
ch_process_exists() {
  local f
  for f in /proc/[0-9]*/cmdline; do
    tr '\0' ' ' <"$f" 2>/dev/null | grep -qF -- "$ch_dir/etc/config.xml" && return 0
  done
  return 1
}

ch_stop() { stop_pid clickhouse "$ch_pidfile" clickhouse; }

ch_status() {
  local pid
  if pid=$(live_pid "$ch_pidfile" clickhouse); then
    log "clickhouse: running (pid $pid, http://127.0.0.1:$ch_http_port, native 127.0.0.1:$ch_tcp_port)"
    return 0
  fi
  log "clickhouse: stopped$(port_open "$ch_http_port" && printf ' (but port %s is taken by another process)' "$ch_http_port")"
  return 3
}

ch_env() { printf 'export WAYMARK_CLICKHOUSE_URL=http://127.0.0.1:%s\n' "$ch_http_port"; }

# --- ClickHouse cluster (opt-in) -----------------------------------------------------------

# Two ClickHouse servers as the two shards of the cluster `waymark` (each shard with
# WAYMARK_SERVICES_CLICKHOUSE_CLUSTER_REPLICAS replicas, 1 by default), and one ZooKeeper, which
# ON CLUSTER statements need even without replicas: their queue lives there.
chc_dir=$services_dir/clickhouse-cluster
chc_http_port=${WAYMARK_SERVICES_CLICKHOUSE_CLUSTER_HTTP_PORT:-18124}          # one per node from here
chc_tcp_port=${WAYMARK_SERVICES_CLICKHOUSE_CLUSTER_TCP_PORT:-19001}            # one per node from here
chc_interserver_port=${WAYMARK_SERVICES_CLICKHOUSE_CLUSTER_INTERSERVER_PORT:-19011} # replication
chc_replicas=${WAYMARK_SERVICES_CLICKHOUSE_CLUSTER_REPLICAS:-1}
chc_shards=2
chc_name=waymark
zk_port=${WAYMARK_SERVICES_ZOOKEEPER_PORT:-12181}
zk_dir=$chc_dir/zookeeper

chc_nodes() { seq 0 $((chc_shards * chc_replicas - 1)); }
# Node n is replica n % replicas of shard n / replicas, both counted from 1 in its directory name.
chc_node_dir() { printf '%s/shard%s-replica%s' "$chc_dir" $(($1 / chc_replicas + 1)) $(($1 % chc_replicas + 1)); }

zk_ok() {
  [[ $(timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$zk_port; printf ruok >&3; cat <&3" 2>/dev/null || true) == imok ]]
}

zk_start() {
  local i
  live_pid "$zk_dir/zookeeper.pid" ZooKeeperServerMain >/dev/null && return 0
  ensure_packages zookeeper
  require_free_port "$zk_port" zookeeper
  mkdir -p "$zk_dir/data"
  # Standalone, in memory as far as tests go (its data dir is thrown away with the cluster).
  printf '%s\n' "tickTime=500" "dataDir=$zk_dir/data" "clientPort=$zk_port" "clientPortAddress=127.0.0.1" \
    "admin.enableServer=false" "4lw.commands.whitelist=ruok" "maxSessionTimeout=30000" >"$zk_dir/zoo.cfg"
  nohup java -Xmx128m -XX:+UseSerialGC -cp /usr/share/java/zookeeper.jar \
    org.apache.zookeeper.server.ZooKeeperServerMain "$zk_dir/zoo.cfg" >"$zk_dir/zookeeper.log" 2>&1 &
  echo $! >"$zk_dir/zookeeper.pid"
  for ((i = 0; i < start_timeout * 10; i++)); do
    zk_ok && return 0
    live_pid "$zk_dir/zookeeper.pid" ZooKeeperServerMain >/dev/null || break
    sleep 0.1
  done
  show_log_tail "$zk_dir/zookeeper.log"
  die "zookeeper: no imok on 127.0.0.1:$zk_port within ${start_timeout}s"
}

# The cluster as every node sees it, ZooKeeper, the DDL queue, and the node's own macros.
chc_write_cluster_config() {
  local node=$1 dir n s r
  dir=$(chc_node_dir "$1")
  {
    printf '<yandex>\n  <remote_servers replace="1">\n    <%s>\n' "$chc_name"
    for ((s = 0; s < chc_shards; s++)); do
      # With replicas, each writes its own copy through replication, not the Distributed table.
      printf '      <shard>\n        <internal_replication>%s</internal_replication>\n' \
        "$([[ $chc_replicas -gt 1 ]] && echo true || echo false)"
      for ((r = 0; r < chc_replicas; r++)); do
        n=$((s * chc_replicas + r))
        printf '        <replica><host>127.0.0.1</host><port>%s</port></replica>\n' $((chc_tcp_port + n))
      done
      printf '      </shard>\n'
    done
    printf '    </%s>\n  </remote_servers>\n' "$chc_name"
    printf '  <zookeeper replace="1"><node><host>127.0.0.1</host><port>%s</port></node></zookeeper>\n' "$zk_port"
    printf '  <distributed_ddl replace="1"><path>/clickhouse/task_queue/ddl</path></distributed_ddl>\n'
    printf '  <macros replace="1"><cluster>%s</cluster><shard>%s</shard><replica>node%s</replica></macros>\n' \
      "$chc_name" $((node / chc_replicas + 1)) "$node"
    printf '  <interserver_http_port>%s</interserver_http_port>\n' $((chc_interserver_port + node))
    printf '  <interserver_http_host>127.0.0.1</interserver_http_host>\n</yandex>\n'
  } >"$dir/etc/config.d/cluster.xml"
}

chc_start() {
  local node dir pid i up started
  [[ $chc_replicas =~ ^[12]$ ]] || die "WAYMARK_SERVICES_CLICKHOUSE_CLUSTER_REPLICAS must be 1 or 2, was '$chc_replicas'"
  ensure_packages clickhouse-server clickhouse-client curl
  started=$(date +%s.%N)
  zk_start
  for node in $(chc_nodes); do
    dir=$(chc_node_dir "$node")
    live_pid "$dir/clickhouse.pid" clickhouse >/dev/null && continue
    require_free_port $((chc_http_port + node)) "clickhouse-cluster http"
    require_free_port $((chc_tcp_port + node)) "clickhouse-cluster native"
    ch_write_config "$dir" $((chc_http_port + node)) $((chc_tcp_port + node))
    mkdir -p "$dir/etc/config.d"
    chc_write_cluster_config "$node"
    clickhouse-server --config-file="$dir/etc/config.xml" --pid-file="$dir/clickhouse.pid" --daemon \
      >>"$dir/log/stdout.log" 2>&1 ||
      { show_log_tail "$dir/log/stdout.log" "$dir/log/clickhouse-server.err.log"; die "clickhouse-cluster: node $node failed to start"; }
  done
  for ((i = 0; i < start_timeout * 5; i++)); do
    up=0
    for node in $(chc_nodes); do
      [[ $(curl -fsS --max-time 2 "http://127.0.0.1:$((chc_http_port + node))/ping" 2>/dev/null || true) == Ok. ]] &&
        live_pid "$(chc_node_dir "$node")/clickhouse.pid" clickhouse >/dev/null && up=$((up + 1))
    done
    if [[ $up -eq $((chc_shards * chc_replicas)) ]]; then
      log "clickhouse-cluster: started in $(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')s ($chc_shards shards x $chc_replicas replicas, http $chc_http_port.., zookeeper $zk_port)"
      return 0
    fi
    sleep 0.2
  done
  for node in $(chc_nodes); do show_log_tail "$(chc_node_dir "$node")/log/clickhouse-server.err.log"; done
  die "clickhouse-cluster: not every node answered within ${start_timeout}s"
}

chc_stop() {
  local node
  for node in $(chc_nodes); do
    stop_pid "clickhouse-cluster $(basename "$(chc_node_dir "$node")")" "$(chc_node_dir "$node")/clickhouse.pid" clickhouse
  done
  stop_pid zookeeper "$zk_dir/zookeeper.pid" ZooKeeperServerMain
  # The DDL queue and replica paths live in ZooKeeper: a cluster started again starts afresh.
  rm -rf "$chc_dir"
}

chc_status() {
  local node rc=0
  for node in $(chc_nodes); do
    live_pid "$(chc_node_dir "$node")/clickhouse.pid" clickhouse >/dev/null || rc=3
  done
  live_pid "$zk_dir/zookeeper.pid" ZooKeeperServerMain >/dev/null || rc=3
  if [[ $rc -eq 0 ]]; then log "clickhouse-cluster: running (http $chc_http_port.., zookeeper $zk_port)"; else log "clickhouse-cluster: stopped (or partly)"; fi
  return "$rc"
}

# NODES: one server of each shard (its first replica), in shard order.
chc_env() {
  local node urls=()
  for ((node = 0; node < chc_shards * chc_replicas; node += chc_replicas)); do
    urls+=("http://127.0.0.1:$((chc_http_port + node))")
  done
  printf 'export WAYMARK_CLICKHOUSE_CLUSTER_URL=%s\n' "${urls[0]}"
  printf 'export WAYMARK_CLICKHOUSE_CLUSTER_NODES=%s\n' "$(IFS=,; echo "${urls[*]}")"
  printf 'export WAYMARK_CLICKHOUSE_CLUSTER_NAME=%s\n' "$chc_name"
}

# --- Redis Cluster and Sentinel (opt-in) ---------------------------------------------------

# Starts one throwaway redis-server (no persistence) named by its port under $1, extra args after.
redis_node_start() {
  local dir=$1 port=$2 i
  shift 2
  mkdir -p "$dir/$port"
  if live_pid "$dir/$port/redis.pid" redis-server >/dev/null; then
    return 0
  fi
  require_free_port "$port" "redis node in $dir"
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no \
    --daemonize yes --pidfile "$dir/$port/redis.pid" --logfile "$dir/$port/redis.log" --dir "$dir/$port" "$@" \
    >>"$dir/$port/stdout.log" 2>&1 ||
    { show_log_tail "$dir/$port/stdout.log" "$dir/$port/redis.log"; die "redis node $port failed to start"; }
  for ((i = 0; i < start_timeout * 10; i++)); do
    [[ $(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null || true) == PONG ]] && return 0
    sleep 0.1
  done
  show_log_tail "$dir/$port/redis.log"
  die "redis node $port: no PONG within ${start_timeout}s"
}

cluster_ports() { seq "$cluster_port" $((cluster_port + 5)); }

redis_cluster_start() {
  local port nodes=() i
  ensure_packages redis-server redis-tools
  for port in $(cluster_ports); do
    # A short node timeout makes a replica take over from a dead master within a few seconds;
    # without full coverage the other masters' slots keep serving meanwhile.
    redis_node_start "$cluster_dir" "$port" --cluster-enabled yes --cluster-config-file nodes.conf \
      --cluster-node-timeout 2000 --cluster-require-full-coverage no
    nodes+=("127.0.0.1:$port")
  done
  if [[ $(redis-cli -p "$cluster_port" cluster info | tr -d '\r' | sed -n 's/^cluster_known_nodes://p') == 1 ]]; then
    redis-cli --cluster create "${nodes[@]}" --cluster-replicas 1 --cluster-yes >"$cluster_dir/create.log" 2>&1 ||
      { show_log_tail "$cluster_dir/create.log"; die "redis-cluster: redis-cli --cluster create failed"; }
  fi
  for ((i = 0; i < start_timeout * 10; i++)); do
    if redis-cli -p "$cluster_port" cluster info | grep -q '^cluster_state:ok' &&
      [[ $(redis-cli -p "$cluster_port" cluster nodes | grep -c master) -ge 3 ]]; then
      log "redis-cluster: started (3 masters, 3 replicas, ports $cluster_port..$((cluster_port + 5)))"
      return 0
    fi
    sleep 0.1
  done
  die "redis-cluster: state not ok within ${start_timeout}s"
}

redis_cluster_stop() {
  local port
  for port in $(cluster_ports); do stop_pid "redis-cluster node $port" "$cluster_dir/$port/redis.pid" redis-server; done
  # Node ids and slots live in nodes.conf: a cluster started again is created afresh.
  rm -rf "$cluster_dir"
}

redis_cluster_status() {
  local port rc=0
  for port in $(cluster_ports); do
    live_pid "$cluster_dir/$port/redis.pid" redis-server >/dev/null || rc=3
  done
  if [[ $rc -eq 0 ]]; then log "redis-cluster: running (ports $cluster_port..$((cluster_port + 5)))"; else log "redis-cluster: stopped (or partly)"; fi
  return "$rc"
}

redis_cluster_env() {
  printf 'export WAYMARK_REDIS_CLUSTER_URL=redis-cluster://127.0.0.1:%s,127.0.0.1:%s,127.0.0.1:%s\n' \
    "$cluster_port" $((cluster_port + 1)) $((cluster_port + 2))
}

sentinel_ports() { seq "$sentinel_port" $((sentinel_port + 2)); }

redis_sentinel_start() {
  local port conf i
  ensure_packages redis-server redis-tools
  redis_node_start "$sentinel_dir" "$sentinel_data_port"
  redis_node_start "$sentinel_dir" $((sentinel_data_port + 1)) --replicaof 127.0.0.1 "$sentinel_data_port"
  for port in $(sentinel_ports); do
    mkdir -p "$sentinel_dir/$port"
    conf=$sentinel_dir/$port/sentinel.conf
    # Sentinel rewrites its config file as it learns the setup, so each gets its own, fresh.
    if ! live_pid "$sentinel_dir/$port/redis.pid" redis-server >/dev/null; then
      printf '%s\n' "sentinel monitor $sentinel_master 127.0.0.1 $sentinel_data_port 2" \
        "sentinel down-after-milliseconds $sentinel_master 2000" \
        "sentinel failover-timeout $sentinel_master 10000" >"$conf"
      require_free_port "$port" "redis sentinel"
      redis-server "$conf" --sentinel --port "$port" --bind 127.0.0.1 --daemonize yes \
        --pidfile "$sentinel_dir/$port/redis.pid" --logfile "$sentinel_dir/$port/sentinel.log" --dir "$sentinel_dir/$port" \
        >>"$sentinel_dir/$port/stdout.log" 2>&1 || die "redis sentinel $port failed to start"
    fi
  done
  for ((i = 0; i < start_timeout * 10; i++)); do
    if [[ $(redis-cli -p "$sentinel_port" sentinel master "$sentinel_master" 2>/dev/null | grep -A1 '^num-other-sentinels$' | tail -1) == 2 ]] &&
      redis-cli -p "$sentinel_data_port" info replication | grep -q 'connected_slaves:1'; then
      log "redis-sentinel: started (master $sentinel_data_port, replica $((sentinel_data_port + 1)), sentinels $sentinel_port..$((sentinel_port + 2)))"
      return 0
    fi
    sleep 0.1
  done
  die "redis-sentinel: sentinels did not see each other and the replica within ${start_timeout}s"
}

redis_sentinel_stop() {
  local port
  for port in $(sentinel_ports); do stop_pid "redis sentinel $port" "$sentinel_dir/$port/redis.pid" redis-server; done
  for port in "$sentinel_data_port" $((sentinel_data_port + 1)); do
    stop_pid "redis-sentinel node $port" "$sentinel_dir/$port/redis.pid" redis-server
  done
  rm -rf "$sentinel_dir"
}

redis_sentinel_status() {
  local port rc=0
  for port in $(sentinel_ports) "$sentinel_data_port" $((sentinel_data_port + 1)); do
    live_pid "$sentinel_dir/$port/redis.pid" redis-server >/dev/null || rc=3
  done
  if [[ $rc -eq 0 ]]; then log "redis-sentinel: running (sentinels $sentinel_port..$((sentinel_port + 2)))"; else log "redis-sentinel: stopped (or partly)"; fi
  return "$rc"
}

redis_sentinel_env() {
  printf 'export WAYMARK_REDIS_SENTINEL_URL=redis-sentinel://127.0.0.1:%s,127.0.0.1:%s,127.0.0.1:%s/%s\n' \
    "$sentinel_port" $((sentinel_port + 1)) $((sentinel_port + 2)) "$sentinel_master"
}

# --- fleet tools ---------------------------------------------------------------------------

# HAProxy in front of several redirectors: FleetJarIT starts its own on free loopback ports with
# docker/haproxy.cfg, so only the binary is needed here (the system service is left alone).
fleet_tools() {
  ensure_packages haproxy
}

# --- country database ----------------------------------------------------------------------

# The ip-location-db country database (GeoFeed + WHOIS + ASN, IPv4 and IPv6; CC BY 4.0 by the NRO:
# name nro.net where its countries are shown), from the npm registry, kept under the services dir.
# Pinned: the tests assert what this build says of a few addresses, and the package is no longer
# updated on npm. Prints the .mmdb's path; a copy already there is used without asking npm.
geoip_package=@ip-location-db/geo-whois-asn-country-mmdb@${WAYMARK_SERVICES_GEOIP_VERSION:-2.3.2026061719}
geoip_dir=$services_dir/geoip
geoip_db=$geoip_dir/geo-whois-asn-country.mmdb

geoip() {
  if [[ -s $geoip_db ]]; then
    printf '%s\n' "$geoip_db"
    return 0
  fi
  command -v npm >/dev/null 2>&1 || die "geoip: npm not found (install Node.js, or set WAYMARK_GEOIP_DB to a .mmdb of your own)"
  mkdir -p "$geoip_dir"
  local tmp tgz
  tmp=$(mktemp -d "$geoip_dir/.download.XXXXXX")
  log "geoip: npm pack $geoip_package"
  if ! tgz=$(cd "$tmp" && npm pack --loglevel=error "$geoip_package" 2>"$tmp/npm.err" | tail -n 1) || [[ -z $tgz || ! -s $tmp/$tgz ]]; then
    local why
    why=$(grep -v '^\s*$' "$tmp/npm.err" | tail -n 3 | tr '\n' ' ' || true)
    rm -rf "$tmp"
    die "geoip: npm pack $geoip_package failed (offline, or no such version?): ${why:-no output}"
  fi
  tar -xzf "$tmp/$tgz" -C "$tmp" package/geo-whois-asn-country.mmdb package/NRO_LICENSE package/package.json \
    || { rm -rf "$tmp"; die "geoip: $tgz holds no geo-whois-asn-country.mmdb"; }
  mv "$tmp/package/NRO_LICENSE" "$tmp/package/package.json" "$geoip_dir/"
  # Renamed into place last, so a cut download never leaves a file the next run would trust.
  mv "$tmp/package/geo-whois-asn-country.mmdb" "$geoip_db"
  rm -rf "$tmp"
  log "geoip: $geoip_db ($(du -h "$geoip_db" | cut -f1))"
  printf '%s\n' "$geoip_db"
}

# --- main ----------------------------------------------------------------------------------

main() {
  local cmd=${1:-} only=${2:-} names=() name rc=0
  case $only in
    '') names=(redis clickhouse) ;;
    redis | clickhouse | redis-cluster | redis-sentinel | clickhouse-cluster) names=("$only") ;;
    *) usage; exit 2 ;;
  esac
  fn() { case $1 in redis) printf redis ;; clickhouse) printf ch ;; redis-cluster) printf redis_cluster ;; redis-sentinel) printf redis_sentinel ;; clickhouse-cluster) printf chc ;; esac; }
  case $cmd in
    start)
      for name in "${names[@]}"; do "$(fn "$name")_start"; done
      for name in "${names[@]}"; do "$(fn "$name")_env"; done
      ;;
    stop)
      for name in "${names[@]}"; do "$(fn "$name")_stop"; done
      ;;
    status)
      for name in "${names[@]}"; do "$(fn "$name")_status" || rc=3; done
      return "$rc"
      ;;
    env)
      for name in "${names[@]}"; do "$(fn "$name")_env"; done
      ;;
    geoip)
      geoip
      ;;
    tools)
      # Independent QR decoder and SVG rasteriser for the QR scannability tests.
      ensure_packages zbar-tools librsvg2-bin
      fleet_tools
      ;;
    -h | --help | help) usage ;;
    *) usage; exit 2 ;;
  esac
}

main "$@"
