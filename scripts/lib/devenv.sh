# Shared by scripts/quickstart.sh and scripts/cluster.sh: the development JWT secret, and a file that
# a new terminal can `source` to get it, a ready token and the URLs, so every printed hint works there.

# presence_dev_env JAR URL ADMIN_URL: exports JWT_SECRET (from the environment, else ./.presence/jwt-secret,
# created on first use) and writes ./.presence/dev.env (mode 600) with it, TOKEN (an admin token for 12 h,
# also as PRESENCE_TOKEN for bin/presence), PRESENCE_URL and PRESENCE_ADMIN_URL.
presence_dev_env() {
  local jar=$1 url=$2 admin_url=$3 token
  mkdir -p .presence
  if [ -z "${JWT_SECRET:-}" ]; then
    if [ ! -s .presence/jwt-secret ]; then
      (umask 077 && head -c 48 /dev/urandom | base64 | tr -d '\n' > .presence/jwt-secret)
      echo "Created a development JWT secret in .presence/jwt-secret" >&2
    fi
    JWT_SECRET=$(cat .presence/jwt-secret)
  fi
  export JWT_SECRET
  token=$(java -jar "$jar" token --subject dev --scope presence:admin --ttl 12h config/center.yml 2>/dev/null | tail -n 1)
  (umask 077 && cat > .presence/dev.env <<ENV
# Written by $0 for development; source it in a new terminal: . .presence/dev.env
export JWT_SECRET='${JWT_SECRET}'
export TOKEN='${token}'
export PRESENCE_TOKEN="\$TOKEN"
export PRESENCE_URL='${url}'
export PRESENCE_ADMIN_URL='${admin_url}'
ENV
  )
  chmod 600 .presence/dev.env
}
