#!/bin/sh
# Rebuilds ../echarts.min.js, the custom ECharts build, from entry.js.
# Needs node and npm (and the npm registry) only when run; go build never
# runs it. Same versions in → same bytes out (see ../../README.md).
set -eu
ECHARTS=6.1.0
ESBUILD=0.28.2
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$here/entry.js" "$tmp/"
cd "$tmp"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "echarts@$ECHARTS" "esbuild@$ESBUILD"
# iife + global name: window.echarts, as the full build defines it.
# NODE_ENV=production drops ECharts' development warnings; licence
# comments are kept at the end of the file.
npx esbuild entry.js --bundle --minify --format=iife --global-name=echarts \
  --target=es2018 --define:process.env.NODE_ENV='"production"' --legal-comments=eof \
  --outfile="$here/../echarts.min.js"
sha256sum "$here/../echarts.min.js"
