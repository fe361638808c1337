package dev.stratus.dynamodb.expr;

import dev.stratus.dynamodb.DynamoErrors;
import dev.stratus.protocol.AwsException;

/** DynamoDB's ValidationException texts for expressions. */
public final class ExpressionErrors {
    private ExpressionErrors() {
    }

    public static AwsException invalid(String kind, String detail) {
        return DynamoErrors.validation("Invalid " + kind + ": " + detail);
    }

    static AwsException syntax(String kind, String source, String token, int start, int end) {
        return invalid(kind, "Syntax error; token: \"" + token + "\", near: \"" + near(source, start, end) + "\"");
    }

    static AwsException lexical(String kind, String source, char c, int at) {
        return invalid(kind, "Invalid character encountered; character: \"" + c + "\", near: \""
                + near(source, at, at + 1) + "\"");
    }

    /** The offending token with a word of context either side, as DynamoDB quotes it. */
    private static String near(String source, int start, int end) {
        int from = start;
        while (from > 0 && Character.isWhitespace(source.charAt(from - 1))) {
            from--;
        }
        while (from > 0 && !Character.isWhitespace(source.charAt(from - 1))) {
            from--;
        }
        int to = end;
        while (to < source.length() && Character.isWhitespace(source.charAt(to))) {
            to++;
        }
        while (to < source.length() && !Character.isWhitespace(source.charAt(to))) {
            to++;
        }
        return source.substring(from, to).trim();
    }
}
