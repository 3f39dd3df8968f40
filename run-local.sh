#!/usr/bin/env bash
# Builds and starts the whole Omnipost system in one process: a real Kafka broker (KRaft), a real
# PostgreSQL, the platform sandbox and the five services. Needs only a JDK 17+.
# Data (database, Kafka log, media, keys) lives in ./.omnipost and survives restarts.
# Ctrl-C stops everything cleanly.
# --json-logs: one JSON object per log line (Spring Boot's structured logging, Logstash format; set
# OMNIPOST_LOG_FORMAT=ecs or gelf for another), with the service, trace and span ids as fields.
set -euo pipefail
JAVA_OPTS=()
ARGS=()
for arg in "$@"; do
  if [ "$arg" = "--json-logs" ]; then
    JAVA_OPTS+=("-Dlogging.structured.format.console=${OMNIPOST_LOG_FORMAT:-logstash}")
  else
    ARGS+=("$arg")
  fi
done
cd "$(dirname "$0")"
echo "[local-stack] Building (first run downloads dependencies from Maven Central)..."
./mvnw -B -q -DskipTests -pl local-stack -am package
exec java -Xmx2g "${JAVA_OPTS[@]}" -jar local-stack/target/local-stack-0.1.0-SNAPSHOT-exec.jar "${ARGS[@]}"
