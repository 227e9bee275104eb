#!/bin/bash
# Samples VmHWM, RssAnon and RssFile (kB) of a command every second into OUT
# (the 1M memory figures in BENCHMARKS.md). Usage: bench/rss.sh OUT cmd...
out=$1; shift
"$@" >/dev/null 2>&1 &
pid=$!
start=$(date +%s.%N)
while kill -0 $pid 2>/dev/null; do
  t=$(echo "$(date +%s.%N) - $start" | bc)
  a=$(grep -E "RssAnon|RssFile|VmHWM" /proc/$pid/status 2>/dev/null | awk '{print $2}' | paste -sd' ')
  echo "$t $a" >> $out
  sleep 1
done
wait $pid
echo "exit $? after $(echo "$(date +%s.%N) - $start" | bc) s" >> $out
