package dev.stratus.lambda.javaruntime;

import java.util.Map;

/** The function's identity as the platform passes it in the environment. */
record FunctionEnvironment(String name, String version, int memoryMb, String logGroup, String logStream) {

    static FunctionEnvironment of(Map<String, String> env) {
        return new FunctionEnvironment(env.get("AWS_LAMBDA_FUNCTION_NAME"), env.get("AWS_LAMBDA_FUNCTION_VERSION"),
                Integer.parseInt(env.getOrDefault("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")),
                env.get("AWS_LAMBDA_LOG_GROUP_NAME"), env.get("AWS_LAMBDA_LOG_STREAM_NAME"));
    }
}
