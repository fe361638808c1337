package dev.stratus.logs;

/** ARNs of log groups and streams, and parsing of the group ARNs that tagging APIs and identifiers accept. */
final class LogArns {
    private LogArns() {
    }

    /** A log group named by an ARN. */
    record GroupRef(Scope scope, String name) {
    }

    /** The ARN DescribeLogGroups reports as {@code arn}: with a trailing {@code :*}. */
    static String groupWildcard(Scope s, String name) {
        return group(s, name) + ":*";
    }

    /** The ARN without the trailing {@code :*}, as tagging APIs and {@code logGroupArn} use it. */
    static String group(Scope s, String name) {
        return "arn:aws:logs:" + s.region() + ":" + s.accountId() + ":log-group:" + name;
    }

    static String stream(Scope s, String group, String stream) {
        return group(s, group) + ":log-stream:" + stream;
    }

    /** Parses {@code arn:<partition>:logs:<region>:<account>:log-group:<name>[:*]}; null when it is not one. */
    static GroupRef parseGroup(String arn) {
        String[] parts = arn.split(":", 7);
        if (parts.length < 7 || !parts[0].equals("arn") || !parts[2].equals("logs") || !parts[5].equals("log-group")) {
            return null;
        }
        String name = parts[6].endsWith(":*") ? parts[6].substring(0, parts[6].length() - 2) : parts[6];
        if (name.isEmpty() || name.contains(":")) {
            return null;
        }
        return new GroupRef(new Scope(parts[4], parts[3]), name);
    }
}
