package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.ThrottleReason;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/** Reserved concurrency through the AWS SDK: the API, the account's unreserved pool, and throttled invocations. */
class LambdaConcurrencyTest {
    static final StratusServer stratus = StratusServer.start();
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
    void reservationsAreSetReadAndTakenFromTheUnreservedPool() {
        create("reserved-fn");
        assertThat(lambda.getFunctionConcurrency(b -> b.functionName("reserved-fn")).reservedConcurrentExecutions())
                .isNull();
        int unreserved = lambda.getAccountSettings(b -> { }).accountLimit().unreservedConcurrentExecutions();

        assertThat(lambda.putFunctionConcurrency(b -> b.functionName("reserved-fn").reservedConcurrentExecutions(5))
                .reservedConcurrentExecutions()).isEqualTo(5);
        assertThat(lambda.getFunctionConcurrency(b -> b.functionName("reserved-fn")).reservedConcurrentExecutions())
                .isEqualTo(5);
        assertThat(lambda.getFunction(b -> b.functionName("reserved-fn")).concurrency()
                .reservedConcurrentExecutions()).isEqualTo(5);
        assertThat(lambda.getAccountSettings(b -> { }).accountLimit().unreservedConcurrentExecutions())
                .isEqualTo(unreserved - 5);

        lambda.deleteFunctionConcurrency(b -> b.functionName("reserved-fn"));
        assertThat(lambda.getFunctionConcurrency(b -> b.functionName("reserved-fn")).reservedConcurrentExecutions())
                .isNull();
        assertThat(lambda.getAccountSettings(b -> { }).accountLimit().unreservedConcurrentExecutions())
                .isEqualTo(unreserved);
    }

    @Test
    void atLeastOneHundredStaysUnreserved() {
        create("greedy-fn");
        assertThatThrownBy(() -> lambda.putFunctionConcurrency(b -> b.functionName("greedy-fn")
                .reservedConcurrentExecutions(901)))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("Specified ReservedConcurrentExecutions for function decreases account's "
                        + "UnreservedConcurrentExecution below its minimum value of [100].");
        assertThatThrownBy(() -> lambda.putFunctionConcurrency(b -> b.functionName("no-such-fn")
                .reservedConcurrentExecutions(1)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void aFunctionReservedAtZeroIsThrottled() {
        create("paused-fn");
        lambda.putFunctionConcurrency(b -> b.functionName("paused-fn").reservedConcurrentExecutions(0));
        assertThatThrownBy(() -> lambda.invoke(b -> b.functionName("paused-fn")
                .payload(SdkBytes.fromUtf8String("{}"))))
                .isInstanceOfSatisfying(TooManyRequestsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.reason()).isEqualTo(ThrottleReason.RESERVED_FUNCTION_CONCURRENT_INVOCATION_LIMIT_EXCEEDED);
                });

        lambda.deleteFunctionConcurrency(b -> b.functionName("paused-fn"));
        assertThat(lambda.invoke(b -> b.functionName("paused-fn").payload(SdkBytes.fromUtf8String("{\"say\":\"x\"}")))
                .statusCode()).isEqualTo(200);
    }
}
