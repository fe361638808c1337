package dev.stratus.lambda.runtime;

import java.nio.file.Path;
import java.util.Map;

/**
 * Everything execution needs to know about one function version. Environments are reused only for an equal spec, so
 * changing code or configuration naturally starts fresh environments.
 *
 * @param arn the function's unqualified ARN
 * @param codeDir the unpacked code (host path), mounted read-only as the task root
 * @param environment the function's own environment variables
 * @param optDir the function's layers merged (host path), seen at {@code /opt}; null when it has none
 */
public record FunctionSpec(String accountId, String region, String name, String version, String arn,
                           String runtime, String handler, int memoryMb, int timeoutSeconds,
                           Map<String, String> environment, Path codeDir, String codeSha256, Path optDir) {

    public FunctionSpec {
        environment = Map.copyOf(environment);
    }

    /** A function without layers. */
    public FunctionSpec(String accountId, String region, String name, String version, String arn, String runtime,
                        String handler, int memoryMb, int timeoutSeconds, Map<String, String> environment,
                        Path codeDir, String codeSha256) {
        this(accountId, region, name, version, arn, runtime, handler, memoryMb, timeoutSeconds, environment, codeDir,
                codeSha256, null);
    }

    /**
     * The version's own ARN: what the runtime sees in {@code Lambda-Runtime-Invoked-Function-Arn} when the caller
     * named no alias (an alias invoke passes the alias ARN instead).
     */
    public String invokedArn() {
        return "$LATEST".equals(version) ? arn : arn + ":" + version;
    }

    public String logGroup() {
        return "/aws/lambda/" + name;
    }
}
