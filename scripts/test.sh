#!/usr/bin/env bash
# The whole test suite: installs what the tests need (JDK, Maven, nats-server; promtool from Debian's
# prometheus package, with which PrometheusIT checks /prometheus and docs/monitoring; systemd-analyze, which
# checks the Debian package's unit; busybox-static, whose wget the container image carries), then
# `mvn -Pimage verify` (unit tests, integration tests against real nats-server processes, coverage check,
# API reference, the Debian package and the container image with their tests, and examples/ built by their own
# Maven runs against the SDK deployed to a file repository: docs/examples.md).
# Extra arguments go to Maven, e.g. scripts/test.sh -pl presence-service -am
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/prereqs.sh
source scripts/lib/prereqs.sh
presence_ensure_prereqs promtool:prometheus systemd-analyze:systemd busybox:busybox-static
exec mvn -B -Pimage verify "$@"
