package dev.stratus.platform.auth;

import dev.stratus.platform.RequestContext;
import dev.stratus.platform.StratusConfig;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.sigv4.SigV4Scope;
import java.time.Instant;
import java.util.Optional;

/** Turns a request's SigV4 authorization into a {@link RequestContext} (dev mode: any key works). */
public final class Authenticator {
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
     * @param requestId the id already given to the request
     * @param scope the parsed SigV4 scope, or null when the request carries none
     */
    public RequestContext authenticate(HttpRequest request, SigV4Scope scope, String requestId, Instant now) {
        String region = scope != null && !scope.region().isEmpty() ? scope.region() : RequestContext.DEFAULT_REGION;
        if (scope == null) {
            String account = RequestContext.DEFAULT_ACCOUNT;
            return new RequestContext(requestId, account, region, null, "arn:aws:iam::" + account + ":root", now);
        }
        Optional<CredentialResolver.Credential> known = credentials.find(scope.accessKeyId());
        if (known.isPresent()) {
            CredentialResolver.Credential c = known.get();
            return new RequestContext(requestId, c.accountId(), region, c.accessKeyId(), c.principalArn(), now);
        }
        String account = CredentialResolver.devAccount(scope.accessKeyId());
        return new RequestContext(requestId, account, region, scope.accessKeyId(),
                "arn:aws:iam::" + account + ":root", now);
    }
}
