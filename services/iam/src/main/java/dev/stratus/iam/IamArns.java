package dev.stratus.iam;

import dev.stratus.protocol.AwsException;

/**
 * IAM ARNs: {@code arn:aws:iam::ACCOUNT:TYPE/PATH/NAME}, where the path is part of the ARN (AWS-managed policies
 * use the account {@code aws}).
 */
final class IamArns {
    static final String AWS_ACCOUNT = "aws";

    private IamArns() {
    }

    static String of(String account, String type, String path, String name) {
        return "arn:aws:iam::" + account + ":" + type + path + name;
    }

    static String root(String account) {
        return "arn:aws:iam::" + account + ":root";
    }

    /** A parsed IAM resource ARN. */
    record Parsed(String account, String type, String path, String name) {
    }

    /** Parses {@code arn:aws:iam::ACCOUNT:TYPE/PATH/NAME}; throws InvalidInput as IAM does for anything else. */
    static Parsed parse(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("iam") || parts[5].isEmpty()) {
            throw new AwsException("InvalidInput", "ARN " + arn + " is not valid.");
        }
        String resource = parts[5];
        int firstSlash = resource.indexOf('/');
        int lastSlash = resource.lastIndexOf('/');
        if (firstSlash <= 0 || lastSlash == resource.length() - 1) {
            throw new AwsException("InvalidInput", "ARN " + arn + " is not valid.");
        }
        return new Parsed(parts[4], resource.substring(0, firstSlash),
                resource.substring(firstSlash, lastSlash + 1), resource.substring(lastSlash + 1));
    }

    /** Paths must start and end with a slash; {@code /} alone is the default. */
    static boolean underPrefix(String path, String prefix) {
        return prefix == null || path.startsWith(prefix);
    }
}
