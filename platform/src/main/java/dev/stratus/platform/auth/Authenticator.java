package dev.stratus.platform.auth;

import dev.stratus.platform.RequestContext;
import dev.stratus.platform.StratusConfig;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.model.OperationModel;
import dev.stratus.protocol.model.ServiceModel;
import dev.stratus.protocol.sigv4.AwsChunkedInputStream;
import dev.stratus.protocol.sigv4.ChunkSignatureChain;
import dev.stratus.protocol.sigv4.SigV4Crypto;
import dev.stratus.protocol.sigv4.SigV4Failure;
import dev.stratus.protocol.sigv4.SigV4Scope;
import dev.stratus.protocol.sigv4.SigV4Verifier;
import dev.stratus.protocol.sigv4.StreamingPayload;
import dev.stratus.protocol.sigv4.VerifiedSignature;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns a request's SigV4 authorization into a {@link RequestContext}. In dev mode any key works; in strict mode
 * the signature is verified against the secret the {@link CredentialResolver} knows, and refusals are thrown as
 * the {@link AuthErrors} of the service's protocol family.
 */
public final class Authenticator {
    private static final Logger LOG = Logger.getLogger("stratus.auth");

    private final StratusConfig.AuthMode mode;
    private final CredentialResolver credentials;

    public Authenticator(StratusConfig.AuthMode mode, CredentialResolver credentials) {
        this.mode = mode;
        this.credentials = credentials;
    }

    public StratusConfig.AuthMode mode() {
        return mode;
    }

    /**
     * Authenticates a request.
     *
     * @param scope the parsed SigV4 scope, or null when the request carries none (or a malformed one)
     * @param model the service the request was routed to (its protocol picks the error family); may be null
     * @param operation the operation called, or null when not resolved (decides whether unsigned is allowed)
     * @param requestId the id already given to the request
     * @throws AwsException in strict mode, with the service family's code, when the request is not authentic
     */
    public RequestContext authenticate(HttpRequest request, SigV4Scope scope, ServiceModel model,
                                       OperationModel operation, String requestId, Instant now) {
        if (mode == StratusConfig.AuthMode.STRICT) {
            return strict(request, scope, model, operation, requestId, now);
        }
        String region = region(scope);
        if (scope == null) {
            return anonymous(requestId, region, now);
        }
        Optional<CredentialResolver.Credential> known = credentials.find(scope.accessKeyId());
        if (known.isPresent()) {
            CredentialResolver.Credential c = known.get();
            return new RequestContext(requestId, c.accountId(), region, c.accessKeyId(), c.principalArn(), now);
        }
        String account = CredentialResolver.devAccount(scope.accessKeyId());
        return new RequestContext(requestId, account, region, scope.accessKeyId(), rootArn(account), now);
    }

    private RequestContext strict(HttpRequest request, SigV4Scope scope, ServiceModel model, OperationModel operation,
                                  String requestId, Instant now) {
        AuthErrors errors = AuthErrors.of(model, request);
        if (scope == null) {
            String malformed = malformedAuthorization(request);
            if (malformed != null) {
                throw errors.incomplete(malformed, request.header("Authorization") == null);
            }
            if (allowsUnsigned(operation)) {
                return anonymous(requestId, RequestContext.DEFAULT_REGION, now);
            }
            if (errors == AuthErrors.S3 && model != null) {
                // S3 decides itself: a bucket policy may grant anonymous access ("Principal": "*").
                return RequestContext.anonymousCaller(requestId, RequestContext.DEFAULT_REGION, now);
            }
            throw errors.missingAuthentication();
        }
        if (model != null && !scope.service().equals(model.signingName())
                && !scope.service().equals(model.endpointPrefix())) {
            throw errors.wrongScope("Credential should be scoped to correct service: '" + model.signingName()
                    + "'. ", scope.presigned());
        }
        CredentialResolver.Credential credential = credentials.find(scope.accessKeyId())
                .orElseThrow(() -> errors.unknownAccessKey(scope.accessKeyId()));
        checkSessionToken(request, scope, credential, errors);
        boolean s3 = errors == AuthErrors.S3;
        try {
            SigV4Verifier.verify(request, scope, credential.secretAccessKey(), s3, now);
            SigV4Verifier.checkContentSha256(request);
        } catch (SigV4Failure f) {
            if (LOG.isLoggable(Level.FINE) && f.reason() == SigV4Failure.Reason.SIGNATURE_MISMATCH) {
                LOG.fine("signature mismatch for " + scope.accessKeyId() + "; canonical request:\n"
                        + f.details().get("CanonicalRequest") + "\nstring to sign:\n" + f.details().get("StringToSign"));
            }
            throw errors.from(f, scope.accessKeyId(), scope.presigned());
        }
        return new RequestContext(requestId, credential.accountId(), region(scope), credential.accessKeyId(),
                credential.principalArn(), now);
    }

