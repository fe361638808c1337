package dev.stratus.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.OperationRegistry;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.StreamingBody;
import java.io.IOException;

/** The bytes of a deployment package or layer archive: inline ({@code ZipFile}) or an S3 object of Stratus's S3. */
final class PackageSource {
    private final OperationRegistry registry;

    PackageSource(OperationRegistry registry) {
        this.registry = registry;
    }

    /** The archive {@code content} names ({@code ZipFile}, or {@code S3Bucket}/{@code S3Key}/{@code S3ObjectVersion}). */
    byte[] bytes(RequestContext ctx, JsonNode content) {
        JsonNode zip = content.get("ZipFile");
        try {
            if (zip != null && !zip.isNull()) {
                return zip.binaryValue();
            }
            if (content.hasNonNull("S3Bucket") && content.hasNonNull("S3Key")) {
                return fromS3(ctx, content);
            }
        } catch (IOException e) {
            throw new AwsException("InvalidParameterValueException", "Could not read ZipFile");
        }
        throw new AwsException("InvalidParameterValueException", "Please provide a source for function code.");
    }

    private byte[] fromS3(RequestContext ctx, JsonNode content) throws IOException {
        ObjectNode in = JsonNodeFactory.instance.objectNode();
        in.put("Bucket", content.get("S3Bucket").asText());
        in.put("Key", content.get("S3Key").asText());
        if (content.hasNonNull("S3ObjectVersion")) {
            in.put("VersionId", content.get("S3ObjectVersion").asText());
        }
        JsonNode out;
        try {
            out = registry.call("s3", "GetObject", RequestContext.internal(ctx.accountId(), ctx.region()), in);
        } catch (AwsException e) {
            // Lambda's wording when it cannot fetch the object
            throw new AwsException("InvalidParameterValueException", "Error occurred while GetObject. S3 Error Code: "
                    + e.code() + ". S3 Error Message: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new AwsException("InvalidParameterValueException", "S3 is not enabled in this Stratus");
        }
        // GetObject's Body streams from the object's file (a StreamingBody node): read it whole here.
        return StreamingBody.bytes(out == null ? null : out.get("Body"));
    }
}
