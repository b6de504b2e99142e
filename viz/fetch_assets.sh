#!/usr/bin/env bash
# Download Solara's front-end files so the app works without internet (see docs/app-infra.md).
#
#   bash viz/fetch_assets.sh DIR      fetch into DIR (called by `make assets` with .cache/solara-assets)
#   bash viz/fetch_assets.sh --list   print the package@version list and exit
#
# Solara's wheel does not contain its browser bundle: at run time its server fetches the files from a public CDN
# (jsdelivr) into SOLARA_ASSETS_PROXY_CACHE_DIR, under the same path the page asks for: <package>@<version>/<file>.
# We fill that folder beforehand from the npm registry with `npm pack`, one folder per package@version, exactly as
# the installed solara names them in its templates and .vue files (grep it for '{{cdn}}/' and 'getCdn()}/';
# tests/viz/test_server.py checks this list against the installed solara). Source maps (*.map) are dropped.
#
# The work happens in a temporary folder next to DIR, which replaces DIR only when everything is in place, and
# DIR/.complete (the list of package@version -> resolved version) is written last: an interrupted run leaves no
# half-filled DIR behind, and a second run with the same list does nothing.
set -euo pipefail

# For solara 1.64.1 with Vue 2 widgets (ipyvue<3, ipyvuetify<3). The vuetify3 app and the components whose version
# is a template variable (echarts, codemirror, milkdown) are not used by jwsim and are left out.
PACKAGES=(
    "@widgetti/solara-vuetify-app@10.1.1"
    "requirejs@2.3.6"
    "font-awesome@4.5.0"
    "vega@5"
    "vega-lite@5"
    "vega-embed@6"
    "@widgetti/vue-grid-layout@2.3.13-alpha.2"
    "katex@0.16.9"
    "mermaid@10.8.0"
)

die() { echo "fetch_assets.sh: $*" >&2; exit 1; }

if [[ "${1:-}" == "--list" ]]; then
    printf '%s\n' "${PACKAGES[@]}"
    exit 0
fi
[[ $# -eq 1 && -n "$1" ]] || die "usage: bash viz/fetch_assets.sh DIR   (or --list)"

DEST="${1%/}"
if [[ -f "$DEST/.complete" ]]; then
    # Up to date when .complete names exactly the packages above (first column).
    if [[ "$(cut -d' ' -f1 "$DEST/.complete")" == "$(printf '%s\n' "${PACKAGES[@]}")" ]]; then
        touch "$DEST/.complete"   # newer than this script, so make sees the target as up to date
        echo "Solara assets already complete in $DEST"
        exit 0
    fi
    echo "Package list changed; fetching Solara assets again into $DEST"
fi

if ! command -v npm >/dev/null 2>&1; then
    if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        echo "npm not found; installing Debian's nodejs and npm with apt-get"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
    fi
    command -v npm >/dev/null 2>&1 \
        || die "npm is needed to download Solara's front-end files; install it (Debian: apt-get install nodejs npm)"
fi
command -v tar >/dev/null 2>&1 || die "tar is needed"

PARENT="$(dirname "$DEST")"
mkdir -p "$PARENT"
PARENT="$(cd "$PARENT" && pwd)"           # absolute: npm runs from another folder below
DEST="$PARENT/$(basename "$DEST")"
WORK="$(mktemp -d "$PARENT/.solara-assets.tmp.XXXXXX")"
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT

# npm's download cache goes into the temporary folder too: nothing is left in the home directory.
export npm_config_cache="$WORK/npm-cache"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

TREE="$WORK/tree"
TARBALLS="$WORK/tarballs"
mkdir -p "$TREE" "$TARBALLS"
MANIFEST="$WORK/complete"
: >"$MANIFEST"

for spec in "${PACKAGES[@]}"; do
    echo "npm pack $spec"
    # --json prints [{"filename": ..., "version": ...}]; the tarball goes to --pack-destination.
    json="$(cd "$WORK" && npm pack "$spec" --pack-destination "$TARBALLS" --json --silent)" \
        || die "npm pack $spec failed (is the npm registry reachable?)"
    read -r filename version < <(printf '%s' "$json" | node -e '
        let s = ""; process.stdin.on("data", d => s += d).on("end", () => {
            const j = JSON.parse(s)[0]; console.log(j.filename + " " + j.version); });') \
        || die "could not read npm pack output for $spec"
    # npm names scoped tarballs "widgetti-solara-vuetify-app-10.1.1.tgz"; fall back to the only new file if needed.
    tarball="$TARBALLS/$filename"
    [[ -f "$tarball" ]] || tarball="$TARBALLS/$(basename "$filename" | sed 's#^@##; s#/#-#')"
    [[ -f "$tarball" ]] || die "tarball for $spec not found in $TARBALLS"
    target="$TREE/$spec"      # a scoped package keeps its scope folder: @widgetti/solara-vuetify-app@10.1.1
    mkdir -p "$target"
    tar -xzf "$tarball" -C "$target" --strip-components=1 --no-same-owner
    rm -f "$tarball"
    find "$target" -type f -name '*.map' -delete
    echo "$spec $version" >>"$MANIFEST"
done

cp "$MANIFEST" "$TREE/.complete"
# Swap in atomically: the old DIR (if any) is moved aside first and removed after the new one is in place.
if [[ -e "$DEST" ]]; then
    mv "$DEST" "$WORK/old"
fi
mv "$TREE" "$DEST"
echo "Solara assets complete in $DEST ($(du -sh "$DEST" | cut -f1))"
