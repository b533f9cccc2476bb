#!/usr/bin/env bash
# Outside-in test of the library: pack this package, make a fresh app with the
# layout of `cdktf init --template=typescript` in a temporary folder, install the
# app's own cdktf, constructs and AWS provider plus the tarball (npm registry
# only), then type-check it (the template's node10 resolution, and node16 and
# bundler), synthesize it with ts-node through cdktf-cli, and review the result.
#
# Usage: .ci/consumer-app.sh [cdktf|cdktn]   (default cdktf)
#   cdktn: the app uses CDK Terrain through npm aliases, as the README shows.
set -euo pipefail
framework=${1:-cdktf}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/s3sec-consumer-XXXXXX")
trap 'rm -rf "$work"' EXIT
export CHECKPOINT_DISABLE=1
npm_install() { npm install --no-audit --no-fund --loglevel=error "$@"; }

echo "--- pack (npm pack runs the prepare script, which builds dist/)"
cd "$root"
tarball="$work/$(npm pack --silent --pack-destination "$work" | tail -n 1)"
node "$root/.ci/consumer-checks.js" pack "$tarball"

echo "--- a fresh app from the cdktf init TypeScript template layout ($framework)"
app="$work/app"
template="$root/node_modules/cdktf-cli/bundle/templates/typescript"
mkdir -p "$app"
cp "$template/tsconfig.json" "$app/"
sed -e 's/{{ $base }}/consumer-app/' "$template/package.json" >"$app/package.json"
sed -e 's/{{projectId}}/consumer-app/' -e 's/{{sendCrashReports}}/false/' -e '/{{futureFlags}}/d' \
  "$template/cdktf.json" >"$app/cdktf.json"
# main.ts: the README's example of a module in your own app, unchanged.
node "$root/.ci/consumer-checks.js" readme-example "$root/README.md" >"$app/main.ts"

echo "--- install the app's own framework and provider, then the tarball"
cd "$app"
if [ "$framework" = cdktn ]; then
  npm_install cdktn@^0.24.0 constructs@^10.6.0 'cdktf@npm:cdktn@^0.24.0' \
    '@cdktf/provider-aws@npm:@cdktn/provider-aws@^25.7.0'
else
  npm_install cdktf@^0.21.0 constructs@^10.4.2 @cdktf/provider-aws@^21.22.1
fi
npm_install -D typescript@~5.9.3 ts-node@^10.9.2 @types/node@^22
npm_install "$tarball"
npm ls --depth=0 cdktf constructs @cdktf/provider-aws cdktf-s3-security
# One copy of constructs and of the provider: the package must use the app's.
[ "$(find node_modules -name package.json -path '*/constructs/package.json' | wc -l)" = 1 ] ||
  { echo "more than one constructs installed" >&2; exit 1; }
[ ! -e node_modules/cdktf-s3-security/node_modules ] ||
  { echo "cdktf-s3-security got nested dependencies:" >&2; ls node_modules/cdktf-s3-security/node_modules >&2; exit 1; }

echo "--- type-check: the template's tsconfig (CommonJS, node10 resolution), then node16 and bundler"
npx tsc --noEmit
npx tsc --noEmit --module node16 --moduleResolution node16
npx tsc --noEmit --module preserve --moduleResolution bundler

echo "--- cdktf synth (the template's app command: npx ts-node main.ts)"
"$root/node_modules/.bin/cdktf" synth
test -f cdktf.out/stacks/data/cdk.tf.json

echo "--- s3-security review of the synthesized app"
npx s3-security review cdktf.out --format json --output review.json
node "$root/.ci/consumer-checks.js" review review.json
echo "consumer app ($framework): ok"
