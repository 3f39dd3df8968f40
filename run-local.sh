#!/usr/bin/env bash
# Builds and starts the whole Omnipost system in one process: a real Kafka broker (KRaft), a real
# PostgreSQL, the platform sandbox and the five services. Needs only a JDK 17+.
# Data (database, Kafka log, media, keys) lives in ./.omnipost and survives restarts.
# Ctrl-C stops everything cleanly.
set -euo pipefail
cd "$(dirname "$0")"
echo "[local-stack] Building (first run downloads dependencies from Maven Central)..."
./mvnw -B -q -DskipTests -pl local-stack -am package
exec java -Xmx2g -jar local-stack/target/local-stack-0.1.0-SNAPSHOT-exec.jar "$@"
