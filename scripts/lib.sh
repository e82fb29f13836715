# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by ./demo, tests/run-all and the scripts beside them: dependencies, build, a
# private plugin folder, tshark run the way it loads personal plugins (tshark as root
# never loads personal plugins), the Debian archive for chroots.

ENCDNS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ENCDNS_BUILD=${ENCDNS_BUILD:-$ENCDNS_ROOT/build}
ENCDNS_APT_PACKAGES=(tshark wireshark-dev libwireshark-dev libwsutil-dev cmake gcc make pkg-config cbindgen python3)
# The user tshark runs as when we are root: root never loads personal plugins.
ENCDNS_RUN_UID=65534

log() { printf '==> %s\n' "$*" >&2; }

# Installs the Debian packages that are missing (as root), or says which are.
ensure_packages() {
    local missing=()
    for p in "${ENCDNS_APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "missing Debian packages: ${missing[*]} (run: sudo apt-get install ${missing[*]})" >&2
        return 1
    fi
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # tshark asks whether non-root users may capture; the default answer is fine.
    echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
    # A mirror snapshot (or a chroot of a moving suite made a while ago) can carry an
    # expired Release file; its packages are still the ones we want.
    apt-get update -qq || apt-get -o Acquire::Check-Valid-Until=false update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_cargo() {
    if ! command -v cargo >/dev/null 2>&1; then
        [ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
    fi
    command -v cargo >/dev/null 2>&1 || { echo "cargo not found (install Rust with rustup)" >&2; return 1; }
}

# The Wireshark major.minor the plugin is built for ("4.0").
ws_version() {
    pkg-config --modversion wireshark 2>/dev/null | cut -d. -f1,2
}

# Makes a private HOME whose personal plugin folder holds the freshly built plugin and
# whose config holds the IKEv2 decryption table of the test captures. Prints its path.
# Wireshark loads a system plugin before a personal one of the same name and skips
# the personal one: with the package installed, tests would run the installed plugin
# instead of this build. Says so and fails.
refuse_system_plugin() {
    local system
    system=$(pkg-config --variable=plugindir wireshark 2>/dev/null)/epan/encdns.so
    if [ -e "$system" ]; then
        echo "$system is installed (the Debian package or cmake --install): Wireshark would load it" \
            "instead of this build; remove it first (apt remove wireshark-plugin-encdns, or the uninstall target)" >&2
        return 1
    fi
}

make_private_home() {
    local home
    refuse_system_plugin || return 1
    home=$(mktemp -d "${TMPDIR:-/tmp}/encdns-home.XXXXXX")
    local plugdir="$home/.local/lib/wireshark/plugins/$(ws_version)/epan"
    cmake -S "$ENCDNS_ROOT" -B "$ENCDNS_BUILD" -DENCDNS_PERSONAL_DIR="$plugdir" >/dev/null
    cmake --build "$ENCDNS_BUILD" --target install-personal -- --no-print-directory >&2
    mkdir -p "$home/.config/wireshark" "$home/captures"
    cat "$ENCDNS_ROOT"/tests/captures/ikev2_decryption_table \
        "$ENCDNS_ROOT"/tests/captures/interop/ikev2_decryption_table >"$home/.config/wireshark/ikev2_decryption_table"
    cp "$ENCDNS_ROOT"/tests/captures/*.pcap "$ENCDNS_ROOT"/tests/captures/interop/*.pcap \
        "$ENCDNS_ROOT"/tests/data/*.crt "$home/captures/"
    chmod 755 "$home"
    [ "$(id -u)" -eq 0 ] && chown -R "$ENCDNS_RUN_UID:$ENCDNS_RUN_UID" "$home"
    echo "$home"
}

# Extra environment for tshark (the sanitizer run preloads the ASan runtime).
ENCDNS_TSHARK_ENV=()
# A command tshark runs under (valgrind).
ENCDNS_TSHARK_WRAPPER=()

# tshark with the private HOME; as an unprivileged user when we are root.
# Usage: run_tshark HOME ARGS...
run_tshark() {
    local home=$1
    shift
    if [ "$(id -u)" -eq 0 ]; then
        setpriv --reuid="$ENCDNS_RUN_UID" --regid="$ENCDNS_RUN_UID" --clear-groups \
            env -i PATH=/usr/bin:/bin HOME="$home" LANG=C.UTF-8 "${ENCDNS_TSHARK_ENV[@]}" "${ENCDNS_TSHARK_WRAPPER[@]}" tshark "$@"
    else
        env -i PATH=/usr/bin:/bin HOME="$home" LANG=C.UTF-8 "${ENCDNS_TSHARK_ENV[@]}" "${ENCDNS_TSHARK_WRAPPER[@]}" tshark "$@"
    fi
}

# The Debian archive this machine's apt uses (deb822 .sources or one-line lists),
# not its security archive: the chroots come from the same place as the host's packages.
debian_mirror() {
    local files=(/etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources)
    { cat "${files[@]}" 2>/dev/null || true; } | awk '
        /^[ \t]*#/ { next }
        /^deb[ \t]/ { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /=/) { print $i; break } ; next }
        /^URIs:/ { for (i = 2; i <= NF; i++) print $i }' |
        grep -E '/debian/?$' | head -1 || true
}
