package dev.stratus.e2e;

import static dev.stratus.e2e.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionEventInvokeConfig;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.PutFunctionEventInvokeConfigResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** Put/Get/Update/Delete/ListFunctionEventInvokeConfigs through the SDK, with AWS's errors. */
class LambdaEventInvokeConfigTest {
    static final StratusServer stratus = StratusServer.start();
    static final String QUEUE = "arn:aws:sqs:us-east-1:000000000000:failures";
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
    void putGetUpdateListDelete() {
        create("cfg-fn");
        PutFunctionEventInvokeConfigResponse put = lambda.putFunctionEventInvokeConfig(b -> b.functionName("cfg-fn")
                .maximumRetryAttempts(1).maximumEventAgeInSeconds(300)
                .destinationConfig(d -> d.onFailure(f -> f.destination(QUEUE))));
        assertThat(put.functionArn()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:cfg-fn:$LATEST");
        assertThat(put.maximumRetryAttempts()).isEqualTo(1);
        assertThat(put.maximumEventAgeInSeconds()).isEqualTo(300);
        assertThat(put.destinationConfig().onFailure().destination()).isEqualTo(QUEUE);
        assertThat(put.destinationConfig().onSuccess().destination()).isNull();
        assertThat(put.lastModified()).isNotNull();

        var updated = lambda.updateFunctionEventInvokeConfig(b -> b.functionName("cfg-fn").maximumRetryAttempts(0));
        assertThat(updated.maximumRetryAttempts()).isZero();
        assertThat(updated.maximumEventAgeInSeconds()).as("kept by Update").isEqualTo(300);
        assertThat(updated.destinationConfig().onFailure().destination()).isEqualTo(QUEUE);

        var replaced = lambda.putFunctionEventInvokeConfig(b -> b.functionName("cfg-fn").maximumEventAgeInSeconds(60));
        assertThat(replaced.maximumRetryAttempts()).as("Put replaces the whole configuration").isNull();
        assertThat(replaced.destinationConfig().onFailure().destination()).isNull();
        assertThat(lambda.getFunctionEventInvokeConfig(b -> b.functionName("cfg-fn")).maximumEventAgeInSeconds())
                .isEqualTo(60);

        lambda.publishVersion(b -> b.functionName("cfg-fn"));
        lambda.putFunctionEventInvokeConfig(b -> b.functionName("cfg-fn").qualifier("1").maximumRetryAttempts(2));
        assertThat(lambda.listFunctionEventInvokeConfigs(b -> b.functionName("cfg-fn")).functionEventInvokeConfigs())
                .extracting(FunctionEventInvokeConfig::functionArn)
                .containsExactly("arn:aws:lambda:us-east-1:000000000000:function:cfg-fn:$LATEST",
                        "arn:aws:lambda:us-east-1:000000000000:function:cfg-fn:1");
        var page = lambda.listFunctionEventInvokeConfigs(b -> b.functionName("cfg-fn").maxItems(1));
        assertThat(page.functionEventInvokeConfigs()).hasSize(1);
        assertThat(lambda.listFunctionEventInvokeConfigs(b -> b.functionName("cfg-fn").marker(page.nextMarker()))
                .functionEventInvokeConfigs()).extracting(FunctionEventInvokeConfig::functionArn)
                .containsExactly("arn:aws:lambda:us-east-1:000000000000:function:cfg-fn:1");

        lambda.deleteFunctionEventInvokeConfig(b -> b.functionName("cfg-fn"));
        assertAwsError(() -> lambda.getFunctionEventInvokeConfig(b -> b.functionName("cfg-fn")),
                ResourceNotFoundException.class, 404, "ResourceNotFoundException",
                "The function arn:aws:lambda:us-east-1:000000000000:function:cfg-fn:$LATEST doesn't have an "
                        + "EventInvokeConfig");
        assertThat(lambda.getFunctionEventInvokeConfig(b -> b.functionName("cfg-fn:1")).maximumRetryAttempts())
                .isEqualTo(2);

        lambda.deleteFunction(b -> b.functionName("cfg-fn"));
        create("cfg-fn");
        assertThat(lambda.listFunctionEventInvokeConfigs(b -> b.functionName("cfg-fn")).functionEventInvokeConfigs())
                .as("deleting the function deleted its configurations").isEmpty();
    }

    @Test
    void errorsAreAwsErrors() {
        create("cfg-errors-fn");
        assertAwsError(() -> lambda.getFunctionEventInvokeConfig(b -> b.functionName("cfg-errors-fn")),
                ResourceNotFoundException.class, 404, "ResourceNotFoundException",
                "The function arn:aws:lambda:us-east-1:000000000000:function:cfg-errors-fn:$LATEST doesn't have an "
                        + "EventInvokeConfig");
        assertAwsError(() -> lambda.updateFunctionEventInvokeConfig(b -> b.functionName("cfg-errors-fn")
                        .maximumRetryAttempts(1)), ResourceNotFoundException.class, 404, "ResourceNotFoundException",
                "The function arn:aws:lambda:us-east-1:000000000000:function:cfg-errors-fn:$LATEST doesn't have an "
                        + "EventInvokeConfig");
        assertAwsError(() -> lambda.deleteFunctionEventInvokeConfig(b -> b.functionName("cfg-errors-fn")),
                ResourceNotFoundException.class, 404, "ResourceNotFoundException", null);
        assertAwsError(() -> lambda.putFunctionEventInvokeConfig(b -> b.functionName("cfg-errors-fn")),
                InvalidParameterValueException.class, 400, "InvalidParameterValueException",
                "You must specify at least one of error handling or destination setting.");
        assertAwsError(() -> lambda.putFunctionEventInvokeConfig(b -> b.functionName("no-such-fn")
                        .maximumRetryAttempts(1)), ResourceNotFoundException.class, 404, "ResourceNotFoundException",
                "The function doesn't exist.");
        assertAwsError(() -> lambda.putFunctionEventInvokeConfig(b -> b.functionName("cfg-errors-fn").qualifier("7")
                        .maximumRetryAttempts(1)), ResourceNotFoundException.class, 404, "ResourceNotFoundException",
                "The function doesn't exist.");
        assertAwsError(() -> lambda.putFunctionEventInvokeConfig(b -> b.functionName("cfg-errors-fn")
                        .maximumRetryAttempts(3)), LambdaException.class, 400, "ValidationException",
                "1 validation error detected: Value '3' at 'maximumRetryAttempts' failed to satisfy constraint: "
                        + "Member must have value less than or equal to 2");
        assertAwsError(() -> lambda.putFunctionEventInvokeConfig(b -> b.functionName("cfg-errors-fn")
                        .maximumEventAgeInSeconds(59)), LambdaException.class, 400, "ValidationException",
                "1 validation error detected: Value '59' at 'maximumEventAgeInSeconds' failed to satisfy constraint: "
                        + "Member must have value greater than or equal to 60");
        assertAwsError(() -> lambda.putFunctionEventInvokeConfig(b -> b.functionName("cfg-errors-fn")
                        .destinationConfig(d -> d.onSuccess(s -> s.destination("arn:aws:s3:::a-bucket")))),
                InvalidParameterValueException.class, 400, "InvalidParameterValueException",
                "The provided destination config DestinationConfig(onSuccess=OnSuccess(destination="
                        + "arn:aws:s3:::a-bucket), onFailure=null) is invalid.");
        assertAwsError(() -> lambda.putFunctionEventInvokeConfig(b -> b.functionName("cfg-errors-fn")
                        .destinationConfig(d -> d.onFailure(f -> f.destination(
                                "arn:aws:lambda:us-east-1:000000000000:function:cfg-errors-fn")))),
                InvalidParameterValueException.class, 400, "InvalidParameterValueException",
                "You can't specify the function as a destination for itself.");
        assertAwsError(() -> lambda.putFunctionEventInvokeConfig(b -> b.functionName("cfg-errors-fn")
                        .destinationConfig(d -> d.onFailure(f -> f.destination(
                                "arn:aws:lambda:us-east-1:000000000000:function:missing-fn")))),
                InvalidParameterValueException.class, 400, "InvalidParameterValueException",
                "The destination ARN arn:aws:lambda:us-east-1:000000000000:function:missing-fn is invalid.");
        var stored = lambda.putFunctionEventInvokeConfig(b -> b.functionName("cfg-errors-fn").destinationConfig(d -> d
                .onSuccess(o -> o.destination("arn:aws:events:us-east-1:000000000000:event-bus/default"))
                .onFailure(f -> f.destination("arn:aws:s3:::a-bucket"))));
        assertThat(stored.destinationConfig().onSuccess().destination()).as("EventBridge: stored")
                .isEqualTo("arn:aws:events:us-east-1:000000000000:event-bus/default");
        assertThat(stored.destinationConfig().onFailure().destination()).as("S3 on failure: stored")
                .isEqualTo("arn:aws:s3:::a-bucket");
        assertAwsError(() -> lambda.listFunctionEventInvokeConfigs(b -> b.functionName("no-such-fn")),
                ResourceNotFoundException.class, 404, "ResourceNotFoundException", "The function doesn't exist.");
        assertAwsError(() -> lambda.updateFunctionConfiguration(b -> b.functionName("cfg-errors-fn")
                        .deadLetterConfig(d -> d.targetArn("arn:aws:s3:::a-bucket"))),
                InvalidParameterValueException.class, 400, "InvalidParameterValueException", null);
    }
}
