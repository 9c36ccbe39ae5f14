#!/usr/bin/env bash
# Regenerates the golden schema.rs files with the real diesel_cli, on fresh databases made from the fixture SQL.
#
# Usage: regenerate.sh DIESEL_BIN POSTGRES_URL MYSQL_URL
#   regenerate.sh /work/tools/diesel/bin/diesel postgres://postgres@127.0.0.1:5432/test mysql://root@127.0.0.1:3306/test
#
# The URLs name a server where the script may create (and always drops) a database called
# migrate_schema_golden_<pid>. Needs psql, mysql and sqlite3 clients, and rustfmt (diesel_cli formats its output
# with it, so the rustfmt version is part of the result). Writes VERSION with the versions used.
set -euo pipefail

diesel=$1
pg_url=$2
mysql_url=$3
here=$(cd "$(dirname "$0")" && pwd)
db=migrate_schema_golden_$$
work=$(mktemp -d)
pg_server=${pg_url%/*}

# mysql://user[:password]@host[:port]/db
mysql_rest=${mysql_url#mysql://}
mysql_auth=${mysql_rest%%@*}
mysql_hostport=${mysql_rest#*@}
mysql_hostport=${mysql_hostport%%/*}
mysql_user=${mysql_auth%%:*}
mysql_args=(-h "${mysql_hostport%%:*}" -u "$mysql_user")
if [[ $mysql_hostport == *:* ]]; then mysql_args+=(-P "${mysql_hostport##*:}"); fi
if [[ $mysql_auth == *:* ]]; then mysql_args+=("-p${mysql_auth#*:}"); fi
mysql_server=${mysql_url%/*}

cleanup() {
    psql "$pg_url" -qc "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
    mysql "${mysql_args[@]}" -e "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

# diesel reads diesel.toml from the project it runs in: run it in an empty directory so defaults apply.
print_schema() {
    (cd "$work" && "$diesel" print-schema --database-url "$@")
}

psql "$pg_url" -v ON_ERROR_STOP=1 -qc "CREATE DATABASE $db"
psql "$pg_server/$db" -v ON_ERROR_STOP=1 -q -f "$here/postgres/fixture.sql"
print_schema "$pg_server/$db" > "$here/postgres/schema.rs"
print_schema "$pg_server/$db" --schema custom > "$here/postgres/schema_custom.rs"
# With docs, and with the derives of the diesel.toml that `diesel setup` writes.
print_schema "$pg_server/$db" --with-docs --custom-type-derives "diesel::query_builder::QueryId,Clone" \
    > "$here/postgres/schema_with_docs.rs"

mysql "${mysql_args[@]}" -e "CREATE DATABASE $db"
mysql "${mysql_args[@]}" "$db" < "$here/mysql/fixture.sql"
print_schema "$mysql_server/$db" > "$here/mysql/schema.rs"

sqlite3 "$work/golden.db" < "$here/sqlite/fixture.sql"
print_schema "$work/golden.db" > "$here/sqlite/schema.rs"

{
    echo "# Tools that produced the golden files (regenerate.sh)"
    echo "diesel_cli: $("$diesel" --version | tr -s "\n " " " | sed "s/ *$//")"
    echo "rustfmt: $(rustfmt --version)"
    echo "postgresql: $(psql "$pg_url" -tAc 'SHOW server_version')"
    echo "mysql: $(mysql "${mysql_args[@]}" -NBe 'SELECT VERSION()')"
    echo "sqlite3 (fixture loader): $(sqlite3 --version | cut -d' ' -f1)"
} > "$here/VERSION"
