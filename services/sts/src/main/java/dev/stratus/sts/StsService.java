package dev.stratus.sts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.Operation;
import dev.stratus.platform.Platform;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.Service;
import dev.stratus.platform.auth.CredentialResolver;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.codec.Timestamps;
import dev.stratus.protocol.model.ServiceModel;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** AWS Security Token Service: who am I, and temporary credentials that act as a role or as the caller. */
public final class StsService implements Service {
    /** Session length when AssumeRole* gives none. */
    static final int DEFAULT_ROLE_SESSION_SECONDS = 3600;
    /** Role chaining (a role session assuming a role) is limited to one hour. */
    static final int MAX_CHAINED_SESSION_SECONDS = 3600;
    /** GetSessionToken and GetFederationToken: 12 hours by default; the account root gets at most one hour. */
    static final int DEFAULT_SESSION_TOKEN_SECONDS = 43_200;
    static final int MAX_ROOT_SESSION_TOKEN_SECONDS = 3600;
    /** How often expired sessions are deleted from storage. */
    static final Duration SWEEP_INTERVAL = Duration.ofMinutes(10);

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final ServiceModel model = ServiceModel.load("sts");
    private final Platform platform;
    private final SessionStore sessions;
    private final RoleLookup roles;
    private ScheduledExecutorService sweeper;

    public StsService(Platform platform) {
        this.platform = platform;
        this.sessions = new SessionStore(platform.storage(), platform.clock());
        this.roles = new RoleLookup(platform.registry());
        // requests signed with issued session credentials act as the session's principal
        platform.credentials().addSource(sessions);
    }

    @Override
    public String name() {
        return "sts";
    }

    @Override
    public ServiceModel model() {
        return model;
    }

    @Override
    public String validationErrorCode() {
        return "ValidationError";
    }

    @Override
    public Map<String, Operation> operations() {
        return Map.of(
                "GetCallerIdentity", this::getCallerIdentity,
                "AssumeRole", this::assumeRole,
                "AssumeRoleWithWebIdentity", this::assumeRoleWithWebIdentity,
                "GetSessionToken", this::getSessionToken,
                "GetFederationToken", this::getFederationToken,
                "GetAccessKeyInfo", this::getAccessKeyInfo);
    }

    @Override
    public void start() {
        sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("sts-sweeper")
                .factory());
        long every = SWEEP_INTERVAL.toSeconds();
        sweeper.scheduleWithFixedDelay(sessions::sweepExpired, every, every, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }

    JsonNode getCallerIdentity(RequestContext ctx, ObjectNode input) {
        ObjectNode out = F.objectNode();
        String arn = ctx.principalArn();
        out.put("UserId", callerUserId(ctx));
        out.put("Account", ctx.accountId());
        out.put("Arn", arn);
        return out;
    }

