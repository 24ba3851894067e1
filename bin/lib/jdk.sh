# Sourced by Hookline's scripts: points JAVA_HOME at a JDK 21 or newer.
# Order: $JAVA_HOME, the `java` on PATH, then the newest JDK under the usual install folders.

hookline_java_major() {
  "$1/bin/java" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}' \
    | awk -F. '{ if ($1 == "1") print $2; else print $1 }'
}

hookline_find_jdk() {
  local candidates=() cand v
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for cand in /usr/lib/jvm/* /opt/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$cand" ] && candidates+=("$cand")
  done
  local best="" best_v=0
  for cand in "${candidates[@]}"; do
    [ -x "$cand/bin/java" ] && [ -x "$cand/bin/javac" ] || continue
    v=$(hookline_java_major "$cand")
    [[ "$v" =~ ^[0-9]+$ ]] || continue
    # The first candidate that is new enough wins if it was chosen explicitly (JAVA_HOME/PATH).
    if [ "$v" -ge 21 ] && { [ "$cand" = "${JAVA_HOME:-}" ] || [ "$v" -gt "$best_v" ]; }; then
      best="$cand"; best_v="$v"
      [ "$cand" = "${JAVA_HOME:-}" ] && break
    fi
  done
  [ -n "$best" ] && echo "$best"
}

if ! HOOKLINE_JDK=$(hookline_find_jdk); then
  echo "Hookline needs a JDK 21 or newer (java and javac). None was found in JAVA_HOME, on PATH" >&2
  echo "or under /usr/lib/jvm. Install one (e.g. Temurin 21) and set JAVA_HOME to it." >&2
  return 1 2>/dev/null || exit 1
fi
export JAVA_HOME="$HOOKLINE_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
