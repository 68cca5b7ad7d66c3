#!/usr/bin/env bash
# Builds Hookline, starts it as shipped (embedded broker and database) and measures it:
#   bench/run.sh           full run
#   bench/run.sh --quick   the same with smaller counts, in under two minutes
# Figures are printed as a table and written to target/bench/results.json.
set -euo pipefail
cd "$(dirname "$0")/.."
# each step only when its inputs changed since it last ran (a rebuild of nothing still costs seconds)
newer() { [ ! -e "$1" ] || [ -n "$(find "${@:2}" -newer "$1" -print -quit)" ]; }
if newer target/hookline.jar pom.xml src/main; then
  mvn -q -B -ntp package -DskipTests
fi
if newer target/bench/classpath.txt pom.xml; then
  mvn -q -B -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/classpath.txt
fi
if newer target/bench/classes/Bench.class bench/src target/bench/classpath.txt; then
  mkdir -p target/bench/classes
  javac -d target/bench/classes -cp "target/classes:$(cat target/bench/classpath.txt)" bench/src/*.java
fi
exec java -Xmx1g ${BENCH_OPTS:-} -cp "target/bench/classes:target/classes:$(cat target/bench/classpath.txt)" Bench "$@"
