package dev.stratus.lambda;

import java.util.List;

/**
 * One published layer version as persisted.
 *
 * @param codeSha256 base64 SHA-256 of the layer archive, which also names its unpacked directory in the code cache
 * @param createdDate AWS's format, e.g. {@code 2024-05-01T12:00:00.000+0000}
 */
public record LayerVersionRecord(String accountId, String region, String layerName, long version,
                                 String description, List<String> compatibleRuntimes,
                                 List<String> compatibleArchitectures, String licenseInfo, String codeSha256,
                                 long codeSize, String createdDate) {

    public LayerVersionRecord {
        compatibleRuntimes = compatibleRuntimes == null ? List.of() : List.copyOf(compatibleRuntimes);
        compatibleArchitectures = compatibleArchitectures == null ? List.of() : List.copyOf(compatibleArchitectures);
    }

    static String layerArn(String region, String accountId, String layerName) {
        return "arn:aws:lambda:" + region + ":" + accountId + ":layer:" + layerName;
    }

    public String layerArn() {
        return layerArn(region, accountId, layerName);
    }

    public String layerVersionArn() {
        return layerArn() + ":" + version;
    }
}
