#!/usr/bin/env bash
# Build the dev server once: compile the launcher, copy its jars to target/lib, and record a
# class-data-sharing archive (target/neo4j-server.jsa) from one training start, which roughly
# halves every later start. Rebuilds when pom.xml or the Java source is newer than the build.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
target="$here/target"
stamp="$target/.built"
# One build at a time (parallel test runs share this directory).
mkdir -p "$target"
exec 9>"$target/.build.lock"
flock 9
if [[ -f "$stamp" && "$stamp" -nt "$here/pom.xml" \
      && -z "$(find "$here/src" "$here/build.sh" -newer "$stamp" -type f -print -quit)" ]]; then
  exit 0
fi
command -v java >/dev/null || { echo "error: java (17+) is not installed" >&2; exit 3; }
command -v mvn >/dev/null || { echo "error: mvn (Maven 3.8+) is not installed" >&2; exit 3; }
echo "building the Neo4j dev server (the first build downloads ~160 MB from Maven Central)..." >&2
# Servers may be running from target/: replace files, never delete jars they use, unless
# the dependencies changed.
if [[ -f "$stamp" && "$here/pom.xml" -nt "$stamp" ]]; then
  rm -rf "$target/lib"
fi
mvn -B -q -f "$here/pom.xml" package -DskipTests >&2
cp "$target/govgraph-neo4j-server-0.1.0.jar" "$target/govgraph-neo4j-server.jar.tmp"
mv "$target/govgraph-neo4j-server.jar.tmp" "$target/govgraph-neo4j-server.jar"

echo "recording a class-data-sharing archive for fast starts..." >&2
train_dir="$(mktemp -d)"
if java -Xmx1g -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
     -XX:ArchiveClassesAtExit="$target/neo4j-server.jsa.tmp" -Xlog:cds=off -Xlog:cds+dynamic=off \
     -cp "$target/govgraph-neo4j-server.jar:$target/lib/*" \
     govgraph.neo4j.GovgraphNeo4jServer --train "$train_dir" >/dev/null 2>&1 \
   && [[ -s "$target/neo4j-server.jsa.tmp" ]]; then
  mv "$target/neo4j-server.jsa.tmp" "$target/neo4j-server.jsa"
else
  echo "warning: no class-data-sharing archive (starts will be slower)" >&2
  rm -f "$target/neo4j-server.jsa.tmp"
fi
rm -rf "$train_dir"
touch "$stamp"
