# SPDX-License-Identifier: GPL-2.0
#
# Helpers of the interface test windows (80-sysctl.sh to 83-trunking.sh),
# sourced after lib.sh; not a window itself (not executable).
# shellcheck shell=bash
# shellcheck disable=SC2016 # listing's awk programs: $name is a column

# wr FILE DATA: write DATA to FILE in one write(2), nothing added (no
# newline); print "ok", or the name of the errno open(2) or write(2)
# failed with.
wr() {
	python3 -c '
import errno, os, sys
try:
    fd = os.open(sys.argv[1], os.O_WRONLY)
    try:
        os.write(fd, sys.argv[2].encode())
    finally:
        os.close(fd)
    print("ok")
except OSError as e:
    print(errno.errorcode.get(e.errno, e.errno))
' "$1" "$2"
}

# wr_expect RESULT FILE DATA: the write gets RESULT ("ok" or an errno
# name); says what it got otherwise.
wr_expect() {
	local got
	got=$(wr "$2" "$3")
	[ "$got" = "$1" ] && return 0
	printf 'writing %q to %s: got %s, expected %s\n' "$3" "$2" "$got" "$1"
	return 1
}

# drain_expect RESULT LINE: write LINE (with a newline, as echo does) to
# the drain file.
drain_expect() {
	wr_expect "$1" "$DRAIN" "$2"$'\n'
}

# The server ports the client's established TCP connections to port 2049
# go from, as ss sees them (client side), sorted, one per line.
# client_ports [ADDR]: only those to server address ADDR.
client_ports() {
	ss -Htn | awk -v a="${1:-}" '
		$1 == "ESTAB" && $5 ~ /:2049$/ && (a == "" || $5 == a ":2049") {
			n = split($4, p, ":"); print p[n]
		}' | sort -n
}

# listed_ports [LOCAL]: the client ports of the module's connections
# (the "remote" column), sorted; only those whose local address is LOCAL.
listed_ports() {
	listing connections -v l="${1:-}" '
		l == "" || $local == l ":2049" { n = split($remote, p, ":"); print p[n] }' |
		sort -n
}

# The session IDs that the connection lines name, sorted, unique.
listed_sids() {
	listing connections '$sessions != "-" {
		n = split($sessions, b, ",")
		for (i = 1; i <= n; i++) { sub("/.*", "", b[i]); print b[i] }
	}' | sort -u
}

# Sum of the "calls" column.
total_calls() { listing connections '{ n += $calls } END { print n + 0 }'; }

# check_session_counts: every session line's conns, fore, back and
# fore_ready columns equal what the connection lines, read at the same
# time, say; prints the mismatch.
check_session_counts() {
	local c
	c=$(listing connections '{ print $state, $sessions }')
	listing sessions -v lines="$c" '
	BEGIN {
		n = split(lines, line, "\n")
		for (i = 1; i <= n; i++) {
			# state sessions
			split(line[i], f, " ")
			k = split(f[2], b, ",")
			for (j = 1; j <= k; j++) {
				if (b[j] == "-")
					continue
				split(b[j], sd, "/")
				nc[sd[1]]++
				if (sd[2] == "fore" || sd[2] == "both") {
					nf[sd[1]]++
					if (f[1] == "open")
						nr[sd[1]]++
				}
				if (sd[2] == "back" || sd[2] == "both")
					nb[sd[1]]++
			}
		}
	}
	{
		s = $session
		want = sprintf("%d %d %d %d", nc[s], nf[s], nb[s], nr[s])
		got = sprintf("%d %d %d %d", $conns, $fore, $back, $fore_ready)
		if (want != got) {
			printf "session %s: conns fore back fore_ready %s, the connections say %s\n", s, got, want
			bad = 1
		}
	}
	END { exit bad }'
}
