# Shared by scripts/quickstart.sh and scripts/cluster.sh: the development JWT secret, and a file that
# a new terminal can `source` to get it, a ready token and the URLs, so every printed hint works there.

# presence_dev_env JAR URL ADMIN_URL: exports JWT_SECRET (from the environment, else ./.presence/jwt-secret,
# created on first use), LEAFNODE_USER and LEAFNODE_PASSWORD (the link between a center and its leaves: a
# center takes no leaf without them; the password from the environment, else ./.presence/leafnode-password) and
# writes ./.presence/dev.env (mode 600) with them, TOKEN (an admin token for 12 h, also as PRESENCE_TOKEN for
# bin/presence), PRESENCE_URL and PRESENCE_ADMIN_URL.
presence_dev_env() {
  local jar=$1 url=$2 admin_url=$3 token
  mkdir -p .presence
  JWT_SECRET=$(presence_dev_secret JWT_SECRET jwt-secret "a development JWT secret")
  LEAFNODE_PASSWORD=$(presence_dev_secret LEAFNODE_PASSWORD leafnode-password "a development leafnode password")
  LEAFNODE_USER=${LEAFNODE_USER:-presence-leaf}
  export JWT_SECRET LEAFNODE_USER LEAFNODE_PASSWORD
  token=$(java -jar "$jar" token --subject dev --scope presence:admin --ttl 12h config/center.yml 2>/dev/null | tail -n 1)
  (umask 077 && cat > .presence/dev.env <<ENV
# Written by $0 for development; source it in a new terminal: . .presence/dev.env
export JWT_SECRET='${JWT_SECRET}'
export LEAFNODE_USER='${LEAFNODE_USER}'
export LEAFNODE_PASSWORD='${LEAFNODE_PASSWORD}'
export TOKEN='${token}'
export PRESENCE_TOKEN="\$TOKEN"
export PRESENCE_URL='${url}'
export PRESENCE_ADMIN_URL='${admin_url}'
ENV
  )
  chmod 600 .presence/dev.env
}

# presence_dev_secret VAR FILE WHAT: prints $VAR if set, else the secret in ./.presence/FILE, created (mode 600)
# on first use.
presence_dev_secret() {
  local var=$1 file=.presence/$2 what=$3
  if [ -n "${!var:-}" ]; then
    printf '%s' "${!var}"
    return
  fi
  if [ ! -s "$file" ]; then
    (umask 077 && head -c 48 /dev/urandom | base64 | tr -d '\n/+=' > "$file")
    echo "Created $what in $file" >&2
  fi
  cat "$file"
}
