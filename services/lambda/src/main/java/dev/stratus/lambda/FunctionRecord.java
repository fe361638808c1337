package dev.stratus.lambda;

import java.util.List;
import java.util.Map;

/**
 * A function's $LATEST configuration as persisted (one JSON document per function).
 *
 * @param codeSha256 base64 SHA-256 of the deployment package, which also names its unpacked directory
 * @param lastModified AWS's format, e.g. {@code 2024-05-01T12:00:00.000+0000}
 * @param reservedConcurrency PutFunctionConcurrency's value, null when none is reserved (kept on $LATEST only)
 * @param version {@code $LATEST}, or the number of a published version (a snapshot)
 * @param lastPublishedVersion on $LATEST: the highest version number published so far (numbers are never reused)
 * @param layers the layer versions the function runs with, in the order they are unpacked into {@code /opt}
 */
public record FunctionRecord(String accountId, String region, String name, String runtime, String handler,
                             String role, String description, int memorySize, int timeout,
                             Map<String, String> environment, String codeSha256, long codeSize, String lastModified,
                             String revisionId, List<String> architectures, int ephemeralStorage,
                             String tracingMode, Map<String, String> tags, Integer reservedConcurrency,
                             String version, int lastPublishedVersion, List<LayerRef> layers) {

    /** A layer version a function uses, with what its configuration shows and what execution needs. */
    public record LayerRef(String arn, long codeSize, String codeSha256) {
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public FunctionRecord {
        layers = layers == null ? List.of() : List.copyOf(layers);
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        architectures = architectures == null ? List.of("x86_64") : List.copyOf(architectures);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        version = version == null ? "$LATEST" : version;
    }

    /** A function without layers. */
    public FunctionRecord(String accountId, String region, String name, String runtime, String handler,
                          String role, String description, int memorySize, int timeout,
                          Map<String, String> environment, String codeSha256, long codeSize, String lastModified,
                          String revisionId, List<String> architectures, int ephemeralStorage,
                          String tracingMode, Map<String, String> tags, Integer reservedConcurrency,
                          String version, int lastPublishedVersion) {
        this(accountId, region, name, runtime, handler, role, description, memorySize, timeout, environment,
                codeSha256, codeSize, lastModified, revisionId, architectures, ephemeralStorage, tracingMode, tags,
                reservedConcurrency, version, lastPublishedVersion, List.of());
    }

    FunctionRecord withLayers(List<LayerRef> newLayers) {
        return new FunctionRecord(accountId, region, name, runtime, handler, role, description, memorySize, timeout,
                environment, codeSha256, codeSize, lastModified, revisionId, architectures, ephemeralStorage,
                tracingMode, tags, reservedConcurrency, version, lastPublishedVersion, newLayers);
    }

    public String arn() {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + name;
    }

    /** The ARN a configuration shows: qualified for a published version. */
    public String versionArn() {
        return "$LATEST".equals(version) ? arn() : arn() + ":" + version;
    }

    /** A published version of this $LATEST configuration. */
    FunctionRecord asVersion(int number, String versionDescription, String modified, String revision) {
        return new FunctionRecord(accountId, region, name, runtime, handler, role, versionDescription, memorySize,
                timeout, environment, codeSha256, codeSize, modified, revision, architectures, ephemeralStorage,
                tracingMode, tags, null, Integer.toString(number), 0, layers);
    }

    FunctionRecord withLastPublishedVersion(int number) {
        return new FunctionRecord(accountId, region, name, runtime, handler, role, description, memorySize, timeout,
                environment, codeSha256, codeSize, lastModified, revisionId, architectures, ephemeralStorage,
                tracingMode, tags, reservedConcurrency, version, number, layers);
    }

    /** Whether a version published from this configuration would run the same code the same way. */
    boolean sameCodeAndConfiguration(FunctionRecord o) {
        return java.util.Objects.equals(codeSha256, o.codeSha256) && java.util.Objects.equals(runtime, o.runtime)
                && java.util.Objects.equals(handler, o.handler) && java.util.Objects.equals(role, o.role)
                && memorySize == o.memorySize && timeout == o.timeout && environment.equals(o.environment)
                && ephemeralStorage == o.ephemeralStorage && java.util.Objects.equals(tracingMode, o.tracingMode)
                && architectures.equals(o.architectures) && layers.equals(o.layers);
    }

    FunctionRecord withCode(String sha, long size, String modified, String revision) {
        return new FunctionRecord(accountId, region, name, runtime, handler, role, description, memorySize, timeout,
                environment, sha, size, modified, revision, architectures, ephemeralStorage, tracingMode, tags,
                reservedConcurrency, version, lastPublishedVersion, layers);
    }

    FunctionRecord withTags(Map<String, String> newTags) {
        return new FunctionRecord(accountId, region, name, runtime, handler, role, description, memorySize, timeout,
                environment, codeSha256, codeSize, lastModified, revisionId, architectures, ephemeralStorage,
                tracingMode, newTags, reservedConcurrency, version, lastPublishedVersion, layers);
    }

    FunctionRecord withReservedConcurrency(Integer reserved) {
        return new FunctionRecord(accountId, region, name, runtime, handler, role, description, memorySize, timeout,
                environment, codeSha256, codeSize, lastModified, revisionId, architectures, ephemeralStorage,
                tracingMode, tags, reserved, version, lastPublishedVersion, layers);
    }
}
