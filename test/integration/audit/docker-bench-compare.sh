#!/bin/sh
# Side-by-side run of docker-bench-security and `portcullis audit` on the same lab engine (docs/audit-vs-docker-bench.md).
# Read-only against the lab engine except for the pcl-audit-bench-* containers and one socat relay it creates and removes.
# Usage: sh test/integration/audit/docker-bench-compare.sh /path/to/docker-bench-security-checkout [outdir]
set -u
DBS=${1:?give the docker-bench-security checkout (git archive of github:docker/docker-bench-security)}
OUT=${2:-/tmp/pcl-audit-bench-out}
LAB=${PORTCULLIS_LAB_DIR:-/tmp/portcullis-lab}
export DOCKER_HOST="unix://$LAB/docker.sock" DOCKER_TLS_VERIFY= DOCKER_CERT_PATH=
REPO=$(cd "$(dirname "$0")/../../.." && pwd)
mkdir -p "$OUT"
N=pcl-audit-bench
cleanup() {
  for c in priv sock renamed pidhost restart root capall port; do docker rm -f "$N-$c" >/dev/null 2>&1; done
  [ -n "${RELAY:-}" ] && kill "$RELAY" 2>/dev/null
  rm -f "$OUT/engine.s"
}
cleanup
trap cleanup EXIT
ln "$LAB/docker.sock" "$OUT/engine.s"
L="--label portcullis.test=audit-bench"
docker create --name $N-priv $L --network none --privileged alpine:latest sleep 600 >/dev/null
docker run -d --name $N-sock $L --network none -v "$LAB/docker.sock:/var/run/docker.sock" alpine:latest sleep 600 >/dev/null
docker run -d --name $N-renamed $L --network none -v "$OUT/engine.s:/run/engine.sock" alpine:latest sleep 600 >/dev/null
docker run -d --name $N-pidhost $L --network none --pid host alpine:latest sleep 600 >/dev/null
docker run -d --name $N-restart $L --network none --restart always alpine:latest sleep 600 >/dev/null
docker create --name $N-root $L --network none -v /:/host alpine:latest sleep 600 >/dev/null
docker create --name $N-capall $L --network none --cap-add ALL alpine:latest sleep 600 >/dev/null
docker create --name $N-port $L -p 0.0.0.0:18081:80 alpine:latest sleep 600 >/dev/null
# The API relayed on loopback TCP, the way socat exposures are set up in the wild.
socat TCP-LISTEN:23751,bind=127.0.0.1,fork,reuseaddr "UNIX-CONNECT:$LAB/docker.sock" &
RELAY=$!
sleep 1

rm -f "$OUT/docker-bench.log" "$OUT/docker-bench.log.json"
echo "== docker-bench-security (sections 2, 3, 5; containers matching $N)"
(cd "$DBS" && sh docker-bench-security.sh -b -c docker_daemon_configuration,docker_daemon_files,container_runtime \
  -i "$N" -l "$OUT/docker-bench.log" >/dev/null 2>&1; echo "docker-bench exit code: $?")
grep -E '^\[(WARN|PASS|INFO|NOTE)\]' "$OUT/docker-bench.log" > "$OUT/docker-bench.summary"
grep -c '^\[WARN\]' "$OUT/docker-bench.summary" | sed 's/^/docker-bench WARN lines: /'

echo "== portcullis audit"
node "$REPO/dist/cli/main.js" audit --format json --output "$OUT/portcullis.json" --fail-on high
echo "portcullis exit code: $?"
node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const mine = r.findings.filter((f) => f.target.includes("pcl-audit-bench") || !f.target.startsWith("container "));
for (const f of mine) console.log(`${f.severity.padEnd(8)} ${f.id} ${f.target}`);
' "$OUT/portcullis.json" > "$OUT/portcullis.summary"
wc -l < "$OUT/portcullis.summary" | sed 's/^/portcullis findings (bench containers + host): /'
