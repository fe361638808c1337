#!/bin/sh
# Stratus runtime for java* functions: starts the host JDK given as $1 the way Lambda starts its managed Java runtime.
# $2, when not empty, is a class data sharing archive of the runtime's classes made for that JDK.
# Memory settings follow the function's memory size; C1 only, serial GC and class data sharing keep cold starts short.
# A JAVA_TOOL_OPTIONS the function sets is read by the JVM on top of these, as on AWS.
java="$1"
archive="$2"
shift 2
set --
if [ -n "$archive" ] && [ -f "$archive" ]; then
  # An archive the JVM finds stale is skipped silently rather than reported in the function's log.
  set -- "-XX:SharedArchiveFile=$archive" -Xlog:cds=off -Xlog:cds+dynamic=off -Xlog:class+path=off
fi
# Layers are at /opt in the sandbox; the process driver cannot remap /opt and names their merged directory instead.
# The function does not see the variable, as on AWS.
opt="${_STRATUS_OPT:-/opt}"
unset _STRATUS_OPT
JAVA_HOME="${java%/bin/java}"
export JAVA_HOME
PATH="$JAVA_HOME/bin:$PATH"
export PATH
mem_kb=$(( ${AWS_LAMBDA_FUNCTION_MEMORY_SIZE:-128} * 1024 ))
cd "${LAMBDA_TASK_ROOT:-/var/task}" || exit 1
exec "$java" \
  -XX:MaxHeapSize=$(( mem_kb * 85 / 100 ))k \
  -XX:MaxMetaspaceSize=$(( mem_kb * 10 / 100 + 32768 ))k \
  -XX:ReservedCodeCacheSize=$(( mem_kb * 5 / 100 + 8192 ))k \
  -XX:+UseSerialGC \
  -XX:+TieredCompilation -XX:TieredStopAtLevel=1 \
  -Xshare:auto \
  -XX:-UsePerfData \
  -Djava.net.preferIPv4Stack=true \
  -Dfile.encoding=UTF-8 \
  "-Dstratus.lambda.opt=$opt" \
  -cp "$LAMBDA_RUNTIME_DIR/java/runtime.jar" \
  "$@" \
  dev.stratus.lambda.javaruntime.Bootstrap "$_HANDLER"
