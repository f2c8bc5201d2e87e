#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL server, for the tests and the benchmark.
#
#   scripts/with-postgres.sh COMMAND [ARGS...]
#
# The server is Debian's PostgreSQL (installed when missing), in its own data folder under /tmp, on
# its own free port on 127.0.0.1, and is stopped (and its folder removed) when the command ends,
# also when it fails or is interrupted (trap). The command sees:
#   DEPLOYDIFF_TEST_POSTGRES_URL   postgres://deploydiff@127.0.0.1:PORT/deploydiff?sslmode=disable
#                                  (role `deploydiff`, a random password, allowed to create databases)
#   PGPASSFILE                     a pgpass file with that password: the password is never in a URL,
#                                  a flag or the output
#   DEPLOYDIFF_TEST_POSTGRES_DATA  the data folder, DEPLOYDIFF_TEST_POSTGRES_CTL the pg_ctl to use
#                                  (as the server's owner), for tests that restart the server
# The command's exit status is the script's.
set -euo pipefail

[ $# -ge 1 ] || { echo "usage: $0 COMMAND [ARGS...]" >&2; exit 64; }

SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
BIN=$(find_bin)
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "with-postgres: installing postgresql (Debian)" >&2
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
  BIN=$(find_bin)
fi
[ -x "$BIN/initdb" ] || { echo "with-postgres: no initdb after installing postgresql" >&2; exit 2; }

# PostgreSQL refuses to run as root: as root, the server runs as Debian's `postgres` user.
if [ "$(id -u)" = 0 ]; then AS=(runuser -u postgres --); OWNER=postgres; else AS=(); OWNER=$(id -un); fi

ROOT=$(mktemp -d /tmp/deploydiff-pg.XXXXXX)
DATA="$ROOT/data"
SOCK="$ROOT/sock"
SECRETS=$(mktemp -d /tmp/deploydiff-pgpass.XXXXXX)   # the invoking user's, mode 0700
mkdir -p "$DATA" "$SOCK"
chmod 0755 "$ROOT"
[ "$OWNER" = "$(id -un)" ] || chown -R "$OWNER" "$ROOT"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
PASSWORD=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')
CTL="$BIN/pg_ctl"

stop() {
  local status=$?
  "${AS[@]}" "$CTL" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$ROOT" "$SECRETS"
  exit $status
}
trap stop EXIT
trap 'exit 130' INT TERM

"${AS[@]}" "$BIN/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$ROOT/initdb.log" 2>&1 \
  || { cat "$ROOT/initdb.log" >&2; exit 2; }
# fsync off: a throwaway server; a crash loses it anyway. Enough connections for concurrent shard tests.
"${AS[@]}" "$CTL" -D "$DATA" -l "$ROOT/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $SOCK -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null || { cat "$ROOT/server.log" >&2; exit 2; }

psql_admin() { "${AS[@]}" "$BIN/psql" -h "$SOCK" -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
# The password goes through psql's standard input, not its arguments (visible in ps).
psql_admin -d postgres >/dev/null <<SQL
CREATE ROLE deploydiff LOGIN CREATEDB PASSWORD '$PASSWORD';
CREATE DATABASE deploydiff OWNER deploydiff;
SQL

PGPASSFILE="$SECRETS/pgpass"
( umask 077; printf '127.0.0.1:%s:*:deploydiff:%s\n' "$PORT" "$PASSWORD" >"$PGPASSFILE" )
export PGPASSFILE
export DEPLOYDIFF_TEST_POSTGRES_URL="postgres://deploydiff@127.0.0.1:$PORT/deploydiff?sslmode=disable"
export DEPLOYDIFF_TEST_POSTGRES_DATA="$DATA"
export DEPLOYDIFF_TEST_POSTGRES_CTL="$CTL"
unset PASSWORD
echo "with-postgres: PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT (data $DATA)" >&2

set +e
"$@"
