#!/usr/bin/env bash
# The whole test suite: installs what the tests need (JDK, Maven, nats-server, and promtool from Debian's
# prometheus package, with which PrometheusIT checks /prometheus and docs/monitoring), then `mvn verify`
# (unit tests, integration tests against real nats-server processes, coverage check, API reference).
# Extra arguments go to Maven, e.g. scripts/test.sh -pl presence-service -am
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/prereqs.sh
source scripts/lib/prereqs.sh
presence_ensure_prereqs promtool:prometheus
exec mvn -B verify "$@"
