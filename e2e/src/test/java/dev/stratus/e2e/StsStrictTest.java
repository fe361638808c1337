package dev.stratus.e2e;

import static dev.stratus.e2e.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.platform.StratusConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/** Strict mode with credentials STS and IAM issued: their secrets verify signatures, their tokens are required. */
class StsStrictTest {
    static final String ACCOUNT = StrictAuthTest.ACCOUNT;
    static final StratusServer stratus = StratusServer.start(StratusConfig.forTests()
            .withAuth(StratusConfig.AuthMode.STRICT, StrictAuthTest.credentialsFile()));
    static final IamClient admin = stratus.client(IamClient.builder(), StrictAuthTest.KEY, StrictAuthTest.SECRET);
    static final StsClient adminSts = stratus.client(StsClient.builder(), StrictAuthTest.KEY, StrictAuthTest.SECRET);

    @AfterAll
    static void stop() {
        admin.close();
        adminSts.close();
        stratus.close();
    }

    static StsClient withSession(String key, String secret, String token) {
        return StsClient.builder().endpointOverride(stratus.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(key, secret, token)))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    static StsClient withKey(String key, String secret) {
        return stratus.client(StsClient.builder().overrideConfiguration(o -> o.retryStrategy(
                AwsRetryStrategy.doNotRetry())), key, secret);
    }

    Credentials assumeRole(String roleName) {
        String arn = admin.createRole(r -> r.roleName(roleName).assumeRolePolicyDocument(IamTest.LAMBDA_TRUST))
                .role().arn();
        return adminSts.assumeRole(a -> a.roleArn(arn).roleSessionName("strict")).credentials();
    }

    @Test
    void roleSessionCredentialsSignRequestsWithTheirToken() {
        Credentials c = assumeRole("strict-role");
        try (StsClient session = withSession(c.accessKeyId(), c.secretAccessKey(), c.sessionToken())) {
            assertThat(session.getCallerIdentity().arn())
                    .isEqualTo("arn:aws:sts::" + ACCOUNT + ":assumed-role/strict-role/strict");
        }
    }

    @Test
    void sessionCredentialsWithoutOrWithAnotherTokenAreRefused() {
        Credentials c = assumeRole("tokenless-role");
        try (StsClient noToken = withKey(c.accessKeyId(), c.secretAccessKey());
             StsClient otherToken = withSession(c.accessKeyId(), c.secretAccessKey(), "bm90LXRoZS10b2tlbg==")) {
            assertAwsError(noToken::getCallerIdentity, StsException.class, 403, "InvalidClientTokenId",
                    "The security token included in the request is invalid.");
            assertAwsError(otherToken::getCallerIdentity, StsException.class, 403, "InvalidClientTokenId",
                    "The security token included in the request is invalid.");
        }
    }

    @Test
    void aSessionKeyWithTheWrongSecretDoesNotMatch() {
        Credentials c = assumeRole("wrong-secret-role");
        try (StsClient forged = withSession(c.accessKeyId(), "x".repeat(40), c.sessionToken())) {
            assertAwsError(forged::getCallerIdentity, StsException.class, 403, "SignatureDoesNotMatch", null);
        }
    }

    @Test
    void anIamUsersKeyIsAcceptedUntilItIsDeactivated() {
        admin.createUser(r -> r.userName("strict-user"));
        AccessKey key = admin.createAccessKey(r -> r.userName("strict-user")).accessKey();
        try (StsClient user = withKey(key.accessKeyId(), key.secretAccessKey())) {
            assertThat(user.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/strict-user");
            admin.updateAccessKey(r -> r.userName("strict-user").accessKeyId(key.accessKeyId())
                    .status(StatusType.INACTIVE));
            assertAwsError(user::getCallerIdentity, StsException.class, 403, "InvalidClientTokenId",
                    "The security token included in the request is invalid.");
        }
    }
}
