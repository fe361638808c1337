package dev.stratus.platform.auth;

import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.model.ServiceModel;
import dev.stratus.protocol.sigv4.SigV4Failure;
import java.util.Map;

/**
 * The authentication errors of each AWS protocol family, with the codes, statuses and messages AWS answers:
 * query services (STS, IAM, SNS) say SignatureDoesNotMatch, awsJson services (Logs, DynamoDB) say
 * InvalidSignatureException with 400, restJson services (Lambda) the same codes with 403, S3 its own set.
 */
public enum AuthErrors {
    QUERY("SignatureDoesNotMatch", "InvalidClientTokenId", "MissingAuthenticationToken",
            "Request is missing Authentication Token", "IncompleteSignature", 403),
    AWS_JSON("InvalidSignatureException", "UnrecognizedClientException", "MissingAuthenticationTokenException",
            "Request is missing Authentication Token", "IncompleteSignatureException", 400),
    REST_JSON("InvalidSignatureException", "UnrecognizedClientException", "MissingAuthenticationTokenException",
            "Missing Authentication Token", "IncompleteSignatureException", 403),
    S3("SignatureDoesNotMatch", "InvalidAccessKeyId", "AccessDenied", "Access Denied",
            "AuthorizationHeaderMalformed", 403);

    static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature "
            + "you provided. Check your AWS Secret Access Key and signing method. Consult the service "
            + "documentation for details.";
    static final String S3_SIGNATURE_MISMATCH = "The request signature we calculated does not match the "
            + "signature you provided. Check your key and signing method.";
    static final String INVALID_TOKEN = "The security token included in the request is invalid.";
    static final String S3_UNKNOWN_KEY = "The AWS Access Key Id you provided does not exist in our records.";

    private final String signatureCode;
    private final String unknownKeyCode;
    private final String missingCode;
    private final String missingMessage;
    private final String incompleteCode;
    /** The status of every refusal but a malformed signature (always 400). */
    private final int status;

    AuthErrors(String signatureCode, String unknownKeyCode, String missingCode, String missingMessage,
               String incompleteCode, int status) {
        this.signatureCode = signatureCode;
        this.unknownKeyCode = unknownKeyCode;
        this.missingCode = missingCode;
        this.missingMessage = missingMessage;
        this.incompleteCode = incompleteCode;
        this.status = status;
    }

    /**
     * The family of the protocol this request speaks to this service; a service with both query and JSON
     * (SQS, CloudWatch) is JSON when the request names its operation in X-Amz-Target or smithy-protocol.
     */
    public static AuthErrors of(ServiceModel model, HttpRequest request) {
        if (model == null) {
            return QUERY;
        }
        if ("s3".equals(model.signingName())) {
            return S3;
        }
        String protocol = model.protocol();
        if (!"query".equals(protocol) && model.supportsProtocol("query") && request.header("X-Amz-Target") == null
                && request.header("smithy-protocol") == null) {
            return QUERY;
        }
        return switch (protocol) {
            case "json", "smithy-rpc-v2-cbor" -> AWS_JSON;
            case "rest-json" -> REST_JSON;
            default -> QUERY;
        };
    }

    /** A request with no signature at all. */
    public AwsException missingAuthentication() {
        return new AwsException(missingCode, missingMessage, status);
    }

    /** An access key nobody issued. */
    public AwsException unknownAccessKey(String accessKeyId) {
        if (this == S3) {
            return new AwsException(unknownKeyCode, S3_UNKNOWN_KEY, 403).with("AWSAccessKeyId", accessKeyId);
        }
        return new AwsException(unknownKeyCode, INVALID_TOKEN, status);
    }

    /** A session credential used without its token, or with another one. */
    public AwsException invalidSessionToken(String accessKeyId, boolean tokenSent) {
        if (this == S3) {
            return tokenSent ? new AwsException("InvalidToken", "The provided token is malformed or otherwise "
                    + "invalid.", 400) : unknownAccessKey(accessKeyId);
        }
        return new AwsException(unknownKeyCode, INVALID_TOKEN, status);
    }

    /** An Authorization header or presigned query that is not complete SigV4. */
    public AwsException incomplete(String message, boolean presigned) {
        if (this == S3) {
            return presigned ? new AwsException("AuthorizationQueryParametersError", message, 400)
                    : new AwsException(incompleteCode, "The authorization header is malformed; " + message, 400);
        }
        return new AwsException(incompleteCode, message, 400);
    }

    /** A credential scoped to another service than the one called. */
    public AwsException wrongScope(String message, boolean presigned) {
        return this == S3 ? incomplete(message, presigned) : new AwsException(signatureCode, message, status);
    }

    /** A signature mismatch with the family's own message (S3 echoes what it signed). */
    public AwsException signatureMismatch(String accessKeyId, Map<String, String> details) {
        if (this == S3) {
            AwsException e = new AwsException(signatureCode, S3_SIGNATURE_MISMATCH, status)
                    .with("AWSAccessKeyId", accessKeyId);
            for (String field : new String[] {"StringToSign", "SignatureProvided", "CanonicalRequest"}) {
                if (details.containsKey(field)) {
                    e.with(field, details.get(field));
                }
            }
            return e;
        }
        return new AwsException(signatureCode, SIGNATURE_MISMATCH, status);
    }

    /** Translates a verifier's refusal. */
    public AwsException from(SigV4Failure failure, String accessKeyId, boolean presigned) {
        return switch (failure.reason()) {
            case MALFORMED -> incomplete(failure.getMessage(), presigned);
            case SIGNATURE_MISMATCH -> signatureMismatch(accessKeyId, failure.details());
            case SKEWED -> this == S3
                    ? withDetails(new AwsException("RequestTimeTooSkewed", "The difference between the request "
                    + "time and the current time is too large.", 403), failure.details())
                    : new AwsException(signatureCode, failure.getMessage(), status);
            case EXPIRED -> this == S3
                    ? withDetails(new AwsException("AccessDenied", failure.getMessage(), 403), failure.details())
                    : new AwsException(signatureCode, failure.getMessage(), status);
            case CONTENT_SHA256_MISMATCH -> this == S3
                    ? withDetails(new AwsException("XAmzContentSHA256Mismatch", failure.getMessage(), 400),
                    failure.details())
                    : new AwsException(signatureCode, SIGNATURE_MISMATCH, status);
        };
    }

    private static AwsException withDetails(AwsException e, Map<String, String> details) {
        details.forEach(e::with);
        return e;
    }
}
