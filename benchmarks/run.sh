#!/usr/bin/env bash
# Runs the benchmarks: builds the harness, starts a Mosquitto of its own on a free loopback
# port, runs every scenario on every implementation, prints the RESULT, RATIO and TARGET
# lines, and stops Mosquitto however the run ends.
#
#   benchmarks/run.sh                       # everything, as recorded in benchmarks/README.md
#   benchmarks/run.sh --scale=0.1           # a quick run: a tenth of the messages
#   benchmarks/run.sh --scenarios=throughput-qos1,startup --rounds=5
#
# Environment: MOSQUITTO (default /usr/sbin/mosquitto), SKIP_BUILD=true to reuse the last
# build, BENCH_JAVA_OPTS for the harness JVM (e.g. -XX:StartFlightRecording=filename=b.jfr).
set -euo pipefail

cd "$(dirname "$0")/.."
mosquitto=${MOSQUITTO:-/usr/sbin/mosquitto}
if [ ! -x "$mosquitto" ]; then
	echo "Mosquitto not found at $mosquitto (Debian: apt-get install mosquitto)" >&2
	exit 1
fi

if [ "${SKIP_BUILD:-false}" != true ]; then
	# Offline first: everything the module needs is usually in the local repository already
	mvn -B -ntp -q -o -pl benchmarks -am package -DskipTests \
		|| mvn -B -ntp -q -pl benchmarks -am package -DskipTests
fi

work=$(mktemp -d)
mosquitto_pid=
cleanup() {
	if [ -n "$mosquitto_pid" ]; then
		kill "$mosquitto_pid" 2>/dev/null || true
		wait "$mosquitto_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
		&& return
	local port
	for _ in $(seq 1 100); do
		port=$((20000 + RANDOM % 40000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			echo "$port"
			return
		fi
	done
	echo "No free port found" >&2
	return 1
}

port=$(free_port)
# Unlimited in-flight and queued messages, so that the broker neither throttles the
# publishers (it announces no Receive Maximum) nor drops messages for slow listeners;
# TCP_NODELAY as every client here uses it. 'user root': started as root, Mosquitto would
# otherwise drop to the mosquitto user, which cannot write in this root-owned directory.
cat > "$work/mosquitto.conf" <<CONF
user root
listener $port 127.0.0.1
allow_anonymous true
persistence false
max_inflight_messages 0
max_queued_messages 0
set_tcp_nodelay true
log_dest file $work/mosquitto.log
log_type error
log_type warning
CONF
"$mosquitto" -c "$work/mosquitto.conf" &
mosquitto_pid=$!

for _ in $(seq 1 100); do
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
		break
	fi
	if ! kill -0 "$mosquitto_pid" 2>/dev/null; then
		echo "Mosquitto did not start:" >&2
		cat "$work/mosquitto.log" >&2 || true
		exit 1
	fi
	sleep 0.05
done

echo "# $(date -u '+%Y-%m-%d %H:%M:%S UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)," \
	"$("$mosquitto" -h 2>/dev/null | head -1) on 127.0.0.1:$port, $(java -version 2>&1 | head -1)"
# Not exec: the trap must stop Mosquitto after Java exits
java -Xms2g -Xmx2g ${BENCH_JAVA_OPTS:-} -cp "benchmarks/target/benchmarks.jar:benchmarks/target/lib/*" \
	io.mqttspring.benchmarks.BenchmarkApplication --broker="tcp://127.0.0.1:$port" --broker-pid="$mosquitto_pid" --mosquitto="$mosquitto" "$@"
echo "# finished $(date -u '+%Y-%m-%d %H:%M:%S UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -s "$work/mosquitto.log" ]; then
	echo "# mosquitto log:"
	sed 's/^/#   /' "$work/mosquitto.log"
fi
