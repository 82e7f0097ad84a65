#!/usr/bin/env bash
# Start govgraph's Neo4j 5 LTS dev/test server (a real community server from Maven Central).
#
#   tools/neo4j-server/run.sh BOLT_PORT HTTP_PORT WORK_DIR [PASSWORD] [key=value ...]
#
# Builds on first use (mvn package: jars cached in ~/.m2, copied to target/lib), then runs
# the server in the foreground on 127.0.0.1 and prints "READY bolt://... http://..." when it
# accepts connections. HTTP_PORT 0 disables HTTP (and Neo4j Browser). The password may also
# come from $NEO4J_PASSWORD (better: it then never shows in `ps`); it is handed to Java
# through the environment only. Stop it with Ctrl-C, SIGTERM, or by closing its stdin.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ $# -lt 3 ]]; then
  echo "usage: $0 BOLT_PORT HTTP_PORT WORK_DIR [PASSWORD] [key=value ...]" >&2
  exit 2
fi
bolt_port="$1"; http_port="$2"; work_dir="$3"; shift 3
password="${NEO4J_PASSWORD:-}"
if [[ $# -gt 0 && "$1" != *=* ]]; then
  password="$1"; shift
fi
if [[ ${#password} -lt 8 ]]; then
  echo "error: give a password of at least 8 characters (argument or NEO4J_PASSWORD)" >&2
  exit 2
fi

"$here/build.sh" >&2

# C1 only (TieredStopAtLevel=1) and the class-data-sharing archive: starts take about half
# the time on a 2-core machine; queries in tests and dev use are small.
java_opts=(${GOVGRAPH_NEO4J_JAVA_OPTS:--Xmx1g -XX:+UseSerialGC -XX:TieredStopAtLevel=1})
if [[ -s "$here/target/neo4j-server.jsa" ]]; then
  java_opts+=(-XX:SharedArchiveFile="$here/target/neo4j-server.jsa" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
fi
export GOVGRAPH_NEO4J_PASSWORD="$password"
exec java "${java_opts[@]}" \
  -cp "$here/target/govgraph-neo4j-server.jar:$here/target/lib/*" \
  govgraph.neo4j.GovgraphNeo4jServer "$bolt_port" "$http_port" "$work_dir" "$@"
