#!/usr/bin/env bash
# The soak run: one starter application publishes sequenced QoS 1 messages at a steady
# rate to a second starter application's listener (persistent session), through a
# Mosquitto of its own (with persistence) that is stopped and started again every 30 s.
# Prints progress lines (#), then the SOAK lines of SoakSummary: published, acknowledged,
# failed by reason, lost among the acknowledged, duplicated, out of order, broker
# restarts, heap after GC and threads of both JVMs. Stops every process it started,
# however the run ends. Exits with 1 when the goal (nothing lost or failed) is missed.
#
#   benchmarks/soak.sh                                # 1,000,000 messages at 5,000 msg/s, as recorded
#   benchmarks/soak.sh --count=100000 --interval=10   # a quick look
#   benchmarks/soak.sh --signal=KILL                  # SIGKILL: see benchmarks/README.md#soak
#
# Options of the run: --interval=30 (seconds between broker restarts), --down=1 (seconds the
# broker stays down), --signal=TERM (or KILL, INT). Options of the JVMs (SoakSettings):
# --count=1000000, --rate=5000, --topics=4, --payload-size=64, --sample-interval=5,
# --idle-timeout=60; and any --mqtt.*, --logging.*, --spring.* property for both
# applications (e.g. --logging.level.io.mqttspring=DEBUG while investigating).
# Environment: MOSQUITTO (default /usr/sbin/mosquitto), SKIP_BUILD=true to reuse the last
# build, SOAK_JAVA_OPTS for both JVMs (default -Xms64m -Xmx256m), SOAK_KEEP=true to keep
# the work directory (application and broker logs, records) for investigation.
set -euo pipefail

cd "$(dirname "$0")/.."
mosquitto=${MOSQUITTO:-/usr/sbin/mosquitto}
if [ ! -x "$mosquitto" ]; then
	echo "Mosquitto not found at $mosquitto (Debian: apt-get install mosquitto)" >&2
	exit 1
fi

interval=30
down=1
signal=TERM
java_args=()
for arg in "$@"; do
	case "$arg" in
		--interval=*) interval=${arg#--interval=} ;;
		--down=*) down=${arg#--down=} ;;
		--signal=*) signal=${arg#--signal=} ;;
		--*=*) java_args+=("$arg") ;;
		*) echo "Expected --name=value but got '$arg'" >&2; exit 2 ;;
	esac
done
case "$signal" in
	TERM | KILL | INT) ;;
	*) echo "--signal must be TERM, KILL or INT" >&2; exit 2 ;;
esac

if [ "${SKIP_BUILD:-false}" != true ]; then
	# Offline first: everything the module needs is usually in the local repository already
	mvn -B -ntp -q -o -pl benchmarks -am package -DskipTests \
		|| mvn -B -ntp -q -pl benchmarks -am package -DskipTests
fi

