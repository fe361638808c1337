package dev.stratus.lambda;

import java.util.List;
import java.util.Map;

/**
 * A function's $LATEST configuration as persisted (one JSON document per function).
 *
 * @param codeSha256 base64 SHA-256 of the deployment package, which also names its unpacked directory
 * @param lastModified AWS's format, e.g. {@code 2024-05-01T12:00:00.000+0000}
 * @param reservedConcurrency PutFunctionConcurrency's value, null when none is reserved
 */
public record FunctionRecord(String accountId, String region, String name, String runtime, String handler,
                             String role, String description, int memorySize, int timeout,
                             Map<String, String> environment, String codeSha256, long codeSize, String lastModified,
                             String revisionId, List<String> architectures, int ephemeralStorage,
                             String tracingMode, Map<String, String> tags, Integer reservedConcurrency) {

    public FunctionRecord {
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        architectures = architectures == null ? List.of("x86_64") : List.copyOf(architectures);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public String arn() {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + name;
    }

    FunctionRecord withCode(String sha, long size, String modified, String revision) {
        return new FunctionRecord(accountId, region, name, runtime, handler, role, description, memorySize, timeout,
                environment, sha, size, modified, revision, architectures, ephemeralStorage, tracingMode, tags,
                reservedConcurrency);
    }

    FunctionRecord withTags(Map<String, String> newTags) {
        return new FunctionRecord(accountId, region, name, runtime, handler, role, description, memorySize, timeout,
                environment, codeSha256, codeSize, lastModified, revisionId, architectures, ephemeralStorage,
                tracingMode, newTags, reservedConcurrency);
    }

    FunctionRecord withReservedConcurrency(Integer reserved) {
        return new FunctionRecord(accountId, region, name, runtime, handler, role, description, memorySize, timeout,
                environment, codeSha256, codeSize, lastModified, revisionId, architectures, ephemeralStorage,
                tracingMode, tags, reserved);
    }
}
