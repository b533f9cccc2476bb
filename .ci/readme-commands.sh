#!/usr/bin/env bash
# The README's commands in the order a reader runs them: synthesize the default
# app, synthesize a configuration of one account (the README's example, which
# has fewer stacks), review, synthesize the default again, then the same
# configuration through cdktf-cli as `cdktf diff` and `deploy` do. No AWS
# credentials; terraform and the deploy commands themselves are not run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export CHECKPOINT_DISABLE=1
work=$(mktemp -d "${TMPDIR:-/tmp}/s3sec-readme-XXXXXX")
trap 'rm -rf "$work"' EXIT
stacks() { node -e 'console.log(Object.keys(require(process.argv[1]).stacks).sort().join(" "))' "$root/cdktf.out/manifest.json"; }

echo "--- npm run synth (the default app)"
npm run synth
all=$(stacks)
echo "stacks: $all"

echo "--- S3_SECURITY_CONFIG=./my-config.json npm run synth (the README's configuration of one account)"
node -e '
  const text = require("fs").readFileSync("README.md", "utf8");
  const deploy = text.split(/^## /m).find((s) => s.startsWith("Deploy"));
  const json = /```json\n([\s\S]*?)```/.exec(deploy)[1].replace(/^ {3}/gm, "");
  console.log(JSON.stringify(JSON.parse(json), null, 2));' >"$work/my-config.json"
S3_SECURITY_CONFIG="$work/my-config.json" npm run synth
[ "$(stacks)" = "secure-data" ] || { echo "expected only secure-data, got: $(stacks)" >&2; exit 1; }
[ "$(ls cdktf.out/stacks)" = "secure-data" ] || { echo "stale stack folders: $(ls cdktf.out/stacks)" >&2; exit 1; }

echo "--- npx s3-security review cdktf.out"
npx s3-security review cdktf.out

echo "--- npm run synth (back to the default app)"
npm run synth
[ "$(stacks)" = "$all" ] || { echo "expected $all, got: $(stacks)" >&2; exit 1; }

echo "--- S3_SECURITY_CONFIG=./my-config.json npx cdktf synth (the synthesis cdktf diff and deploy run first)"
S3_SECURITY_CONFIG="$work/my-config.json" npx cdktf synth
[ "$(stacks)" = "secure-data" ] || { echo "expected only secure-data, got: $(stacks)" >&2; exit 1; }
[ "$(ls cdktf.out/stacks)" = "secure-data" ] || { echo "stale stack folders: $(ls cdktf.out/stacks)" >&2; exit 1; }
echo "README commands: ok"
