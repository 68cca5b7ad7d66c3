#!/usr/bin/env bash
# Builds Hookline, starts it as shipped (embedded broker and database) and measures it:
#   bench/run.sh           full run
#   bench/run.sh --quick   the same with smaller counts, in under two minutes
# Figures are printed as a table and written to target/bench/results.json.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp package -DskipTests
mvn -q -B -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/classpath.txt
mkdir -p target/bench/classes
javac -d target/bench/classes -cp "target/classes:$(cat target/bench/classpath.txt)" bench/src/*.java
exec java -Xmx1g ${BENCH_OPTS:-} -cp "target/bench/classes:target/classes:$(cat target/bench/classpath.txt)" Bench "$@"
