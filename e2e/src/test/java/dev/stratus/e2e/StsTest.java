package dev.stratus.e2e;

import static dev.stratus.e2e.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.platform.StratusConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.sts.model.StsException;

/** STS: caller identity, role sessions, session tokens and web identity, against IAM roles. */
class StsTest {
    static final StratusServer stratus = StratusServer.start();
    static final AtomicInteger accounts = new AtomicInteger(400_000_000);
    static final String ACCESS_KEY_ID = "ASIA[A-Z0-9]{16}";

    @AfterAll
    static void stop() {
        stratus.close();
    }

    static String freshAccountId() {
        return String.format("%012d", accounts.incrementAndGet());
    }

    /** Creates a role in {@code account} and returns it. */
    static Role role(StratusServer server, String account, String name, int maxSessionSeconds) {
        try (IamClient iam = server.client(IamClient.builder(), account, "x")) {
            return iam.createRole(r -> r.roleName(name).path("/app/").assumeRolePolicyDocument(IamTest.LAMBDA_TRUST)
                    .maxSessionDuration(maxSessionSeconds)).role();
        }
    }

    static StsClient as(StratusServer server, Credentials c) {
        return server.client(StsClient.builder(), c.accessKeyId(), c.secretAccessKey());
    }

    @Test
    void getCallerIdentityAnswersWithTheDefaultAccount() {
        try (StsClient sts = stratus.client(StsClient.builder())) {
            GetCallerIdentityResponse me = sts.getCallerIdentity();
            assertThat(me.account()).isEqualTo("000000000000");
            assertThat(me.arn()).isEqualTo("arn:aws:iam::000000000000:root");
            assertThat(me.userId()).isEqualTo("000000000000");
        }
    }

    @Test
    void aTwelveDigitAccessKeyActsInThatAccount() {
        try (StsClient sts = stratus.client(StsClient.builder(), "123456789012", "x")) {
            assertThat(sts.getCallerIdentity().account()).isEqualTo("123456789012");
        }
    }

    @Test
    void assumeRoleIssuesTemporaryCredentialsForTheRole() {
        String account = freshAccountId();
        Role role = role(stratus, account, "deployer", 3600);
        Instant before = Instant.now().minusSeconds(1);
        try (StsClient sts = stratus.client(StsClient.builder(), account, "x")) {
            AssumeRoleResponse r = sts.assumeRole(a -> a.roleArn(role.arn()).roleSessionName("ci-run"));
            Credentials c = r.credentials();
            assertThat(c.accessKeyId()).matches(ACCESS_KEY_ID);
            assertThat(c.secretAccessKey()).hasSize(40);
            assertThat(c.sessionToken()).isNotBlank();
            assertThat(c.expiration()).isBetween(before.plusSeconds(3600), Instant.now().plusSeconds(3601));
            assertThat(r.assumedRoleUser().arn())
                    .isEqualTo("arn:aws:sts::" + account + ":assumed-role/deployer/ci-run");
            assertThat(r.assumedRoleUser().assumedRoleId()).isEqualTo(role.roleId() + ":ci-run");
            assertThat(r.packedPolicySize()).isNull();

            try (StsClient session = as(stratus, c)) {
                GetCallerIdentityResponse me = session.getCallerIdentity();
                assertThat(me.arn()).isEqualTo("arn:aws:sts::" + account + ":assumed-role/deployer/ci-run");
                assertThat(me.userId()).isEqualTo(role.roleId() + ":ci-run");
                assertThat(me.account()).isEqualTo(account);
            }
        }
    }

