#!/usr/bin/env bash
# The type check and the test suite on CDK Terrain: a copy of the repository
# whose development dependencies alias cdktf to cdktn 0.24 and
# @cdktf/provider-aws to @cdktn/provider-aws 25.7 (AWS provider 6.66), the way
# the README tells users to. Run it under Node 22 (.ci/with-node.sh 22 ...):
# @cdktn/provider-aws requires Node 22.11 or later.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/s3sec-cdktn-XXXXXX")
trap 'rm -rf "$work"' EXIT
export CHECKPOINT_DISABLE=1

echo "--- copy the repository (tracked and new files) to $work"
cd "$root"
git ls-files -z --cached --others --exclude-standard | tar --null -cf - -T - | tar -xf - -C "$work"
cd "$work"
node -e '
  const fs = require("fs");
  const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));
  Object.assign(pkg.devDependencies, {
    cdktf: "npm:cdktn@0.24.0",
    "@cdktf/provider-aws": "npm:@cdktn/provider-aws@25.7.0",
    constructs: "10.7.2",
  });
  fs.writeFileSync("package.json", JSON.stringify(pkg, null, 2) + "\n");'

echo "--- install (a hard-linked copy of node_modules; npm replaces only the aliased packages)"
# npm writes changed packages as new files, so the links never change the originals;
# its hidden lockfile is the one file it rewrites in place: drop the copy's link to it.
cp -al "$root/node_modules" node_modules
rm -f node_modules/.package-lock.json
npm install --no-audit --no-fund --loglevel=error --ignore-scripts
npm ls --depth=0 cdktf @cdktf/provider-aws constructs

echo "--- type check and test suite on cdktn"
npm run typecheck
npm run jest
