#!/usr/bin/env bash
# Checks the Caddy and nginx configurations of docs/deployment.md as written
# there: each in front of two `clinicsync serve` processes on one PostgreSQL
# database, with TLS from a self-signed certificate. Only the name
# (localhost), the ports and the certificate change. Needs caddy, nginx,
# openssl, curl and a PostgreSQL server:
#
#   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test docs/deployment/check-proxies.sh
#
# Not part of CI (it installs nothing and needs both proxies).
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
doc="$repo/docs/deployment.md"
cli="$repo/packages/cli/bin/clinicsync.js"
admin_url="${TEST_DATABASE_URL:?set TEST_DATABASE_URL to a PostgreSQL server this script may create a database on}"
for tool in caddy nginx openssl curl psql; do
  command -v "$tool" >/dev/null || { echo "check-proxies: $tool is not installed" >&2; exit 1; }
done

work="$(mktemp -d)"
database="cs_proxies_$$"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql "$admin_url" -qAt -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }

# The Nth fenced block of a language in the doc (1 = the first).
block() {
  awk -v lang="$1" -v want="$2" '
    $0 == "```" lang { n++; inside = (n == want); next }
    /^```/ { inside = 0; next }
    inside { print }
  ' "$doc"
}

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
  -subj /CN=localhost -addext 'subjectAltName=DNS:localhost,IP:127.0.0.1' \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null

db_url="${admin_url%/*}/$database"
psql "$admin_url" -qAt -c "CREATE DATABASE $database" >/dev/null
DATABASE_URL="$db_url" node "$cli" seed --clinics 1 --patients 40 --seed 9 >/dev/null

# Two server processes, the proxies' upstreams.
ports=()
for i in 1 2; do
  port=$(free_port)
  ports+=("$port")
  DATABASE_URL="$db_url" TRUST_PROXY=loopback node "$cli" serve --port "$port" --log-level info \
    >"$work/server-$i.log" 2>&1 &
  pids+=($!)
done
for i in 1 2; do
  for _ in $(seq 1 120); do grep -q 'is running at' "$work/server-$i.log" && break; sleep 1; done
  grep -q 'is running at' "$work/server-$i.log" || fail "server $i did not start: $(cat "$work/server-$i.log")"
done

# Caddy: the doc's site block, on localhost with our certificate and both processes.
caddy_port=$(free_port)
{
  printf '{\n\tadmin off\n\tauto_https disable_redirects\n\tskip_install_trust\n}\n'
  block caddyfile 1 |
    sed -e "s|^clinic.example.org {|localhost:$caddy_port {|" \
      -e "s|# tls /etc/ssl/clinic.example.org.pem /etc/ssl/clinic.example.org.key|tls $work/cert.pem $work/key.pem|" \
      -e "s|reverse_proxy 127.0.0.1:3000|reverse_proxy 127.0.0.1:${ports[0]} 127.0.0.1:${ports[1]}|"
} >"$work/Caddyfile"
grep -q "tls $work/cert.pem" "$work/Caddyfile" || fail "the Caddyfile in the doc changed shape: $(cat "$work/Caddyfile")"
XDG_DATA_HOME="$work/caddy-data" XDG_CONFIG_HOME="$work/caddy-config" \
  caddy run --config "$work/Caddyfile" --adapter caddyfile >"$work/caddy.log" 2>&1 &
pids+=($!)

# nginx: the doc's server blocks and upstream, on local ports with our certificate.
nginx_port=$(free_port)
nginx_http_port=$(free_port)
mkdir -p "$work/nginx"
{
  printf 'daemon off;\nworker_processes 1;\npid %s/nginx/nginx.pid;\nerror_log %s/nginx/error.log;\n' "$work" "$work"
  printf 'events {}\nhttp {\n  access_log %s/nginx/access.log;\n' "$work"
  for temp in client_body proxy fastcgi uwsgi scgi; do printf '  %s_temp_path %s/nginx/%s;\n' "$temp" "$work" "$temp"; done
  block nginx 2 | sed -e "s|127.0.0.1:3001|127.0.0.1:${ports[0]}|" -e "s|127.0.0.1:3002|127.0.0.1:${ports[1]}|"
  block nginx 1 |
    sed -e "s|listen 443 ssl;|listen 127.0.0.1:$nginx_port ssl;|" \
      -e "s|listen 80;|listen 127.0.0.1:$nginx_http_port;|" \
      -e "s|server_name clinic.example.org;|server_name localhost;|" \
      -e "s|/etc/letsencrypt/live/clinic.example.org/fullchain.pem|$work/cert.pem|" \
      -e "s|/etc/letsencrypt/live/clinic.example.org/privkey.pem|$work/key.pem|" \
      -e "s|proxy_pass http://127.0.0.1:3000;|proxy_pass http://clinicsync;|"
  printf '}\n'
} >"$work/nginx/nginx.conf"
grep -q 'proxy_pass http://clinicsync;' "$work/nginx/nginx.conf" || fail "the nginx block in the doc changed shape"
nginx -t -p "$work/nginx" -c "$work/nginx/nginx.conf" 2>"$work/nginx/test.log" || fail "nginx -t: $(cat "$work/nginx/test.log")"
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" &
pids+=($!)

wait_https() {
  for _ in $(seq 1 60); do
    curl -sf --cacert "$work/cert.pem" "$1/api/health" >/dev/null && return 0
    sleep 0.5
  done
  fail "$1 does not answer: $(cat "$work/caddy.log" "$work/nginx/error.log" 2>/dev/null)"
}

check_proxy() {
  local name=$1 base=$2
  wait_https "$base"

  local headers
  headers=$(curl -sS --cacert "$work/cert.pem" -D - -o /dev/null "$base/api/health")
  grep -qi '^strict-transport-security: max-age=31536000; includeSubDomains' <<<"$headers" ||
    fail "$name: no HSTS over HTTPS: $headers"
  pass "$name: HTTPS with Strict-Transport-Security"

  local probe="probe-$name-$RANDOM"
  # Caddy picks an upstream at random: a dozen requests reach both.
  for _ in $(seq 1 12); do
    curl -sS --cacert "$work/cert.pem" --interface 127.0.0.2 -H 'X-Forwarded-For: 203.0.113.9' \
      -o /dev/null "$base/api/health?$probe"
  done
  local logged
  logged=$(grep -h "$probe" "$work"/server-*.log || true)
  [ -n "$logged" ] || fail "$name: the servers logged no request $probe"
  grep -q '"remoteAddress":"127.0.0.2"' <<<"$logged" || fail "$name: the client's address is not logged: $logged"
  if grep -q '203.0.113.9' <<<"$logged"; then fail "$name: a made-up X-Forwarded-For was believed: $logged"; fi
  [ "$(grep -l "$probe" "$work"/server-*.log | wc -l)" = 2 ] || fail "$name: the requests did not reach both processes"
  pass "$name: the client's address (not the proxy's, not a made-up one) reaches both processes"

  local device="$work/$name.db" expected_patients
  expected_patients=$(psql "$db_url" -qAt -c 'SELECT count(*) FROM patients')
  NODE_EXTRA_CA_CERTS="$work/cert.pem" CLINICSYNC_PASSWORD=clinicsync-seed-9 node "$cli" device init \
    --server "$base" --email c1.provider1@seed9.clinicsync.local --db "$device" >/dev/null
  NODE_EXTRA_CA_CERTS="$work/cert.pem" node "$cli" device sync --db "$device" >"$work/$name-sync1.log"
  node -e "
    const db = new (require('$repo/node_modules/better-sqlite3'))('$device', { readonly: true });
    const n = db.prepare('SELECT count(*) AS n FROM patients').get().n;
    if (n !== $expected_patients) { console.error('device holds ' + n + ' patients of $expected_patients'); process.exit(1); }
  " || fail "$name: the first sync did not bring the clinic whole"
  node "$cli" device add-patient --db "$device" --given-name Proxy --surname "Via $name" >/dev/null
  NODE_EXTRA_CA_CERTS="$work/cert.pem" node "$cli" device sync --db "$device" >"$work/$name-sync2.log"
  [ "$(psql "$db_url" -qAt -c "SELECT count(*) FROM patients WHERE surname = 'Via $name'")" = 1 ] ||
    fail "$name: the pushed patient is not on the server: $(cat "$work/$name-sync2.log")"
  pass "$name: a device downloads $expected_patients patients and pushes one through the proxy"

  # The proxies' limit is the server's 32 MiB: just under it reaches the server
  # (a body of zeros is not JSON: its 400), just over it is refused with 413
  # (Caddy may close the connection before the 413's body: only the status counts).
  local size status body
  for size in $((32 * 1024 * 1024 - 4096)) $((32 * 1024 * 1024 + 4096)); do
    head -c "$size" /dev/zero >"$work/big.json"
    body=$(curl -sS --cacert "$work/cert.pem" -o - -w '\n%{http_code}' -X POST \
      -u c1.provider1@seed9.clinicsync.local:clinicsync-seed-9 -H 'content-type: application/json' \
      --data-binary @"$work/big.json" "$base/api/v2/sync?last_pulled_at=0" || true)
    status=${body##*$'\n'}
    if [ "$size" -lt $((32 * 1024 * 1024)) ]; then
      [ "$status" = 400 ] && grep -q '"error":{"code":' <<<"$body" ||
        fail "$name: a push just under the limit got $status, not the server's 400: ${body:0:200}"
    else
      [ "$status" = 413 ] || fail "$name: a push just over the limit got $status, not 413: ${body:0:200}"
    fi
  done
  pass "$name: a push just under the limit reaches the server, one just over it gets 413"
}

check_proxy caddy "https://localhost:$caddy_port"
check_proxy nginx "https://localhost:$nginx_port"

location=$(curl -sS -D - -o /dev/null "http://localhost:$nginx_http_port/api/health" | tr -d '\r' | awk 'tolower($1) == "location:" { print $2 }')
[ "$location" = "https://localhost/api/health" ] || fail "nginx: plain HTTP is not redirected to HTTPS ($location)"
pass "nginx: plain HTTP is redirected to HTTPS"
# nginx warns whenever it writes a request body or an answer to a temporary file.
if grep -q 'buffered to a temporary file' "$work/nginx/error.log"; then
  fail "nginx wrote patient data to a temporary file: $(grep 'temporary file' "$work/nginx/error.log" | head -3)"
fi
pass "nginx: no body or answer was written to a temporary file"
echo "All checks passed (caddy $(caddy version | cut -d' ' -f1), $(nginx -v 2>&1 | cut -d' ' -f3))."
