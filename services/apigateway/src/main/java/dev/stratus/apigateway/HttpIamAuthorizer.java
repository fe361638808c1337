package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.auth.Authenticator;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.sigv4.SigV4Scope;
import java.time.Clock;

/**
 * AWS_IAM routes of HTTP APIs: the request must be SigV4-signed (verified in strict mode) and, in strict mode, the
 * signer's identity policies must allow {@code execute-api:Invoke} on
 * {@code arn:aws:execute-api:{region}:{account}:{api}/{stage}/{METHOD}/{path}}. HTTP APIs have no resource policy.
 * Every refusal is 403 {@code {"message":"Forbidden"}}, as HTTP APIs answer.
 */
final class HttpIamAuthorizer {
    private final Authenticator authenticator;
    private final ExecuteApiAccess access;
    private final Clock clock;

    HttpIamAuthorizer(Authenticator authenticator, ExecuteApiAccess access, Clock clock) {
        this.authenticator = authenticator;
        this.access = access;
        this.clock = clock;
    }

    HttpAuthorization authorize(HttpInvocation inv) {
        SigV4Scope scope = SigV4Scope.of(inv.req().http());
        if (scope == null) {
            return HttpAuthorization.forbidden();
        }
        RequestContext ctx;
        try {
            ctx = authenticator.authenticate(inv.req().http(), scope, null, null, inv.req().requestId(),
                    clock.instant());
        } catch (AwsException e) {
            return HttpAuthorization.forbidden();
        }
        String path = inv.routePath().startsWith("/") ? inv.routePath().substring(1) : inv.routePath();
        HttpApiState api = inv.api();
        String arn = "arn:aws:execute-api:" + api.region() + ":" + api.accountId() + ":" + api.id() + "/"
                + inv.stageName() + "/" + inv.req().http().method() + "/" + path;
        if (access.refusal(ctx, arn, api.accountId(), null, ProxyEvent.sourceIp(inv.req())) != null) {
            return HttpAuthorization.forbidden();
        }
        ObjectNode authorizer = JsonNodeFactory.instance.objectNode();
        ObjectNode iam = authorizer.putObject("iam");
        iam.put("accessKey", ctx.accessKeyId());
        iam.put("accountId", ctx.accountId());
        iam.put("callerId", ctx.accessKeyId());
        iam.putNull("cognitoIdentity");
        iam.putNull("principalOrgId");
        iam.put("userArn", ctx.principalArn());
        iam.put("userId", ctx.accessKeyId());
        return new HttpAuthorization.Allowed(authorizer);
    }
}