    JsonNode assumeRole(RequestContext ctx, ObjectNode input) {
        String roleArn = input.path("RoleArn").asText();
        RoleLookup.Role role = roles.find(ctx, roleArn, "AssumeRole");
        int seconds = input.path("DurationSeconds").asInt(DEFAULT_ROLE_SESSION_SECONDS);
        if (seconds > role.maxSessionDuration()) {
            throw validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        if (seconds > MAX_CHAINED_SESSION_SECONDS && ctx.principalArn().contains(":assumed-role/")) {
            throw validation("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by "
                    + "role chaining.");
        }
        ObjectNode out = roleSession(role, input, seconds);
        if (input.has("SourceIdentity")) {
            out.put("SourceIdentity", input.get("SourceIdentity").asText());
        }
        return out;
    }

    JsonNode assumeRoleWithWebIdentity(RequestContext ctx, ObjectNode input) {
        RoleLookup.Role role = roles.find(ctx, input.path("RoleArn").asText(), "AssumeRoleWithWebIdentity");
        int seconds = input.path("DurationSeconds").asInt(DEFAULT_ROLE_SESSION_SECONDS);
        if (seconds > role.maxSessionDuration()) {
            throw validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        WebIdentityToken token = WebIdentityToken.read(input.path("WebIdentityToken").asText(),
                input.path("ProviderId").asText(null));
        ObjectNode out = roleSession(role, input, seconds);
        out.put("SubjectFromWebIdentityToken", token.subject());
        out.put("Provider", token.issuer());
        out.put("Audience", token.audience());
        return out;
    }

    JsonNode getSessionToken(RequestContext ctx, ObjectNode input) {
        if (sessions.active(ctx.accessKeyId()).isPresent()) {
            throw new AwsException("AccessDenied", "Cannot call GetSessionToken with session credentials", 403);
        }
        int seconds = durationForCaller(ctx, input);
        return issued(sessions.issue(ctx.accountId(), ctx.principalArn(), callerUserId(ctx), expiry(seconds)), null);
    }

    /** Credentials for a federated user named by the caller, acting in the caller's account. */
    JsonNode getFederationToken(RequestContext ctx, ObjectNode input) {
        if (sessions.active(ctx.accessKeyId()).isPresent()) {
            throw new AwsException("AccessDenied", "Cannot call GetFederationToken with session credentials", 403);
        }
        String name = input.path("Name").asText();
        int seconds = durationForCaller(ctx, input);
        Integer packed = SessionPolicies.packedPolicySize(input);
        String arn = "arn:aws:sts::" + ctx.accountId() + ":federated-user/" + name;
        String userId = ctx.accountId() + ":" + name;
        ObjectNode out = issued(sessions.issue(ctx.accountId(), arn, userId, expiry(seconds)), packed);
        out.putObject("FederatedUser").put("FederatedUserId", userId).put("Arn", arn);
        return out;
    }

    JsonNode getAccessKeyInfo(RequestContext ctx, ObjectNode input) {
        String key = input.path("AccessKeyId").asText();
        String account = platform.credentials().find(key).map(CredentialResolver.Credential::accountId)
                .orElse(CredentialResolver.devAccount(key));
        return F.objectNode().put("Account", account);
    }

    /** Issues credentials for a role session and renders Credentials, AssumedRoleUser and PackedPolicySize. */
    private ObjectNode roleSession(RoleLookup.Role role, ObjectNode input, int seconds) {
        String sessionName = input.path("RoleSessionName").asText();
        Integer packed = SessionPolicies.packedPolicySize(input);
        String arn = "arn:aws:sts::" + role.account() + ":assumed-role/" + role.name() + "/" + sessionName;
        String userId = role.id() + ":" + sessionName;
        ObjectNode out = issued(sessions.issue(role.account(), arn, userId, expiry(seconds)), packed);
        out.putObject("AssumedRoleUser").put("AssumedRoleId", userId).put("Arn", arn);
        return out;
    }

    /** An output with the session's Credentials, and PackedPolicySize when session policies were given. */
    private static ObjectNode issued(SessionRecord s, Integer packedPolicySize) {
        ObjectNode out = F.objectNode();
        out.set("Credentials", credentials(s));
        if (packedPolicySize != null) {
            out.put("PackedPolicySize", packedPolicySize);
        }
        return out;
    }

    /** GetCallerIdentity's UserId: the session's, the IAM user's id, or the account for the root. */
    private String callerUserId(RequestContext ctx) {
        String arn = ctx.principalArn();
        if (arn.endsWith(":root")) {
            return ctx.accountId();
        }
        var session = sessions.active(ctx.accessKeyId());
        if (session.isPresent()) {
            return session.get().userId();
        }
        boolean iamUser = arn.startsWith("arn:aws:iam::" + ctx.accountId() + ":user/");
        if (iamUser && platform.registry().service("iam") != null) {
            try {
                return platform.registry().call("iam", "GetUser", ctx, F.objectNode()).path("User").path("UserId")
                        .asText(ctx.accessKeyId());
            } catch (AwsException e) {
                // the user is gone: fall back to the key itself
            }
        }
        return ctx.accessKeyId() == null ? ctx.accountId() : ctx.accessKeyId();
    }

    /** GetSessionToken and GetFederationToken: 12 hours by default, the account root at most one hour. */
    private static int durationForCaller(RequestContext ctx, ObjectNode input) {
        boolean root = ctx.principalArn().equals("arn:aws:iam::" + ctx.accountId() + ":root");
        int seconds = input.path("DurationSeconds").asInt(DEFAULT_SESSION_TOKEN_SECONDS);
        return root ? Math.min(seconds, MAX_ROOT_SESSION_TOKEN_SECONDS) : seconds;
    }

    private Instant expiry(int seconds) {
        return platform.clock().instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(seconds);
    }

    private static ObjectNode credentials(SessionRecord s) {
        ObjectNode c = F.objectNode();
        c.put("AccessKeyId", s.accessKeyId());
        c.put("SecretAccessKey", s.secretAccessKey());
        c.put("SessionToken", s.sessionToken());
        c.set("Expiration", Timestamps.node(Instant.ofEpochMilli(s.expires())));
        return c;
    }

    private static AwsException validation(String message) {
        return new AwsException("ValidationError", message, 400);
    }
}
