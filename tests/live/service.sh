#!/bin/sh
# Starts or stops a `leaklab serve` for the tests (CTest fixtures), in a
# private TMPDIR so that stopping it can check it left nothing behind.
# usage: service.sh start LEAKLAB DIR NAME [serve options]
#        service.sh stop DIR NAME
# `start` waits for the service's two lines and writes DIR/NAME.url (the
# WSDL URL) and DIR/NAME.pid.
set -u
action=$1
case $action in
start)
    leaklab=$2 dir=$3 name=$4
    shift 4
    mkdir -p "$dir/$name.tmp"
    TMPDIR="$dir/$name.tmp" "$leaklab" serve "$@" >"$dir/$name.out" 2>"$dir/$name.err" &
    echo $! >"$dir/$name.pid"
    for _ in $(seq 1 120); do
        if [ "$(grep -c . "$dir/$name.out")" -ge 2 ]; then
            first=$(sed -n 1p "$dir/$name.out")
            case $first in listening\ http://127.0.0.1:*/) ;; *) echo "unexpected first line: $first" >&2; exit 1 ;; esac
            sed -n 's/^wsdl //p' "$dir/$name.out" >"$dir/$name.url"
            echo "$name: $first, $(cat "$dir/$name.url")"
            exit 0
        fi
        kill -0 "$(cat "$dir/$name.pid")" 2>/dev/null || break
        sleep 0.5
    done
    echo "leaklab serve did not start:" >&2
    cat "$dir/$name.err" >&2
    exit 1
    ;;
stop)
    dir=$2 name=$3
    pid=$(cat "$dir/$name.pid")
    kill -TERM "$pid" 2>/dev/null
    # Mono unloads the ASP.NET domain on its way out: under a loaded CI
    # machine (the live corpus runs beside it) that has taken over 10 s.
    for _ in $(seq 1 120); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.25
    done
    if kill -0 "$pid" 2>/dev/null; then
        echo "leaklab serve ($pid) did not stop on SIGTERM" >&2
        kill -KILL "$pid"
        exit 1
    fi
    if [ -n "$(ls -A "$dir/$name.tmp")" ]; then
        echo "leaklab serve left files behind: $(ls -A "$dir/$name.tmp")" >&2
        exit 1
    fi
    echo "$name: stopped cleanly, nothing left in its temporary folder"
    ;;
*)
    echo "usage: service.sh start|stop ..." >&2
    exit 2
    ;;
esac
