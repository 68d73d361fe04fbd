#!/bin/bash
# Hardening round 4, points 7 and 10: `leaklab serve` answers what it
# refuses. Heads with bare-LF lines are framed like CRLF ones (two differing
# Content-Length headers: 400); a Transfer-Encoding other than one
# "chunked" is 400; a chunk size of 2^64-1 is 400; a head trickled past the
# deadline is 408; past 64 connections at once, 503. Three pipelined
# requests get three answers, in order; no answer names the runtime's
# versions (Server, X-AspNet-Version); HttpListener's own HTML error pages
# (an unknown Host) become a line of text; a malformed request line or
# header line is the front's 400; the private port behind the front
# answers nobody else; Expect: 100-continue is answered. bash: /dev/tcp.
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
# answers REQUEST: everything the server sends back to REQUEST (printf format).
answers() {
    exec 3<>"/dev/tcp/127.0.0.1/$port" || return
    printf "$1" >&3
    timeout 20 cat <&3
    exec 3<&-
}
wsdl="GET /OrderImplService.asmx?wsdl HTTP/1.1\r\nHost: 127.0.0.1:$port\r\n"
answers "$wsdl\r\nGET /nowhere HTTP/1.1\r\nHost: 127.0.0.1:$port\r\n\r\n${wsdl}Connection: close\r\n\r\n" >pipelined.out
statuses=$(grep -ao 'HTTP/1.1 [0-9][0-9][0-9]' pipelined.out | tr '\n' ' ')
[ "$statuses" = "HTTP/1.1 200 HTTP/1.1 404 HTTP/1.1 200 " ] && pass "three pipelined requests, three answers in order" ||
    fail "pipelined: '$statuses'"
grep -aqi '^Server:\|^X-AspNet-Version:\|Mono-HTTPAPI\|4\.0\.30319' pipelined.out &&
    fail "an answer names the runtime: $(grep -ai '^Server:\|^X-AspNet' pipelined.out | head -2)" ||
    pass "no Server or X-AspNet-Version header"
answers 'GET /OrderImplService.asmx HTTP/1.1\r\nHost: evil.example\r\n\r\n' >host.out
head -1 host.out | grep -q '^HTTP/1.1 400 ' && ! grep -aqi '<h1>\|html' host.out &&
    pass "HttpListener's error page (an unknown Host) is a line of text" || fail "unknown host: $(cat host.out)"
answer=$(status 'FOO\r\n\r\n')
[ "$answer" = "HTTP/1.1 400 Bad Request" ] && pass "a request line that is not one: 400" || fail "request line: '$answer'"
answer=$(status 'GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n')
[ "$answer" = "HTTP/1.1 400 Bad Request" ] && pass "an obsolete folded header line: 400" || fail "folded: '$answer'"
# The private port: the service's other listening socket (/proc, no ss).
inodes=" $(ls -l "/proc/$spid/fd" 2>/dev/null | sed -n 's/.*socket:\[\([0-9]*\)\]$/\1/p' | tr '\n' ' ') "
backend=""
for hex in $(awk -v inodes="$inodes" 'NR > 1 && $4 == "0A" && index(inodes, " " $10 " ") {
        print substr($2, index($2, ":") + 1) }' /proc/net/tcp); do
    [ $((16#$hex)) -ne "$port" ] && backend=$((16#$hex))
done
if [ -n "$backend" ]; then
    exec 3<>"/dev/tcp/127.0.0.1/$backend"
    printf "GET /OrderImplService.asmx?wsdl HTTP/1.1\r\nHost: 127.0.0.1:$backend\r\nX-Leaklab-Front: guess\r\nConnection: close\r\n\r\n" >&3
    direct=$(timeout 20 cat <&3); exec 3<&-
    echo "$direct" | head -1 | grep -q '^HTTP/1.1 403 ' && ! echo "$direct" | grep -q 'definitions' &&
        pass "the private port answers nobody but the front (403, no WSDL)" || fail "direct: $(echo "$direct" | head -3)"
else
    fail "the private port was not found (ss -ltnp)"
fi
envelope='<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body/></soap:Envelope>'
answers "POST /OrderImplService.asmx HTTP/1.1\r\nHost: 127.0.0.1:$port\r\nContent-Type: text/xml\r\nExpect: 100-continue\r\nContent-Length: ${#envelope}\r\nConnection: close\r\n\r\n$envelope" >continue.out
head -1 continue.out | grep -q '^HTTP/1.1 100 Continue' && grep -aq 'soap:Envelope\|soap:Fault' continue.out &&
    pass "Expect: 100-continue: 100, then the answer" || fail "100-continue: $(head -3 continue.out)"
kill -TERM "$spid"; wait "$spid"
finish
