#!/usr/bin/env sh
# Starts the echo server example (../shared/bench/echo/CONTRACT.md) on 127.0.0.1:PORT, HTTP and UDP.
#   webrtc-stack/echo-server.sh PORT [--udp-port N] [--sockets N]
# Needs a built module (target/classes + target/classpath.txt, written by `./mvnw -pl webrtc-stack package`).
# /health answers 503 while Java clients warm the JIT through POST /offer for STRAFE_ECHO_WARMUP seconds (default 10,
# inside the bench's 15 s start-up window; 0 turns it off).
# `exec`s java so that the caller (e.g. bench/echo/run.sh) measures the JVM's own PID.
# JVM flags: STRAFE_ECHO_JVM_OPTS replaces the defaults below; STRAFE_ECHO_PROFILE=lean picks the memory-lean
# set (C1 only: ~45 KiB RSS per idle peer instead of ~110, at a cost in peak throughput).
set -e
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/../scripts/jdk25.sh"
if [ ! -d "$HERE/target/classes" ] || [ ! -f "$HERE/target/classpath.txt" ]; then
  echo "echo-server.sh: build first: ./mvnw -B -pl webrtc-stack package -DskipTests" >&2
  exit 1
fi
# Serial GC and a small young generation keep the idle footprint low on this 2-core machine; the heap cap
# bounds RSS; no class-data-sharing tricks.
DEFAULT_OPTS="-XX:+UseSerialGC -Xms32m -Xmx512m -XX:MaxMetaspaceSize=128m -Xss512k"
if [ "${STRAFE_ECHO_PROFILE:-}" = "lean" ]; then
  # C2's compiler arenas and code cache grow RSS while the first few hundred peers connect; C1 alone does not.
  DEFAULT_OPTS="-XX:+UseSerialGC -Xms24m -Xmn8m -Xmx512m -XX:MaxMetaspaceSize=128m -Xss512k -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m"
fi
exec "$JAVA_HOME/bin/java" ${STRAFE_ECHO_JVM_OPTS:-$DEFAULT_OPTS} \
  -cp "$HERE/target/classes:$(cat "$HERE/target/classpath.txt"):$(cat "$HERE/target/classpath-logging.txt" 2>/dev/null)" \
  dev.strafe.webrtc.example.EchoServer "$@" --warmup "${STRAFE_ECHO_WARMUP:-10}"
