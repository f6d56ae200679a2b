#!/usr/bin/env sh
# Starts the echo server example (../shared/bench/echo/CONTRACT.md) on 127.0.0.1:PORT, HTTP and UDP.
#   webrtc-stack/echo-server.sh PORT [--udp-port N] [--sockets N]
#   webrtc-stack/echo-server.sh --build-aot-cache     # trains target/echo-server[-lean].aot, then exits
# Needs a built module (target/webrtc-stack-*.jar + target/classpath.txt: `./mvnw -pl webrtc-stack package`).
# /health answers 503 while Java clients warm the JIT through POST /offer for STRAFE_ECHO_WARMUP seconds (default 10,
# inside the bench's 15 s start-up window; 0 turns it off).
# `exec`s java so that the caller (e.g. bench/echo/run.sh) measures the JVM's own PID.
# JVM flags: STRAFE_ECHO_JVM_OPTS replaces the defaults below (and then no AOT cache is used); STRAFE_ECHO_PROFILE=lean
# picks the memory-lean set (C1 only: ~45 KiB RSS per idle peer instead of ~110, at a cost in peak throughput).
# AOT cache (JDK 25, JEP 483/515): when target/echo-server.aot exists, the JVM starts from the classes loaded and
# linked, and the method profiles recorded, while --build-aot-cache ran the warm-up (our own Java clients, no bench
# driver). The JVM does not archive classes from signed jars, so the cache runs with unsigned copies of Bouncy
# Castle's jars (target/aot-jars, target/classpath-aot.txt; tools/StripJarSignatures.java). The JVM checks little
# about a rebuilt jar (JDK 25 kept loading archived classes after a `touch`), so this script records the module
# jar's SHA-256 with the cache and ignores a cache whose jar changed since: rebuild it after `package`.
set -e
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/../scripts/jdk25.sh"
JAR="$(ls "$HERE"/target/webrtc-stack-*.jar 2>/dev/null | grep -v -- '-tests\.jar$' | head -n 1)"
if [ -z "$JAR" ] || [ ! -f "$HERE/target/classpath.txt" ]; then
  echo "echo-server.sh: build first: ./mvnw -B -pl webrtc-stack package -DskipTests" >&2
  exit 1
fi
# Serial GC and a small young generation keep the idle footprint low on this 2-core machine; the heap cap
# bounds RSS. TrimNativeHeapInterval hands freed malloc memory (mostly C2's compiler arenas, which grow while the
# first few hundred peers connect) back to the OS every second: glibc keeps it otherwise, and it was half of the
# RSS growth per idle peer (48-76 -> 23-32 KiB, docs/benchmarks.md).
DEFAULT_OPTS="-XX:+UseSerialGC -Xms32m -Xmx512m -XX:MaxMetaspaceSize=128m -Xss512k -XX:TrimNativeHeapInterval=1000"
CACHE="$HERE/target/echo-server.aot"
if [ "${STRAFE_ECHO_PROFILE:-}" = "lean" ]; then
  # C2's compiler arenas and code cache grow RSS while the first few hundred peers connect; C1 alone does not.
  DEFAULT_OPTS="-XX:+UseSerialGC -Xms24m -Xmn8m -Xmx512m -XX:MaxMetaspaceSize=128m -Xss512k -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m -XX:TrimNativeHeapInterval=1000"
  CACHE="$HERE/target/echo-server-lean.aot"
fi
# a jar, not target/classes: the JVM archives classes from jars only
CP="$JAR:$(cat "$HERE/target/classpath.txt"):$(cat "$HERE/target/classpath-logging.txt" 2>/dev/null)"
MAIN=dev.strafe.webrtc.example.EchoServer

if [ "${1:-}" = "--build-aot-cache" ]; then
  # Training run: start on a loopback port, let the warm-up run, stop with SIGTERM; the JVM writes the cache on exit.
  PORT="${STRAFE_ECHO_AOT_PORT:-18999}"
  rm -f "$CACHE"
  "$JAVA_HOME/bin/java" "$HERE/tools/StripJarSignatures.java" "$HERE/target/aot-jars" "$CP" > "$HERE/target/classpath-aot.txt"
  "$JAVA_HOME/bin/java" $DEFAULT_OPTS -XX:AOTCacheOutput="$CACHE" -cp "$(cat "$HERE/target/classpath-aot.txt")" $MAIN "$PORT" --warmup "${STRAFE_ECHO_WARMUP:-10}" &
  PID=$!
  i=0
  until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$PORT/health" 2>/dev/null)" = 200 ]; do
    i=$((i + 1))
    if [ "$i" -gt 600 ] || ! kill -0 "$PID" 2>/dev/null; then
      echo "echo-server.sh: the training run did not turn healthy within 60 s" >&2
      kill "$PID" 2>/dev/null || true
      exit 1
    fi
    sleep 0.1
  done
  kill -TERM "$PID"
  wait "$PID" || true
  if [ ! -s "$CACHE" ]; then
    echo "echo-server.sh: no AOT cache written to $CACHE" >&2
    exit 1
  fi
  sha256sum "$JAR" > "$CACHE.sha256"
  echo "echo-server.sh: AOT cache $CACHE ($(du -h "$CACHE" | cut -f1))"
  exit 0
fi

AOT_OPTS=""
if [ -z "${STRAFE_ECHO_JVM_OPTS:-}" ] && [ -f "$CACHE" ] && [ -f "$HERE/target/classpath-aot.txt" ]; then
  if sha256sum --status -c "$CACHE.sha256" 2>/dev/null; then
    AOT_OPTS="-XX:AOTCache=$CACHE"
    CP="$(cat "$HERE/target/classpath-aot.txt")"
  else
    echo "echo-server.sh: $CACHE is older than $JAR: starting without it (rebuild: $0 --build-aot-cache)" >&2
  fi
fi
exec "$JAVA_HOME/bin/java" ${STRAFE_ECHO_JVM_OPTS:-$DEFAULT_OPTS} $AOT_OPTS -cp "$CP" $MAIN "$@" --warmup "${STRAFE_ECHO_WARMUP:-10}"
