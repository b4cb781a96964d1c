#!/usr/bin/env bash
# Hosts that share nothing, on one machine: a network namespace per "host" (the Spark master, the driver, each
# worker), each with its own address on a bridge this script creates (a private /24, no route out, no NAT: traffic
# only between these namespaces and the bridge's own address, where run-sweep.sh --store puts the store), and, for
# each command run inside, its own mount namespace with a private /tmp (and optionally folders bound over others),
# so that a path that exists on one host only, or an address of 127.0.0.1, fails as it would across machines.
#
#   deploy/standalone/netns.sh check                      exit 0 when namespaces can be made here (else one line, 1)
#   deploy/standalone/netns.sh up DIR N                   master, driver and N workers; writes DIR/netns.env
#   deploy/standalone/netns.sh exec DIR NAME [--bind SRC:DST]... -- COMMAND...
#                                                         COMMAND in NAME's network namespace, a private /tmp, and
#                                                         each SRC bound over DST (exec: the PID is COMMAND's)
#   deploy/standalone/netns.sh down DIR                   removes the namespaces and the bridge (idempotent)
#   deploy/standalone/netns.sh cut DIR NAME | mend DIR NAME   takes NAME's link down / up (a network fault)
#
# DIR/netns.env: NET_HOST (the bridge's address), NET_master, NET_driver, NET_w1.. (addresses), NS_<name>
# (namespace names), NET_BRIDGE. Needs root (ip netns, unshare, mount). Names and the /24 derive from DIR, so two
# DIRs never collide; NET_OCTETS (default 10.231) sets the first two octets.
set -euo pipefail
usage() { sed -n '2,21p' "$0" >&2; exit 2; }
[[ $# -ge 1 ]] || usage
cmd="$1"; shift

if [[ "$cmd" == check ]]; then
  probe="dswchk$$"
  if ! err=$(ip netns add "$probe" 2>&1); then
    echo "netns.sh: network namespaces cannot be made here (ip netns add: ${err:-failed}); the isolated tier is skipped"
    exit 1
  fi
  ok=1
  ip netns exec "$probe" unshare --mount --propagation private true 2>/dev/null || ok=0
  ip netns del "$probe"
  [[ $ok == 1 ]] || { echo "netns.sh: mount namespaces cannot be made here (unshare --mount failed); the isolated tier is skipped"; exit 1; }
  exit 0
fi

[[ $# -ge 1 ]] || usage
dir="$1"; shift
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
id=$(printf '%s' "$dir" | md5sum | cut -c1-4)
oct=$(( 16#$id % 250 + 2 ))
net="${NET_OCTETS:-10.231}.$oct"
bridge="dsw${id}b"
ns() { echo "dsw${id}-$1"; }

down() {
  local n
  for n in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^dsw${id}-" || true); do
    ip netns del "$n" 2>/dev/null || true
  done
  ip link del "$bridge" 2>/dev/null || true
  rm -f "$dir/netns.env"
}

host() {          # host NAME ADDR INDEX: a namespace with a veth on the bridge
  local name="$1" addr="$2" idx="$3" n; n=$(ns "$name")
  ip netns add "$n"
  ip link add "dsw${id}v$idx" type veth peer name eth0 netns "$n"
  ip link set "dsw${id}v$idx" master "$bridge" up
  ip -n "$n" addr add "$addr/24" dev eth0
  ip -n "$n" link set eth0 up
  ip -n "$n" link set lo up
  { echo "NET_$name=$addr"; echo "NS_$name=$n"; } >>"$dir/netns.env"
}

case "$cmd" in
  up)
    workers="${1:?N}"
    [[ "$workers" =~ ^[1-9][0-9]?$ && "$workers" -le 40 ]] || { echo "netns.sh: N must be 1..40" >&2; exit 2; }
    down
    trap 'down' ERR
    ip link add "$bridge" type bridge
    ip addr add "$net.1/24" dev "$bridge"
    ip link set "$bridge" up
    { echo "NET_BRIDGE=$bridge"; echo "NET_HOST=$net.1"; } >"$dir/netns.env"
    host master "$net.10" 0
    host driver "$net.11" 1
    for i in $(seq "$workers"); do host "w$i" "$net.$((20 + i))" "$((1 + i))"; done
    trap - ERR
    ;;
  exec)
    name="${1:?NAME}"; shift
    binds=()
    while [[ $# -gt 0 && "$1" != -- ]]; do
      case "$1" in
        --bind) binds+=("$2"); shift 2 ;;
        *) usage ;;
      esac
    done
    [[ "${1:-}" == -- ]] || usage
    shift
    n=$(ns "$name")
    ip netns list | awk '{print $1}' | grep -qx "$n" || { echo "netns.sh: no namespace $n (netns.sh up $dir first)" >&2; exit 2; }
    # inside: a private /tmp, the binds, then COMMAND in place of this shell (its PID is the one the caller has)
    # the checkout itself stays visible when it lies under /tmp (a CI clone may): it is bound aside before the tmpfs
    # hides /tmp, and moved back onto its own path after
    repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
    setup='keep=""
if [[ "$REPO" == /tmp/* ]]; then keep=$(mktemp -d /var/tmp/dasweep-keep.XXXXXX) && mount --bind "$REPO" "$keep" || exit 1; fi
mount -t tmpfs -o size=4g,mode=1777 tmpfs /tmp || exit 1
if [[ -n "$keep" ]]; then mkdir -p "$REPO" && mount --move "$keep" "$REPO" && rmdir "$keep" || exit 1; fi
for b in "${@:1:$BINDS}"; do mkdir -p "${b#*:}" && mount --bind "${b%%:*}" "${b#*:}" || exit 1; done
shift "$BINDS"; exec "$@"'
    exec ip netns exec "$n" unshare --mount --propagation private -- env BINDS="${#binds[@]}" REPO="$repo" \
      bash -c "$setup" bash "${binds[@]}" "$@"
    ;;
  cut) ip -n "$(ns "${1:?NAME}")" link set eth0 down ;;
  mend) ip -n "$(ns "${1:?NAME}")" link set eth0 up ;;
  down) down ;;
  *) usage ;;
esac
