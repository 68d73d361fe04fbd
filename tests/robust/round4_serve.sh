#!/bin/bash
# Hardening round 4, points 7 and 10: `leaklab serve` answers what it
# refuses. Heads with bare-LF lines are framed like CRLF ones (two differing
# Content-Length headers: 400); a Transfer-Encoding other than one
# "chunked" is 400; a chunk size of 2^64-1 is 400; a head trickled past the
# deadline is 408; past 64 connections at once, 503. bash: /dev/tcp.
# usage: round4_serve.sh LEAKLAB WORKDIR
set -u
leaklab=$1 dir=$2 here=$(dirname "$(realpath "$0")")
. "$here/checks.sh"
work_in "$dir"

"$leaklab" serve >serve.out 2>serve.err &
spid=$!
for i in $(seq 60); do grep -q '^wsdl ' serve.out && break; sleep 0.5; done
port=$(sed -n 's|^listening http://127.0.0.1:\([0-9]*\)/$|\1|p' serve.out)
[ -n "$port" ] || { fail "serve did not start: $(cat serve.err)"; finish; exit 1; }

# status REQUEST: the status line the server answers REQUEST (printf format) with.
status() {
    exec 3<>"/dev/tcp/127.0.0.1/$port" || return
    printf "$1" >&3
    timeout 20 head -1 <&3 | tr -d '\r'
    exec 3<&-
}
answer=$(status 'POST /OrderImplService.asmx HTTP/1.1\nHost: x\nContent-Length: 5\nContent-Length: 6\n\nhello!')
[ "$answer" = "HTTP/1.1 400 Bad Request" ] && pass "bare-LF head, two Content-Lengths: 400" || fail "bare LF: '$answer'"
answer=$(status 'POST /OrderImplService.asmx HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n')
[ "$answer" = "HTTP/1.1 400 Bad Request" ] && pass "Transfer-Encoding: xchunked: 400" || fail "xchunked: '$answer'"
answer=$(status 'POST /OrderImplService.asmx HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n')
[ "$answer" = "HTTP/1.1 400 Bad Request" ] && pass "two Transfer-Encoding headers: 400" || fail "two TE: '$answer'"
answer=$(status 'POST /OrderImplService.asmx HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFF\r\n')
[ "$answer" = "HTTP/1.1 400 Bad Request" ] && pass "a chunk size of 2^64-1: 400" || fail "chunk size: '$answer'"
started=$(date +%s)
answer=$(status 'GET / HTTP/1.1\r\nHost: x\r\n')
took=$(( $(date +%s) - started ))
[ "$answer" = "HTTP/1.1 408 Request Timeout" ] && [ "$took" -le 15 ] && pass "a head never finished: 408 after ${took} s" ||
    fail "unfinished head: '$answer' after ${took} s"
fds=""
for i in $(seq 64); do exec {fd}<>"/dev/tcp/127.0.0.1/$port"; fds="$fds $fd"; done
answer=$(status 'GET / HTTP/1.1\r\nHost: x\r\n\r\n')
[ "$answer" = "HTTP/1.1 503 Service Unavailable" ] && pass "a 65th connection at once: 503" || fail "65th: '$answer'"
for fd in $fds; do exec {fd}<&-; done
sleep 1
answer=$(status "GET /OrderImplService.asmx?wsdl HTTP/1.1\r\nHost: 127.0.0.1:$port\r\nConnection: close\r\n\r\n")
[ "$answer" = "HTTP/1.1 200 OK" ] && pass "the connections closed, the service answers again" || fail "after: '$answer'"
kill -TERM "$spid"; wait "$spid"
finish
