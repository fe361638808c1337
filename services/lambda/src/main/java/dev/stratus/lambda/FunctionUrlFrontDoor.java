package dev.stratus.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.HttpFrontDoor;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.StratusConfig;
import dev.stratus.platform.auth.CredentialResolver;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import dev.stratus.protocol.sigv4.SigV4Failure;
import dev.stratus.protocol.sigv4.SigV4Scope;
import dev.stratus.protocol.sigv4.SigV4Verifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Function URL invocations on the edge's port, addressed as {@code http://<url-id>.lambda-url.<region>.localhost:<port>/}
 * (by Host) or {@code /_aws/lambda-url/<url-id>/<path>}.
 */
final class FunctionUrlFrontDoor implements HttpFrontDoor {
    private static final Pattern HOST = Pattern.compile("([a-z0-9]{32})\\.lambda-url\\..*");
    static final String PATH_PREFIX = "/_aws/lambda-url/";

    private final FunctionUrlOperations urls;
    private final BiFunction<RequestContext, ObjectNode, JsonNode> invoke;
    private final CredentialResolver credentials;
    private final StratusConfig.AuthMode authMode;
    private final Clock clock;

    FunctionUrlFrontDoor(FunctionUrlOperations urls, BiFunction<RequestContext, ObjectNode, JsonNode> invoke,
                         CredentialResolver credentials, StratusConfig.AuthMode authMode, Clock clock) {
        this.urls = urls;
        this.invoke = invoke;
        this.credentials = credentials;
        this.authMode = authMode;
        this.clock = clock;
    }

    /** The URL id a request addresses and its path below the URL. */
    private record Target(String urlId, String rawPath, String domainName) {
    }

    private static Target target(HttpRequest r) {
        String host = HttpFrontDoor.hostName(r);
        Matcher m = HOST.matcher(host);
        if (m.matches()) {
            return new Target(m.group(1), r.rawPath(), host);
        }
        String path = r.rawPath();
        if (path.startsWith(PATH_PREFIX)) {
            String rest = path.substring(PATH_PREFIX.length());
            int slash = rest.indexOf('/');
            String id = slash < 0 ? rest : rest.substring(0, slash);
            return new Target(id, slash < 0 ? "/" : rest.substring(slash), host);
        }
        return null;
    }

    @Override
    public boolean claims(HttpRequest request) {
        return target(request) != null;
    }

    @Override
    public HttpResponse handle(HttpRequest request, String requestId) {
        Target t = target(request);
        Optional<FunctionUrlRecord> found = urls.byId(t.urlId());
        if (found.isEmpty()) {
            return FunctionUrlEvent.error(403, "Forbidden");
        }
        FunctionUrlRecord url = found.get();
        if (FunctionUrlCors.isPreflight(url, request)) {
            return FunctionUrlCors.preflight(url, request);
        }
        Instant now = clock.instant();
        FunctionUrlEvent.Caller caller = null;
        if ("AWS_IAM".equals(url.authType())) {
            caller = signer(request, now);
            if (caller == null) {
                return FunctionUrlEvent.error(403, "Forbidden");
            }
        }
        String domain = t.domainName().isEmpty() ? url.urlId() + ".lambda-url." + url.region() + ".localhost"
                : t.domainName();
        ObjectNode event = FunctionUrlEvent.of(url, request, t.rawPath(), domain, caller, requestId, now);
        ObjectNode in = JsonNodeFactory.instance.objectNode().put("FunctionName", url.functionName());
        if (url.qualifier() != null) {
            in.put("Qualifier", url.qualifier());
        }
        in.set("Payload", BinaryNode.valueOf(event.toString().getBytes(StandardCharsets.UTF_8)));
        RequestContext ctx = new RequestContext(requestId, url.accountId(), url.region(), null,
                "arn:aws:iam::" + url.accountId() + ":root", now);
        HttpResponse response;
        try {
            JsonNode out = invoke.apply(ctx, in);
            byte[] payload = out.get("Payload").binaryValue();
            response = out.hasNonNull("FunctionError") ? null
                    : "RESPONSE_STREAM".equals(url.effectiveInvokeMode()) ? FunctionUrlEvent.streamedResponse(payload)
                    : FunctionUrlEvent.response(payload);
        } catch (AwsException e) {
            response = e.status() == 429 ? FunctionUrlEvent.error(429, "Rate Exceeded.")
                    : FunctionUrlEvent.error(e.status() == 413 ? 413 : 502, e.status() == 413
                    ? "Request must be smaller than 6291456 bytes for the InvokeFunction operation"
                    : "Internal Server Error");
        } catch (IOException e) {
            response = null;
        }
        if (response == null) {
            response = FunctionUrlEvent.error(502, "Internal Server Error");
        }
        FunctionUrlCors.decorate(url, request, response);
        return response;
    }

    /**
     * Who signed the request, or null when it is not SigV4-signed or its signature is wrong. A key Stratus does not
     * know is accepted in dev auth mode (as every API call is) and refused in strict mode.
     */
    private FunctionUrlEvent.Caller signer(HttpRequest request, Instant now) {
        SigV4Scope scope = SigV4Scope.of(request);
        if (scope == null) {
            return null;
        }
        Optional<CredentialResolver.Credential> known = credentials.find(scope.accessKeyId());
        if (known.isEmpty()) {
            if (authMode == StratusConfig.AuthMode.STRICT) {
                return null;
            }
            String account = CredentialResolver.devAccount(scope.accessKeyId());
            return new FunctionUrlEvent.Caller(scope.accessKeyId(), account, "arn:aws:iam::" + account + ":root");
        }
        CredentialResolver.Credential c = known.get();
        try {
            SigV4Verifier.verify(request, scope, c.secretAccessKey(), false, now);
        } catch (SigV4Failure e) {
            return null;
        }
        return new FunctionUrlEvent.Caller(c.accessKeyId(), c.accountId(), c.principalArn());
    }
}
