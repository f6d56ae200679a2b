#!/usr/bin/env bash
# One-node benchmark of the UDP edge (issue 5, "Proven by"): starts a node from the shaded jar on loopback, then the
# Java load client (GameTestClient players) in its own JVM; prints the load client's JSON summary.
#   scripts/bench-edge.sh [players] [seconds] [warmup]      (defaults: 1000 60 20)
# Needs: ./mvnw -B -pl game-server -am install -DskipTests   (the jar and compiled test classes)
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
PLAYERS=${1:-1000}
SECONDS_MEASURED=${2:-60}
WARMUP=${3:-20}
HTTP_PORT=${HTTP_PORT:-18080}
UDP_PORT=${UDP_PORT:-20000}
SERVER_OPTS=${SERVER_OPTS:-"-XX:+UseZGC -Xmx1g"}
CLIENT_OPTS=${CLIENT_OPTS:-"-XX:+UseParallelGC -Xmx2g"}
CP_FILE=game-server/target/bench-classpath.txt
if [ ! -s "$CP_FILE" ]; then
  ./mvnw -B -o -q -pl game-server dependency:build-classpath -Dmdep.outputFile="$PWD/$CP_FILE" -Dmdep.includeScope=test
fi

STRAFE_HTTP_HOST=127.0.0.1 STRAFE_HTTP_PORT=$HTTP_PORT STRAFE_UDP_HOST=127.0.0.1 STRAFE_UDP_PORT=$UDP_PORT \
STRAFE_AUTH_ENABLED=false STRAFE_LIMITS_MAXPLAYERS=$((PLAYERS + 100)) \
STRAFE_LIMITS_JOINRATEPERSECOND=100000 STRAFE_LIMITS_JOINBURST=100000 \
  "$JAVA_HOME/bin/java" $SERVER_OPTS ${SERVER_JFR:-} -jar game-server/target/strafe-server.jar > target-bench-server.log 2>&1 &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$HTTP_PORT/health/ready" > /dev/null && break
  sleep 0.2
done
echo "server pid $SERVER_PID up on http $HTTP_PORT, udp $UDP_PORT"
"$JAVA_HOME/bin/java" $CLIENT_OPTS -cp "game-server/target/test-classes:game-server/target/classes:$(cat "$CP_FILE")" \
  dev.strafe.server.edge.LoadClient --port "$HTTP_PORT" --pid "$SERVER_PID" --players "$PLAYERS" --room-size 32 \
  --hz 20 --warmup "$WARMUP" --seconds "$SECONDS_MEASURED" --join-concurrency "${JOIN_CONCURRENCY:-8}"
kill -TERM $SERVER_PID
wait $SERVER_PID 2>/dev/null || true
trap - EXIT
