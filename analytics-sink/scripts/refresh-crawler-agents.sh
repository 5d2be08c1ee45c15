#!/usr/bin/env bash
# Vendors the crawler-user-agents list (npm, MIT) that TrafficRules uses as a bot rule source, so
# the build never needs the network. To refresh: raise VERSION, run this, then run CrawlerAgentsTest
# (it prints the share of the list classified bot/preview and fails below 98% or on a browser
# taken for a bot) and update the figures in docs/analytics.md.
#   analytics-sink/scripts/refresh-crawler-agents.sh [version]
set -euo pipefail

VERSION="${1:-1.60.0}"
here="$(cd "$(dirname "$0")/.." && pwd)"
dest="$here/src/main/resources/dev/waymark/hit/enrich/crawler-user-agents"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "crawler-user-agents@$VERSION" >/dev/null)
tar -xzf "$work/crawler-user-agents-$VERSION.tgz" -C "$work" \
  package/crawler-user-agents.json package/LICENSE
mkdir -p "$dest"
cp "$work/package/crawler-user-agents.json" "$work/package/LICENSE" "$dest/"
printf 'crawler-user-agents %s (https://www.npmjs.com/package/crawler-user-agents)\n' "$VERSION" \
  > "$dest/VERSION"
echo "vendored crawler-user-agents $VERSION into $dest"
