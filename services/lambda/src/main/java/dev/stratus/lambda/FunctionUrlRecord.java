package dev.stratus.lambda;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A function URL (CreateFunctionUrlConfig), as persisted.
 *
 * @param qualifier an alias name, or null for the unqualified function ($LATEST)
 * @param urlId the 32-character id that names the URL's host ({@code <urlId>.lambda-url.<region>...})
 * @param cors the {@code Cors} structure as given, or null
 * @param created AWS's format, e.g. {@code 2021-10-27T16:13:53.136983Z}
 */
public record FunctionUrlRecord(String accountId, String region, String functionName, String qualifier, String urlId,
                                String authType, JsonNode cors, String invokeMode, String created, String modified) {

    /** The function (or alias) ARN the URL invokes. */
    String functionArn() {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + functionName
                + (qualifier == null ? "" : ":" + qualifier);
    }

    String effectiveInvokeMode() {
        return invokeMode == null ? "BUFFERED" : invokeMode;
    }

    FunctionUrlRecord with(String newAuthType, JsonNode newCors, String newInvokeMode, String newModified) {
        return new FunctionUrlRecord(accountId, region, functionName, qualifier, urlId, newAuthType, newCors,
                newInvokeMode, created, newModified);
    }
}