work=$(mktemp -d)
mosquitto_pid=
receiver_pid=
publisher_pid=
stop() {
	if [ -n "$1" ]; then
		kill "$1" 2>/dev/null || true
		wait "$1" 2>/dev/null || true
	fi
}
cleanup() {
	stop "$publisher_pid"
	stop "$receiver_pid"
	stop "$mosquitto_pid"
	if [ "${SOAK_KEEP:-false}" = true ]; then
		echo "# kept $work"
	else
		rm -rf "$work"
	fi
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

# The time of day (UTC), as the JVMs' progress lines
progress() {
	echo "# [$(date -u +%H:%M:%S)] $*"
}

port=$(free_port)
# Persistence: on SIGTERM Mosquitto saves the messages it acknowledged and the receiver's
# session (its subscription and queue), and restores them when started again. A queue big
# enough for what the receiver misses while it reconnects later than the publisher; the
# default 20 in-flight messages per client. 'user root': started as root, Mosquitto would
# otherwise drop to the mosquitto user, which cannot write in this root-owned directory.
cat > "$work/mosquitto.conf" <<CONF
user root
listener $port 127.0.0.1
allow_anonymous true
persistence true
persistence_location $work/
max_queued_messages 1000000
set_tcp_nodelay true
log_dest file $work/mosquitto.log
log_type error
log_type warning
log_type notice
log_type information
CONF

start_mosquitto() {
	# Its warning about running as root (it does not drop privileges: 'user root') to a file
	"$mosquitto" -c "$work/mosquitto.conf" 2>>"$work/mosquitto.err" &
	mosquitto_pid=$!
	for _ in $(seq 1 200); do
		if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			return 0
		fi
		if ! kill -0 "$mosquitto_pid" 2>/dev/null; then
			echo "Mosquitto did not start:" >&2
			tail -20 "$work/mosquitto.log" >&2 || true
			exit 1
		fi
		sleep 0.05
	done
	echo "Mosquitto did not open port $port within 10 s" >&2
	exit 1
}

java_opts=${SOAK_JAVA_OPTS:--Xms64m -Xmx256m}
classpath="benchmarks/target/benchmarks.jar:benchmarks/target/lib/*"
soak_java() {
	# shellcheck disable=SC2086
	java $java_opts -cp "$classpath" "$@" --broker="tcp://127.0.0.1:$port" --dir="$work" ${java_args[@]+"${java_args[@]}"}
}

start_mosquitto
echo "# $(date -u '+%Y-%m-%d %H:%M:%S UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)," \
	"$("$mosquitto" -h 2>/dev/null | head -1) on 127.0.0.1:$port, $(java -version 2>&1 | head -1)"
echo "# broker stopped with SIG$signal every ${interval} s and started again after ${down} s; JVMs: $java_opts;" \
	"options: ${java_args[*]:-defaults}"

soak_java io.mqttspring.benchmarks.soak.SoakReceiver &
receiver_pid=$!
for _ in $(seq 1 1200); do
	[ -f "$work/receiver.ready" ] && break
	if ! kill -0 "$receiver_pid" 2>/dev/null; then
		echo "The receiver did not start:" >&2
		tail -40 "$work/receiver-app.log" >&2 || true
		exit 1
	fi
	sleep 0.1
done
[ -f "$work/receiver.ready" ] || { echo "The receiver did not subscribe within 120 s" >&2; exit 1; }
progress "receiver subscribed; starting the publisher"

soak_java io.mqttspring.benchmarks.soak.SoakPublisher &
publisher_pid=$!

restarts=0
next_restart=$((SECONDS + interval))
while kill -0 "$publisher_pid" 2>/dev/null; do
	if [ "$SECONDS" -ge "$next_restart" ]; then
		stopped_at=$(date +%s%N)
		kill -s "$signal" "$mosquitto_pid" 2>/dev/null || true
		wait "$mosquitto_pid" 2>/dev/null || true
		sleep "$down"
		start_mosquitto
		restarts=$((restarts + 1))
		progress "broker: stopped with SIG$signal and started again (restart $restarts), down for" \
			"$((($(date +%s%N) - stopped_at) / 1000000)) ms"
		next_restart=$((SECONDS + interval))
	fi
	sleep 0.2
done
publisher_status=0
wait "$publisher_pid" || publisher_status=$?
publisher_pid=
if [ "$publisher_status" -ne 0 ] || [ ! -f "$work/publisher.txt" ]; then
	echo "The publisher failed (exit status $publisher_status):" >&2
	tail -40 "$work/publisher-app.log" >&2 || true
	exit 1
fi

receiver_status=0
wait "$receiver_pid" || receiver_status=$?
receiver_pid=
if [ "$receiver_status" -ne 0 ] || [ ! -f "$work/receiver.txt" ]; then
	echo "The receiver failed (exit status $receiver_status):" >&2
	tail -40 "$work/receiver-app.log" >&2 || true
	exit 1
fi

echo "# finished $(date -u '+%Y-%m-%d %H:%M:%S UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
for log in publisher-app receiver-app; do
	echo "# $log.log: $(grep -c ' WARN ' "$work/$log.log" || true) warnings, $(grep -c ' ERROR ' "$work/$log.log" || true) errors"
	grep ' ERROR ' "$work/$log.log" | head -5 | sed 's/^/#   /' || true
done
echo
report_status=0
java -cp "$classpath" io.mqttspring.benchmarks.soak.SoakReport --dir="$work" --restarts="$restarts" \
	|| report_status=$?
exit "$report_status"
