# Sourced by the capture scripts: mounts tracefs, makes a 512 MiB loop device on a scratch image
# and a mount point, and undoes all of it (tracing included) when the script exits.
#
#   . "$(dirname "$0")/scratch-fs.sh" NAME
#
# Sets T (tracefs), IMG, MNT, LOOP, DEVNAME and DEVNUM (the kernel's dev_t as the events store it:
# major << 20 | minor). A script may define cleanup_extra to undo more.
T=/sys/kernel/tracing
[ -e $T/trace ] || mount -t tracefs nodev $T
IMG=$(mktemp "/tmp/dioscope-$1.XXXX.img")
MNT=$(mktemp -d "/tmp/dioscope-$1-mnt.XXXX")
truncate -s 512M "$IMG"
LOOP=$(losetup -f --show "$IMG")
DEVNAME=$(basename "$LOOP")
DEVNUM=$(( $(stat -c '0x%t' "$LOOP") << 20 | $(stat -c '0x%T' "$LOOP") ))
cleanup() {
    echo 0 > $T/tracing_on || true
    echo nop > $T/current_tracer || true
    echo > $T/set_event || true
    for f in $T/events/*/*/filter $T/events/*/filter; do echo 0 > "$f" 2>/dev/null || true; done
    if declare -F cleanup_extra >/dev/null; then cleanup_extra || true; fi
    umount "$MNT" 2>/dev/null || true
    losetup -d "$LOOP" 2>/dev/null || true
    rm -f "$IMG"; rmdir "$MNT" 2>/dev/null || true
}
trap cleanup EXIT
