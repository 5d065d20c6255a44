#!/usr/bin/env bash
# Runs a command with Node >= 22.18 first on PATH (the project runs its TypeScript sources
# directly, which needs Node's type stripping). Where the machine's Node is older, a Node 24
# is installed once from the npm registry into .tools/ (git-ignored) and used instead.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
recent_enough() {
  node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 18) ? 0 : 1)' 2>/dev/null
}
if ! recent_enough; then
  bin="$root/.tools/node/node_modules/node/bin"
  if [ ! -x "$bin/node" ]; then
    echo "with-node: Node $(node -v 2>/dev/null || echo '(none)') is older than 22.18; installing Node 24 from the npm registry into .tools/ (once)" >&2
    npm install --prefix "$root/.tools/node" --no-audit --no-fund --loglevel=error node@24 >&2
  fi
  export PATH="$bin:$PATH"
fi
exec "$@"
