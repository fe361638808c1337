package dev.stratus.lambda.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The environment Lambda gives a runtime: the function's own variables plus the reserved ones AWS sets. */
public final class EnvironmentVariables {
    /** Keys a function may not set (AWS rejects them at CreateFunction / UpdateFunctionConfiguration). */
    public static final Set<String> RESERVED = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION",
            "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");

    /** Where the Java bootstrap finds the layers ({@code /opt} in the sandbox, the merged directory otherwise). */
    static final String JAVA_OPT_VARIABLE = "_STRATUS_OPT";

    private EnvironmentVariables() {
    }

    static Map<String, String> of(FunctionSpec spec, ExecutionSettings settings, ManagedRuntimes.Launch launch,
                                  SandboxDriver.Visible visible, String runtimeApi, String logStream) {
        Map<String, String> env = new LinkedHashMap<>(spec.environment());
        String interpreterBin = launch.argv().getFirst();
        String binDir = interpreterBin.contains("/") ? interpreterBin.substring(0, interpreterBin.lastIndexOf('/'))
                : "/usr/bin";
        String opt = visible.opt();
        env.put("PATH", binDir + ":/usr/local/bin:/usr/bin/:/bin:" + opt + "/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("LD_LIBRARY_PATH", visible.taskRoot() + ":" + visible.taskRoot() + "/lib:" + opt + "/lib");
        // Where Lambda's runtimes look for layer content: /opt/nodejs/node<major>/node_modules and
        // /opt/nodejs/node_modules; /opt/python/lib/python3.<minor>/site-packages and /opt/python.
        String nodeMajor = spec.runtime() != null && spec.runtime().startsWith("nodejs")
                ? spec.runtime().substring("nodejs".length()).replace(".x", "") : null;
        env.put("NODE_PATH", (nodeMajor == null ? "" : opt + "/nodejs/node" + nodeMajor + "/node_modules:")
                + opt + "/nodejs/node_modules:" + visible.runtimeDir() + "/node:" + visible.taskRoot());
        String python = spec.runtime() != null && spec.runtime().startsWith("python") ? spec.runtime() : "python3";
        env.put("PYTHONPATH", visible.runtimeDir() + "/python:" + opt + "/python/lib/" + python + "/site-packages:"
                + opt + "/python");
        if (spec.runtime() != null && spec.runtime().startsWith("java")) {
            // The Java bootstrap puts <opt>/java/lib/*.jar on the function's class path; it reads (and unsets) this.
            env.put(JAVA_OPT_VARIABLE, opt);
        }
        if (!visible.tmpDir().equals("/tmp")) {
            env.put("TMPDIR", visible.tmpDir()); // plain processes share the host /tmp; point tools at the private one
        }
        env.putAll(settings.platformEnv().apply(spec));
        env.put("_HANDLER", spec.handler() == null ? "" : spec.handler());
        env.put("AWS_REGION", spec.region());
        env.put("AWS_DEFAULT_REGION", spec.region());
        if (launch.executionEnv() != null) {
            env.put("AWS_EXECUTION_ENV", launch.executionEnv());
        }
        env.put("AWS_LAMBDA_FUNCTION_NAME", spec.name());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(spec.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", spec.version());
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", spec.logGroup());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", logStream);
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("LAMBDA_TASK_ROOT", visible.taskRoot());
        env.put("LAMBDA_RUNTIME_DIR", visible.runtimeDir());
        return env;
    }
}
