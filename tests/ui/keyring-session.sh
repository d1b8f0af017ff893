#!/usr/bin/env bash
# Runs a test inside its own D-Bus session with a fresh, unlocked gnome-keyring (the
# freedesktop Secret Service QtKeychain talks to), in a throw-away HOME so neither the
# user's keyring nor their settings are touched. Usage: keyring-session.sh TEST [ARGS…]
set -euo pipefail
for tool in dbus-run-session gnome-keyring-daemon secret-tool; do
    if ! command -v "$tool" >/dev/null; then
        echo "keyring-session: $tool is missing (install dbus, gnome-keyring and libsecret-tools;" \
             ".ci/install-deps does)" >&2
        exit 1
    fi
done
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export HOME=$home XDG_DATA_HOME=$home/data XDG_CONFIG_HOME=$home/config XDG_RUNTIME_DIR=$home/run
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
unset DBUS_SESSION_BUS_ADDRESS
dbus-run-session -- bash -c '
    # The keyring daemon leaves with the session bus; its chatter goes to a file.
    eval "$(printf "postscope-test" | gnome-keyring-daemon --unlock --components=secrets 2>"$HOME/keyring.log")"
    export GNOME_KEYRING_CONTROL
    "$@"
' keyring-session "$@"
