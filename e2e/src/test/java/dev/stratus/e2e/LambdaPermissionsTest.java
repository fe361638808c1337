package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.PreconditionFailedException;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** Resource-based policies through the AWS SDK: AddPermission, GetPolicy, RemovePermission. */
class LambdaPermissionsTest {
    static final StratusServer stratus = StratusServer.start();
    static final ObjectMapper JSON = new ObjectMapper();
    final LambdaClient lambda = stratus.client(LambdaClient.builder());

    @AfterAll
    static void stop() {
        stratus.close();
    }

    void create(String name) {
        lambda.createFunction(b -> b.functionName(name).runtime(Runtime.PYTHON3_12).role(LambdaTest.ROLE)
                .handler("app.handler").code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", LambdaTest.ECHO)))));
    }

    @Test
    void statementsAreAddedReadAndRemoved() throws Exception {
        create("policy-fn");
        assertThatThrownBy(() -> lambda.getPolicy(b -> b.functionName("policy-fn")))
                .isInstanceOf(ResourceNotFoundException.class);

        String added = lambda.addPermission(b -> b.functionName("policy-fn").statementId("s3-invoke")
                .action("lambda:InvokeFunction").principal("s3.amazonaws.com")
                .sourceArn("arn:aws:s3:::my-bucket").sourceAccount("000000000000")).statement();
        JsonNode statement = JSON.readTree(added);
        assertThat(statement.get("Sid").asText()).isEqualTo("s3-invoke");
        assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
        assertThat(statement.at("/Principal/Service").asText()).isEqualTo("s3.amazonaws.com");
        assertThat(statement.get("Resource").asText())
                .isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:policy-fn");
        assertThat(statement.at("/Condition/ArnLike/AWS:SourceArn").asText()).isEqualTo("arn:aws:s3:::my-bucket");
        assertThat(statement.at("/Condition/StringEquals/AWS:SourceAccount").asText()).isEqualTo("000000000000");

        lambda.addPermission(b -> b.functionName("policy-fn").statementId("account")
                .action("lambda:GetFunction").principal("111122223333"));
        var policy = lambda.getPolicy(b -> b.functionName("policy-fn"));
        JsonNode doc = JSON.readTree(policy.policy());
        assertThat(doc.get("Version").asText()).isEqualTo("2012-10-17");
        assertThat(doc.get("Statement")).hasSize(2);
        assertThat(doc.at("/Statement/1/Principal/AWS").asText()).isEqualTo("arn:aws:iam::111122223333:root");

        assertThatThrownBy(() -> lambda.addPermission(b -> b.functionName("policy-fn").statementId("account")
                .action("lambda:InvokeFunction").principal("*")))
                .isInstanceOf(ResourceConflictException.class)
                .hasMessageContaining("The statement id (account) provided already exists");
        assertThatThrownBy(() -> lambda.removePermission(b -> b.functionName("policy-fn").statementId("account")
                .revisionId("stale")))
                .isInstanceOf(PreconditionFailedException.class);

        lambda.removePermission(b -> b.functionName("policy-fn").statementId("account")
                .revisionId(policy.revisionId()));
        assertThat(JSON.readTree(lambda.getPolicy(b -> b.functionName("policy-fn")).policy()).get("Statement"))
                .hasSize(1);
        assertThatThrownBy(() -> lambda.removePermission(b -> b.functionName("policy-fn").statementId("account")))
                .isInstanceOf(ResourceNotFoundException.class);
        lambda.removePermission(b -> b.functionName("policy-fn").statementId("s3-invoke"));
        assertThatThrownBy(() -> lambda.getPolicy(b -> b.functionName("policy-fn")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void policiesBelongToTheirQualifierAndGoWithTheFunction() {
        create("qualified-policy-fn");
        lambda.publishVersion(b -> b.functionName("qualified-policy-fn"));
        assertThatThrownBy(() -> lambda.addPermission(b -> b.functionName("qualified-policy-fn").qualifier("5")
                .statementId("x").action("lambda:InvokeFunction").principal("*")))
                .isInstanceOf(ResourceNotFoundException.class);
        lambda.addPermission(b -> b.functionName("qualified-policy-fn").qualifier("1").statementId("v1")
                .action("lambda:InvokeFunction").principal("sns.amazonaws.com"));
        assertThat(lambda.getPolicy(b -> b.functionName("qualified-policy-fn").qualifier("1")).policy())
                .contains("\"Resource\":\"arn:aws:lambda:us-east-1:000000000000:function:qualified-policy-fn:1\"");
        assertThatThrownBy(() -> lambda.getPolicy(b -> b.functionName("qualified-policy-fn")))
                .isInstanceOf(ResourceNotFoundException.class);

        lambda.deleteFunction(b -> b.functionName("qualified-policy-fn"));
        create("qualified-policy-fn");
        lambda.publishVersion(b -> b.functionName("qualified-policy-fn"));
        assertThatThrownBy(() -> lambda.getPolicy(b -> b.functionName("qualified-policy-fn").qualifier("1")))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
