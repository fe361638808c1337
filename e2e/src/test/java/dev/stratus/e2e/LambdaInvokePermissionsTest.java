package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stratus.platform.StratusConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * Strict mode evaluates Invoke against the function's resource policy (AddPermission) and the caller's identity
 * policies, as Lambda does: same account, either allows; another account, both must; an explicit Deny wins.
 */
class LambdaInvokePermissionsTest {
    static final String ACCOUNT = StrictAuthTest.ACCOUNT;
    static final String OTHER_ACCOUNT = "222233334444";
    static final String OTHER_KEY = "AKIAOTHERACCOUNT0001";
    static final String OTHER_SECRET = "other/secret";
    static final StratusServer stratus = StratusServer.start(StratusConfig.forTests()
            .withAuth(StratusConfig.AuthMode.STRICT, twoAccounts()));
    static final LambdaClient owner = lambda(StrictAuthTest.KEY, StrictAuthTest.SECRET);
    static final LambdaClient other = lambda(OTHER_KEY, OTHER_SECRET);
    static LambdaClient carol;
    static LambdaClient dave;
    static LambdaClient erin;

    static String arn(String function) {
        return "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:" + function;
    }

    @BeforeAll
    static void setUp() {
        try (IamClient iam = stratus.client(IamClient.builder(), StrictAuthTest.KEY, StrictAuthTest.SECRET)) {
            carol = userClient(iam, "carol"); // no identity policy
            dave = userClient(iam, "dave");
            iam.putUserPolicy(p -> p.userName("dave").policyName("invoke").policyDocument("""
                    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "lambda:InvokeFunction",
                      "Resource": "*"}]}"""));
            erin = userClient(iam, "erin");
            iam.putUserPolicy(p -> p.userName("erin").policyName("all-but-private").policyDocument("""
                    {"Version": "2012-10-17", "Statement": [
                      {"Effect": "Allow", "Action": "lambda:*", "Resource": "*"},
                      {"Effect": "Deny", "Action": "lambda:InvokeFunction", "Resource": "%s"}]}"""
                    .formatted(arn("for-carol"))));
        }
        for (String name : new String[] {"private", "shared", "for-carol"}) {
            owner.createFunction(b -> b.functionName(name).runtime(Runtime.PYTHON3_12)
                    .role("arn:aws:iam::" + ACCOUNT + ":role/lambda-role").handler("app.handler")
                    .code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", LambdaTest.ECHO)))));
        }
        owner.addPermission(b -> b.functionName("shared").statementId("other-account")
                .action("lambda:InvokeFunction").principal(OTHER_ACCOUNT));
        owner.addPermission(b -> b.functionName("for-carol").statementId("carol")
                .action("lambda:InvokeFunction").principal("arn:aws:iam::" + ACCOUNT + ":user/carol"));
        // A grant to a service for one source does not let a user of that account call it directly.
        owner.addPermission(b -> b.functionName("private").statementId("bucket")
                .action("lambda:InvokeFunction").principal("s3.amazonaws.com").sourceAccount(OTHER_ACCOUNT)
                .sourceArn("arn:aws:s3:::other-bucket"));
    }

    @AfterAll
    static void stop() {
        for (LambdaClient c : new LambdaClient[] {carol, dave, erin, other, owner}) {
            c.close();
        }
        stratus.close();
    }

    @Test
    void theAccountRootAndAUserWithAnIdentityPolicyInvoke() {
        assertThat(owner.invoke(b -> b.functionName("private")).statusCode()).isEqualTo(200);
        assertThat(dave.invoke(b -> b.functionName("private")).payload().asUtf8String()).contains("\"fn\": \"private\"");
    }

    @Test
    void aUserOfTheAccountNeedsAnIdentityPolicyOrTheFunctionsGrant() {
        assertDenied(() -> carol.invoke(b -> b.functionName("private")), "User: arn:aws:iam::" + ACCOUNT
                + ":user/carol is not authorized to perform: lambda:InvokeFunction on resource: " + arn("private")
                + " because no identity-based policy allows the lambda:InvokeFunction action");
        // the resource policy alone grants a principal of the function's own account
        assertThat(carol.invoke(b -> b.functionName("for-carol")).statusCode()).isEqualTo(200);
    }

    @Test
    void anotherAccountNeedsTheFunctionsGrant() {
        assertThat(other.invoke(b -> b.functionName(arn("shared"))).payload().asUtf8String())
                .contains("\"fn\": \"shared\"");
        assertDenied(() -> other.invoke(b -> b.functionName(arn("private"))), "User: arn:aws:iam::" + OTHER_ACCOUNT
                + ":root is not authorized to perform: lambda:InvokeFunction on resource: " + arn("private")
                + " because no resource-based policy allows the lambda:InvokeFunction action");
        // a qualified ARN is another resource: the unqualified function's grant does not cover it
        assertDenied(() -> other.invoke(b -> b.functionName(arn("shared") + ":$LATEST")),
                "on resource: " + arn("shared") + ":$LATEST because no resource-based policy allows");
    }

    @Test
    void invokeWithResponseStreamIsCheckedAlike() {
        try (LambdaAsyncClient async = stratus.client(LambdaAsyncClient.builder()
                .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none())), OTHER_KEY, OTHER_SECRET)) {
            InvokeWithResponseStreamResponseHandler ignore = InvokeWithResponseStreamResponseHandler.builder()
                    .subscriber(InvokeWithResponseStreamResponseHandler.Visitor.builder().build()).build();
            assertDenied(() -> async.invokeWithResponseStream(b -> b.functionName(arn("private")), ignore).join(),
                    "on resource: " + arn("private") + " because no resource-based policy allows");
            async.invokeWithResponseStream(b -> b.functionName(arn("shared")), ignore).join();
        }
    }

    @Test
    void anExplicitDenyWins() {
        assertDenied(() -> erin.invoke(b -> b.functionName("for-carol")), "User: arn:aws:iam::" + ACCOUNT
                + ":user/erin is not authorized to perform: lambda:InvokeFunction on resource: " + arn("for-carol")
                + " with an explicit deny in an identity-based policy");
        assertThat(erin.invoke(b -> b.functionName("private")).statusCode()).isEqualTo(200);
    }

    private static void assertDenied(Runnable call, String message) {
        Throwable t = catchThrowable(call::run);
        if (t instanceof CompletionException c) {
            t = c.getCause();
        }
        assertThat(t).isInstanceOf(LambdaException.class);
        LambdaException e = (LambdaException) t;
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
        assertThat(e.awsErrorDetails().errorMessage()).contains(message);
    }

    private static LambdaClient userClient(IamClient iam, String name) {
        iam.createUser(u -> u.userName(name));
        AccessKey key = iam.createAccessKey(k -> k.userName(name)).accessKey();
        return lambda(key.accessKeyId(), key.secretAccessKey());
    }

    private static LambdaClient lambda(String key, String secret) {
        return stratus.client(LambdaClient.builder().overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none())),
                key, secret);
    }

    private static Path twoAccounts() {
        try {
            Path file = Files.createTempFile("stratus-credentials", ".ini");
            file.toFile().deleteOnExit();
            Files.writeString(file, "[default]\naws_access_key_id = " + StrictAuthTest.KEY
                    + "\naws_secret_access_key = " + StrictAuthTest.SECRET + "\naws_account_id = " + ACCOUNT
                    + "\n[other]\naws_access_key_id = " + OTHER_KEY + "\naws_secret_access_key = " + OTHER_SECRET
                    + "\naws_account_id = " + OTHER_ACCOUNT + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
