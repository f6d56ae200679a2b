# Sourced by ./run-server, ./run-tests and .ci/run: exports JAVA_HOME pointing at a JDK >= 25.
# Keeps an existing JAVA_HOME when it is new enough; otherwise looks in the usual install folders.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
strafe_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME")" -ge 25 ] 2>/dev/null; then
    return 0
  fi
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25* /usr/lib/jvm/* /opt/java/* "$HOME"/.sdkman/candidates/java/*; do
    if [ -x "$candidate/bin/java" ] && [ "$(java_major "$candidate")" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "strafe: no JDK 25 or newer found; install one and set JAVA_HOME" >&2
  return 1
}
strafe_find_jdk || exit 1
export JAVA_HOME
