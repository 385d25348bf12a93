# Shared by scripts/*.sh: make sure the JDK, Maven and nats-server are installed, plus any COMMAND:PACKAGE
# given (e.g. promtool:prometheus for the tests). Installs missing Debian packages when run as root;
# otherwise says what to install.

# presence_missing_packages [COMMAND:PACKAGE ...]: the packages to install, each named once its command is
# missing: the JDK, Maven, nats-server, and those given.
presence_missing_packages() {
  local missing=() need
  if ! command -v javac >/dev/null 2>&1; then missing+=(openjdk-17-jdk-headless); fi
  if ! command -v mvn >/dev/null 2>&1; then missing+=(maven); fi
  if ! command -v nats-server >/dev/null 2>&1; then missing+=(nats-server); fi
  for need in "$@"; do
    if ! command -v "${need%%:*}" >/dev/null 2>&1; then missing+=("${need#*:}"); fi
  done
  echo "${missing[@]}"
}

# presence_ensure_prereqs [COMMAND:PACKAGE ...]: installs what presence_missing_packages names.
presence_ensure_prereqs() {
  local missing
  missing=$(presence_missing_packages "$@")
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing: $missing. Install them (sudo apt-get install -y $missing) and run this again." >&2
    return 1
  fi
  echo "Installing $missing ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  # shellcheck disable=SC2086
  apt-get install -y -qq $missing >&2
}