    @Test
    void durationSecondsSetsTheExpirationWithinTheRolesMaximum() {
        String account = freshAccountId();
        Role role = role(stratus, account, "timed", 7200);
        try (StsClient sts = stratus.client(StsClient.builder(), account, "x")) {
            Credentials c = sts.assumeRole(a -> a.roleArn(role.arn()).roleSessionName("s1").durationSeconds(900))
                    .credentials();
            assertThat(Duration.between(Instant.now(), c.expiration())).isBetween(Duration.ofSeconds(890),
                    Duration.ofSeconds(901));
            assertThat(sts.assumeRole(a -> a.roleArn(role.arn()).roleSessionName("s1").durationSeconds(7200))
                    .credentials().expiration()).isAfter(Instant.now().plusSeconds(7100));

            assertAwsError(() -> sts.assumeRole(a -> a.roleArn(role.arn()).roleSessionName("s1").durationSeconds(7201)),
                    StsException.class, 400, "ValidationError",
                    "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
            assertAwsError(() -> sts.assumeRole(a -> a.roleArn(role.arn()).roleSessionName("s1").durationSeconds(899)),
                    StsException.class, 400, "ValidationError", "1 validation error detected: Value '899' at "
                            + "'durationSeconds' failed to satisfy constraint: Member must have value greater than or "
                            + "equal to 900");
        }
    }

    @Test
    void assumingAMissingRoleIsAccessDenied() {
        try (StsClient sts = stratus.client(StsClient.builder())) {
            String arn = "arn:aws:iam::000000000000:role/nope";
            assertAwsError(() -> sts.assumeRole(a -> a.roleArn(arn).roleSessionName("s1")), StsException.class, 403,
                    "AccessDenied", "User: arn:aws:iam::000000000000:root is not authorized to perform: "
                            + "sts:AssumeRole on resource: " + arn);
        }
    }

    @Test
    void theRoleArnMustMatchTheRolesPath() {
        String account = freshAccountId();
        role(stratus, account, "pathed", 3600);
        try (StsClient sts = stratus.client(StsClient.builder(), account, "x")) {
            assertAwsError(() -> sts.assumeRole(a -> a.roleArn("arn:aws:iam::" + account + ":role/pathed")
                    .roleSessionName("s1")), StsException.class, 403, "AccessDenied", null);
        }
    }

    @Test
    void roleChainingIsLimitedToOneHour() {
        String account = freshAccountId();
        Role first = role(stratus, account, "first", 43200);
        Role second = role(stratus, account, "second", 43200);
        try (StsClient sts = stratus.client(StsClient.builder(), account, "x")) {
            Credentials c = sts.assumeRole(a -> a.roleArn(first.arn()).roleSessionName("one")).credentials();
            try (StsClient session = as(stratus, c)) {
                assertAwsError(() -> session.assumeRole(a -> a.roleArn(second.arn()).roleSessionName("two")
                                .durationSeconds(7200)), StsException.class, 400, "ValidationError",
                        "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role "
                                + "chaining.");
                Credentials chained = session.assumeRole(a -> a.roleArn(second.arn()).roleSessionName("two"))
                        .credentials();
                try (StsClient twice = as(stratus, chained)) {
                    assertThat(twice.getCallerIdentity().arn()).endsWith(":assumed-role/second/two");
                }
            }
        }
    }

    @Test
    void aSessionPolicyIsReportedAsPackedPolicySize() {
        String account = freshAccountId();
        Role role = role(stratus, account, "scoped", 3600);
        try (StsClient sts = stratus.client(StsClient.builder(), account, "x")) {
            AssumeRoleResponse r = sts.assumeRole(a -> a.roleArn(role.arn()).roleSessionName("s1")
                    .policy(IamPoliciesTest.READ));
            assertThat(r.packedPolicySize()).isBetween(1, 100);
            assertAwsError(() -> sts.assumeRole(a -> a.roleArn(role.arn()).roleSessionName("s1").policy("{nope")),
                    MalformedPolicyDocumentException.class, 400, "MalformedPolicyDocument", null);
            String huge = IamPoliciesTest.READ.replace("\"*\"", "\"arn:aws:s3:::" + "b".repeat(3000) + "\"");
            assertAwsError(() -> sts.assumeRole(a -> a.roleArn(role.arn()).roleSessionName("s1").policy(huge)),
                    StsException.class, 400, "PackedPolicyTooLarge", null);
        }
    }

    @Test
    void roleSessionsCrossAccounts() {
        String other = freshAccountId();
        Role role = role(stratus, other, "cross", 3600);
        try (StsClient sts = stratus.client(StsClient.builder())) {
            Credentials c = sts.assumeRole(a -> a.roleArn(role.arn()).roleSessionName("visit")).credentials();
            try (StsClient session = as(stratus, c)) {
                assertThat(session.getCallerIdentity().account()).isEqualTo(other);
            }
            assertThat(sts.getAccessKeyInfo(a -> a.accessKeyId(c.accessKeyId())).account()).isEqualTo(other);
        }
    }

    @Test
    void getSessionTokenIssuesCredentialsThatActAsTheCaller() {
        String account = freshAccountId();
        try (StsClient sts = stratus.client(StsClient.builder(), account, "x")) {
            Credentials c = sts.getSessionToken().credentials();
            assertThat(c.accessKeyId()).matches(ACCESS_KEY_ID);
            // the account root gets at most one hour
            assertThat(c.expiration()).isBefore(Instant.now().plusSeconds(3601));
            try (StsClient session = as(stratus, c)) {
                assertThat(session.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::" + account + ":root");
                assertAwsError(session::getSessionToken, StsException.class, 403, "AccessDenied",
                        "Cannot call GetSessionToken with session credentials");
            }
        }
    }

    @Test
    void getSessionTokenForAnIamUserLastsTwelveHoursByDefault() {
        String account = freshAccountId();
        try (IamClient iam = stratus.client(IamClient.builder(), account, "x")) {
            var user = iam.createUser(r -> r.userName("ivan")).user();
            var key = iam.createAccessKey(r -> r.userName("ivan")).accessKey();
            try (StsClient asIvan = stratus.client(StsClient.builder(), key.accessKeyId(), key.secretAccessKey())) {
                Credentials c = asIvan.getSessionToken().credentials();
                assertThat(c.expiration()).isAfter(Instant.now().plusSeconds(43_100));
                try (StsClient session = as(stratus, c)) {
                    GetCallerIdentityResponse me = session.getCallerIdentity();
                    assertThat(me.arn()).isEqualTo(user.arn());
                    assertThat(me.userId()).isEqualTo(user.userId());
                }
                assertThat(asIvan.getAccessKeyInfo(a -> a.accessKeyId(key.accessKeyId())).account()).isEqualTo(account);
            }
        }
    }

    @Test
    void assumeRoleWithWebIdentityNeedsNoSignatureAndReportsTheTokensClaims() {
        String account = freshAccountId();
        Role role = role(stratus, account, "web", 3600);
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"sub\":\"user-123456\",\"iss\":\"https://issuer.example.com\",\"aud\":\"my-client\"}"
                        .getBytes(StandardCharsets.UTF_8));
        String jwt = "eyJhbGciOiJSUzI1NiJ9." + payload + ".c2lnbmF0dXJl";
        try (StsClient anonymous = StsClient.builder().endpointOverride(stratus.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            AssumeRoleWithWebIdentityResponse r = anonymous.assumeRoleWithWebIdentity(a -> a.roleArn(role.arn())
                    .roleSessionName("browser").webIdentityToken(jwt));
            assertThat(r.subjectFromWebIdentityToken()).isEqualTo("user-123456");
            assertThat(r.provider()).isEqualTo("https://issuer.example.com");
            assertThat(r.audience()).isEqualTo("my-client");
            assertThat(r.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::" + account + ":assumed-role/web/browser");
            try (StsClient session = as(stratus, r.credentials())) {
                assertThat(session.getCallerIdentity().arn()).isEqualTo(r.assumedRoleUser().arn());
            }
            assertThat(anonymous.assumeRoleWithWebIdentity(a -> a.roleArn(role.arn()).roleSessionName("b1")
                    .webIdentityToken("opaque-token")).credentials().accessKeyId()).matches(ACCESS_KEY_ID);
            assertAwsError(() -> anonymous.assumeRoleWithWebIdentity(a -> a.roleArn("arn:aws:iam::" + account
                            + ":role/missing").roleSessionName("b1").webIdentityToken(jwt)), StsException.class, 403,
                    "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity");
        }
    }

    @Test
    void getAccessKeyInfoNamesTheAccountOfAnyKey() {
        try (StsClient sts = stratus.client(StsClient.builder())) {
            assertThat(sts.getAccessKeyInfo(a -> a.accessKeyId("AKIAIOSFODNN7EXAMPLE")).account())
                    .isEqualTo("000000000000");
        }
    }

    @Test
    void getFederationTokenIssuesCredentialsForAFederatedUser() {
        String account = freshAccountId();
        try (StsClient sts = stratus.client(StsClient.builder(), account, "x")) {
            var r = sts.getFederationToken(a -> a.name("partner-bob").policy(IamPoliciesTest.READ));
            assertThat(r.federatedUser().arn()).isEqualTo("arn:aws:sts::" + account + ":federated-user/partner-bob");
            assertThat(r.federatedUser().federatedUserId()).isEqualTo(account + ":partner-bob");
            assertThat(r.packedPolicySize()).isPositive();
            try (StsClient session = as(stratus, r.credentials())) {
                GetCallerIdentityResponse me = session.getCallerIdentity();
                assertThat(me.arn()).isEqualTo(r.federatedUser().arn());
                assertThat(me.userId()).isEqualTo(account + ":partner-bob");
                assertAwsError(() -> session.getFederationToken(a -> a.name("again")), StsException.class, 403,
                        "AccessDenied", "Cannot call GetFederationToken with session credentials");
            }
        }
    }

    @Test
    void sessionCredentialsSurviveARestart(@TempDir Path dataDir) {
        StratusConfig config = StratusConfig.forTests().withStorage(dataDir, false);
        String account = "555555555555";
        AssumeRoleResponse issued;
        try (StratusServer first = StratusServer.start(config)) {
            Role role = role(first, account, "durable", 3600);
            try (StsClient sts = first.client(StsClient.builder(), account, "x")) {
                issued = sts.assumeRole(a -> a.roleArn(role.arn()).roleSessionName("keep"));
            }
        }
        try (StratusServer second = StratusServer.start(config); StsClient session = as(second, issued.credentials())) {
            GetCallerIdentityResponse me = session.getCallerIdentity();
            assertThat(me.arn()).isEqualTo(issued.assumedRoleUser().arn());
            assertThat(me.userId()).isEqualTo(issued.assumedRoleUser().assumedRoleId());
            assertThat(me.account()).isEqualTo(account);
        }
    }
}
