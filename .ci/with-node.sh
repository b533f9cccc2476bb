#!/usr/bin/env bash
# Runs a command with another Node.js major version first on PATH, installed
# from the npm registry as the `node` package (a real Node binary).
#
# Usage: .ci/with-node.sh <major> <command> [args...]   e.g. .ci/with-node.sh 22 npm test
set -euo pipefail
major=$1
shift
prefix="${TMPDIR:-/tmp}/s3sec-node-$major"
if ! "$prefix/node_modules/.bin/node" --version 2>/dev/null | grep -q "^v$major\."; then
  rm -rf "$prefix"
  mkdir -p "$prefix"
  echo '{ "private": true }' >"$prefix/package.json"
  npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error "node@$major" >&2
fi
export PATH="$prefix/node_modules/.bin:$PATH"
echo "node $(node --version), npm $(npm --version)" >&2
exec "$@"