    /**
     * Wraps an {@code aws-chunked} body in its decoder. In strict mode the chunk signatures of a
     * STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER] body are verified against the request's (already
     * authenticated) seed signature; in dev mode the body is only decoded.
     *
     * @return the decoder, or {@code raw} itself when the request's body is not aws-chunked
     */
    public InputStream awsChunkedBody(HttpRequest request, SigV4Scope scope, InputStream raw, Instant now) {
        StreamingPayload payload = StreamingPayload.of(request);
        if (payload == null) {
            return raw;
        }
        return new AwsChunkedInputStream(raw, payload, chunkSignatures(request, scope, payload),
                AwsChunkedInputStream.decodedContentLength(request));
    }

    /**
     * The request with its chunk-signature chain attached when strict mode must verify its aws-chunked body's
     * signatures (the codec checks each chunk as it unframes it); else the request unchanged.
     */
    public HttpRequest verifyingChunks(HttpRequest request, SigV4Scope scope) {
        StreamingPayload payload = StreamingPayload.of(request);
        ChunkSignatureChain chain = payload == null ? null : chunkSignatures(request, scope, payload);
        return chain == null ? request : request.withChunkSignatures(chain);
    }

    /** The chain seeded by the request's (already verified) signature, or null when chunks go unchecked. */
    private ChunkSignatureChain chunkSignatures(HttpRequest request, SigV4Scope scope, StreamingPayload payload) {
        if (mode != StratusConfig.AuthMode.STRICT || !payload.signedChunks()) {
            return null;
        }
        if (scope == null || scope.presigned()) {
            throw new AwsException("InvalidRequest", "A " + payload.contentSha256() + " body needs an "
                    + "Authorization header to chain its chunk signatures from", 400);
        }
        CredentialResolver.Credential credential = credentials.find(scope.accessKeyId())
                .orElseThrow(() -> AuthErrors.S3.unknownAccessKey(scope.accessKeyId()));
        byte[] key = SigV4Crypto.signingKey(credential.secretAccessKey(), scope.date(), scope.region(),
                scope.service());
        String amzDate = request.header("X-Amz-Date");
        return new ChunkSignatureChain(new VerifiedSignature(key, amzDate == null ? "" : amzDate.strip(),
                scope.credentialScope(), scope.signature()));
    }

    /** AWS lets a few operations be called unsigned (STS AssumeRoleWithWebIdentity and AssumeRoleWithSAML). */
    static boolean allowsUnsigned(OperationModel operation) {
        if (operation == null) {
            return false;
        }
        if ("none".equals(operation.json().path("authtype").asText())) {
            return true;
        }
        for (var auth : operation.json().path("auth")) {
            if ("smithy.api#noAuth".equals(auth.asText())) {
                return true;
            }
        }
        return false;
    }

    /** Why an attempted but unparseable SigV4 authorization is malformed, or null when none was attempted. */
    private static String malformedAuthorization(HttpRequest request) {
        String auth = request.header("Authorization");
        if (auth != null) {
            String a = auth.strip();
            if (!a.startsWith(SigV4Scope.ALGORITHM + " ")) {
                return "Unsupported Authorization scheme; only " + SigV4Scope.ALGORITHM + " (Signature Version 4) "
                        + "is accepted.";
            }
            return "Authorization header requires 'Credential' parameter of the form "
                    + "'<access key>/<date>/<region>/<service>/aws4_request'.";
        }
        List<String> cred = request.queryParams().get("X-Amz-Credential");
        if (cred != null || request.queryParams().containsKey("X-Amz-Signature")) {
            return "X-Amz-Credential must be of the form '<access key>/<date>/<region>/<service>/aws4_request'.";
        }
        return null;
    }

    private static void checkSessionToken(HttpRequest request, SigV4Scope scope,
                                          CredentialResolver.Credential credential, AuthErrors errors) {
        String sent = scope.presigned() ? firstQuery(request, "X-Amz-Security-Token")
                : request.header("X-Amz-Security-Token");
        String expected = credential.sessionToken();
        if (expected == null && sent == null) {
            return;
        }
        if (expected == null || sent == null || !SigV4Crypto.signaturesEqual(expected, sent.strip())) {
            throw errors.invalidSessionToken(scope.accessKeyId(), sent != null);
        }
    }

    private static String firstQuery(HttpRequest request, String name) {
        List<String> v = request.queryParams().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static RequestContext anonymous(String requestId, String region, Instant now) {
        return new RequestContext(requestId, RequestContext.DEFAULT_ACCOUNT, region, null, DEFAULT_ROOT_ARN, now);
    }

    /** The root of the default account, which most dev-mode requests act as (built once, not per request). */
    private static final String DEFAULT_ROOT_ARN = "arn:aws:iam::" + RequestContext.DEFAULT_ACCOUNT + ":root";

    private static String rootArn(String account) {
        return RequestContext.DEFAULT_ACCOUNT.equals(account) ? DEFAULT_ROOT_ARN : "arn:aws:iam::" + account + ":root";
    }

    private static String region(SigV4Scope scope) {
        return scope != null && !scope.region().isEmpty() ? scope.region() : RequestContext.DEFAULT_REGION;
    }
}
