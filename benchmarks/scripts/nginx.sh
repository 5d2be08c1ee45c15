# Sourced by the benchmark scripts: nginx `return 302`, the yardstick every redirect figure is a
# ratio of, configured the one way all of them measure it.
#
#   nginx_302_conf DIR HOST PORT   writes DIR/nginx.conf (logs, pid and temp files under DIR)

nginx_302_conf() {
  local dir=$1 host=$2 port=$3
  mkdir -p "$dir/logs"
  cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  keepalive_requests 10000000;  # like Vert.x: no forced reconnects in the middle of a run
  server {
    listen $host:$port;
    location / { return 302 https://example.com/; }
  }
}
CONF
}
