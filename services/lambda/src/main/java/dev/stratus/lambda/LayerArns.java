package dev.stratus.lambda;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses layer version ARNs ({@code arn:aws:lambda:region:account:layer:name:version}). */
final class LayerArns {
    private static final Pattern VERSION_ARN = Pattern.compile(
            "arn:[a-zA-Z0-9-]+:lambda:([a-zA-Z0-9-]+):(\\d{12}):layer:([a-zA-Z0-9-_]+):([0-9]+)");

    /** The parts of a layer version ARN. */
    record VersionArn(String region, String accountId, String layerName, long version) {
    }

    private LayerArns() {
    }

    static Optional<VersionArn> parse(String arn) {
        Matcher m = VERSION_ARN.matcher(arn);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new VersionArn(m.group(1), m.group(2), m.group(3), Long.parseLong(m.group(4))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
