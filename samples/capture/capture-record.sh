#!/bin/bash
# Records the read-overlap workload (samples/workloads/read-overlap.fio) with `dioscope record` on a
# scratch filesystem, the file in a subdirectory, so that the trace comes with its sidecar
# (OUT.meta.json: kernel, page size, mounts, the inode-to-path map). Run as root from the repository,
# after `mvn package`:
#
#   samples/capture/capture-record.sh OUTDIR [xfs|ext4|btrfs] [--recorder trace-cmd|raw|text]
#
# Writes OUTDIR/FS-read-overlap-recorded.dat (trace.dat; .txt with --recorder text) and its sidecar.
# btrfs is mounted nodatasum: with data checksums it writes O_DIRECT data through the page cache.
set -euo pipefail
out=$(realpath "$1"); fs=${2:-xfs}; shift 2 || shift $#
. "$(dirname "$0")/scratch-fs.sh" record
case $fs in
    xfs) mkfs.xfs -q -f "$LOOP" ;;
    ext4) mkfs.ext4 -q -F "$LOOP" ;;
    btrfs) mkfs.btrfs -q -f "$LOOP" >/dev/null ;;
    *) echo "unknown filesystem $fs" >&2; exit 2 ;;
esac
if [ "$fs" = btrfs ]; then mount -o nodatasum "$LOOP" "$MNT"; else mount "$LOOP" "$MNT"; fi
mkdir "$MNT/db"
ext=dat; [ "${2:-}" = text ] && ext=txt
target/dioscope/bin/dioscope record -o "$out/$fs-read-overlap-recorded.$ext" --fs "$MNT" "$@" -- \
    fio --output=/dev/null --directory="$MNT/db" samples/workloads/read-overlap.fio
