package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** The java17 / java21 managed runtimes: handlers compiled here, deployed as a zip or a jar, invoked through the SDK. */
class LambdaJavaTest {
    static final StratusServer stratus = StratusServer.start();
    static final String ROLE = "arn:aws:iam::000000000000:role/lambda-role";
    static final ObjectMapper JSON = new ObjectMapper();
    final LambdaClient lambda = stratus.client(LambdaClient.builder());

    static final String HELLO = """
            package example;

            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import java.util.Map;

            public class Hello implements RequestHandler<Map<String, Object>, String> {
                @Override
                public String handleRequest(Map<String, Object> event, Context context) {
                    context.getLogger().log("logger says hi to " + event.get("name"));
                    System.out.println("stdout says hi");
                    return "Hello " + event.get("name") + " from " + context.getFunctionName()
                            + " on " + System.getenv("AWS_EXECUTION_ENV");
                }
            }
            """;

    static final String POJOS = """
            package example;

            import com.amazonaws.services.lambda.runtime.Context;
            import java.util.List;

            public class Pojos {
                public static class Order {
                    private String item;
                    private int quantity;
                    public String getItem() { return item; }
                    public void setItem(String item) { this.item = item; }
                    public int getQuantity() { return quantity; }
                    public void setQuantity(int quantity) { this.quantity = quantity; }
                }

                public record Receipt(String line, List<String> tags, String requestId, String function,
                                      String version, String arn, int memory, int remainingMs, String logGroup,
                                      boolean hasLogStream, Object clientContext) {
                }

                public Receipt order(Order order, Context context) {
                    return new Receipt(order.getQuantity() + " x " + order.getItem(), List.of("a", "b"),
                            context.getAwsRequestId(), context.getFunctionName(), context.getFunctionVersion(),
                            context.getInvokedFunctionArn(), context.getMemoryLimitInMB(),
                            context.getRemainingTimeInMillis(), context.getLogGroupName(),
                            context.getLogStreamName() != null, context.getClientContext());
                }

                public static int twice(int n) {
                    return n * 2;
                }

                public static String property(String name) {
                    return System.getProperty(name);
                }
            }
            """;

    static final String STREAMS = """
            package example;

            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
            import java.io.IOException;
            import java.io.InputStream;
            import java.io.OutputStream;
            import java.nio.charset.StandardCharsets;

            public class Upper implements RequestStreamHandler {
                @Override
                public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
                    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    out.write(text.toUpperCase().getBytes(StandardCharsets.UTF_8));
                }
            }
            """;

    static final String FAILING = """
            package example;

            import java.util.Map;

            public class Failing {
                public String handle(Map<String, Object> event) {
                    return explode((String) event.get("why"));
                }

                private String explode(String why) {
                    throw new IllegalStateException("cannot: " + why);
                }
            }
            """;

    static final String BROKEN = """
            package example;

            public class Broken {
                static final int VALUE = Integer.parseInt("not a number");

                public String handle(String in) {
                    return in;
                }
            }
            """;

    static final Map<String, String> SOURCES = Map.of("example/Hello.java", HELLO, "example/Pojos.java", POJOS,
            "example/Upper.java", STREAMS, "example/Failing.java", FAILING, "example/Broken.java", BROKEN);
    static final Path CLASSES_21 = JavaFunctions.compile(21, SOURCES);

    @AfterAll
    static void stop() {
        stratus.close();
    }

    void create(String name, Runtime runtime, String handler, SdkBytes code) {
        lambda.createFunction(b -> b.functionName(name).runtime(runtime).role(ROLE).handler(handler).timeout(30)
                .memorySize(256).code(c -> c.zipFile(code)));
    }

    InvokeResponse invoke(String name, String payload) {
        return lambda.invoke(b -> b.functionName(name).logType(LogType.TAIL)
                .payload(SdkBytes.fromUtf8String(payload)));
    }

    static String tail(InvokeResponse r) {
        return new String(Base64.getDecoder().decode(r.logResult()), StandardCharsets.UTF_8);
    }

    static String initDuration(InvokeResponse r) {
        return tail(r).replaceAll("(?s).*(Init Duration: [0-9.]+ ms).*", "$1");
    }

    static JsonNode json(InvokeResponse r) throws Exception {
        return JSON.readTree(r.payload().asUtf8String());
    }

    @Test
    void requestHandlerWithLoggingAndColdStart() {
        create("java-hello", Runtime.JAVA21, "example.Hello", JavaFunctions.zipWithLib(CLASSES_21));
        long start = System.nanoTime();
        InvokeResponse cold = invoke("java-hello", "{\"name\":\"Ada\"}");
        long coldMs = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        InvokeResponse warm = invoke("java-hello", "{\"name\":\"Bob\"}");
        long warmMs = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("java21 cold invoke %d ms (%s), warm invoke %d ms%n", coldMs, initDuration(cold), warmMs);
        // Later cold starts may map the class data sharing archive the first one set off; timings are only logged.
        for (String other : new String[] {"java-hello-2", "java-hello-3"}) {
            create(other, Runtime.JAVA21, "example.Hello", JavaFunctions.zipWithLib(CLASSES_21));
            long t = System.nanoTime();
            InvokeResponse r = invoke(other, "{\"name\":\"Cy\"}");
            System.out.printf("java21 cold invoke of %s %d ms (%s)%n", other, (System.nanoTime() - t) / 1_000_000,
                    initDuration(r));
            assertThat(r.payload().asUtf8String()).isEqualTo("\"Hello Cy from " + other + " on AWS_Lambda_java21\"");
        }

        assertThat(cold.functionError()).as(cold.payload().asUtf8String()).isNull();
        assertThat(cold.payload().asUtf8String()).isEqualTo("\"Hello Ada from java-hello on AWS_Lambda_java21\"");
        assertThat(tail(cold)).contains("logger says hi to Ada\n", "stdout says hi\n", "Init Duration: ");
        assertThat(warm.payload().asUtf8String()).isEqualTo("\"Hello Bob from java-hello on AWS_Lambda_java21\"");
        assertThat(tail(warm)).contains("logger says hi to Bob\n").doesNotContain("Init Duration");
    }

    @Test
    void pojoInAndOutWithContext() throws Exception {
        create("java-pojo", Runtime.JAVA21, "example.Pojos::order", JavaFunctions.zipWithLib(CLASSES_21));
        InvokeResponse r = invoke("java-pojo", "{\"item\":\"tea\",\"quantity\":3,\"unknown\":true}");
        assertThat(r.functionError()).as(r.payload().asUtf8String()).isNull();
        JsonNode receipt = json(r);
        assertThat(receipt.get("line").asText()).isEqualTo("3 x tea");
        assertThat(receipt.get("tags")).hasSize(2);
        assertThat(receipt.get("requestId").asText()).isEqualTo(r.responseMetadata().requestId());
        assertThat(receipt.get("function").asText()).isEqualTo("java-pojo");
        assertThat(receipt.get("version").asText()).isEqualTo("$LATEST");
        assertThat(receipt.get("arn").asText()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:java-pojo");
        assertThat(receipt.get("memory").asInt()).isEqualTo(256);
        assertThat(receipt.get("remainingMs").asInt()).isBetween(1, 30_000);
        assertThat(receipt.get("logGroup").asText()).isEqualTo("/aws/lambda/java-pojo");
        assertThat(receipt.get("hasLogStream").asBoolean()).isTrue();
        assertThat(receipt.has("clientContext")).as("nulls are left out").isFalse();
    }

    @Test
    void staticPojoMethodTakesAPrimitive() {
        create("java-twice", Runtime.JAVA21, "example.Pojos::twice", JavaFunctions.zipWithLib(CLASSES_21));
        InvokeResponse r = invoke("java-twice", "21");
        assertThat(r.payload().asUtf8String()).isEqualTo("42");
    }

    @Test
    void javaToolOptionsOfTheFunctionReachTheJvm() {
        lambda.createFunction(b -> b.functionName("java-tool-options").runtime(Runtime.JAVA21).role(ROLE)
                .handler("example.Pojos::property").timeout(30)
                .environment(e -> e.variables(Map.of("JAVA_TOOL_OPTIONS", "-Dgreeting=hello")))
                .code(c -> c.zipFile(JavaFunctions.zipWithLib(CLASSES_21))));
        InvokeResponse r = invoke("java-tool-options", "\"greeting\"");
        assertThat(r.payload().asUtf8String()).isEqualTo("\"hello\"");
        assertThat(tail(r)).contains("Picked up JAVA_TOOL_OPTIONS: -Dgreeting=hello\n");
    }

    @Test
    void requestStreamHandlerWritesRawBytes() {
        create("java-upper", Runtime.JAVA21, "example.Upper", JavaFunctions.zipWithLib(CLASSES_21));
        InvokeResponse r = invoke("java-upper", "{\"say\":\"quiet\"}");
        assertThat(r.functionError()).isNull();
        assertThat(r.payload().asUtf8String()).isEqualTo("{\"SAY\":\"QUIET\"}");
    }

    @Test
    void thrownExceptionIsAnUnhandledErrorWithTheJavaTrace() throws Exception {
        create("java-failing", Runtime.JAVA21, "example.Failing::handle", JavaFunctions.zipWithLib(CLASSES_21));
        InvokeResponse r = invoke("java-failing", "{\"why\":\"tired\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.functionError()).isEqualTo("Unhandled");
        JsonNode error = json(r);
        assertThat(error.get("errorMessage").asText()).isEqualTo("cannot: tired");
        assertThat(error.get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.get("stackTrace").get(0).asText()).startsWith("example.Failing.explode(Failing.java:");
        assertThat(error.get("stackTrace").get(error.get("stackTrace").size() - 1).asText())
                .startsWith("example.Failing.handle(Failing.java:");
        assertThat(tail(r)).contains("cannot: tired: java.lang.IllegalStateException\n",
                "java.lang.IllegalStateException: cannot: tired\n", "\tat example.Failing.explode(Failing.java:");
    }

    @Test
    void missingClassAndMethodFailEachInvocationAsOnAws() throws Exception {
        create("java-no-class", Runtime.JAVA21, "example.Missing::handleRequest",
                JavaFunctions.zipWithLib(CLASSES_21));
        InvokeResponse r = invoke("java-no-class", "{}");
        assertThat(r.functionError()).isEqualTo("Unhandled");
        assertThat(r.payload().asUtf8String()).isEqualTo(
                "{\"errorMessage\":\"Class not found: example.Missing\","
                        + "\"errorType\":\"java.lang.ClassNotFoundException\"}");
        assertThat(tail(r)).contains("Class not found: example.Missing: java.lang.ClassNotFoundException\n");

        create("java-no-method", Runtime.JAVA21, "example.Hello::nope", JavaFunctions.zipWithLib(CLASSES_21));
        r = invoke("java-no-method", "{}");
        assertThat(r.functionError()).isEqualTo("Unhandled");
        assertThat(r.payload().asUtf8String()).isEqualTo("{\"errorMessage\":\"No public method named nope with"
                + " appropriate method signature found on class example.Hello\"}");

        create("java-no-interface", Runtime.JAVA21, "example.Failing", JavaFunctions.zipWithLib(CLASSES_21));
        r = invoke("java-no-interface", "{}");
        assertThat(json(r).get("errorMessage").asText())
                .isEqualTo("Class does not implement an appropriate handler interface: example.Failing");
    }

    @Test
    void failingStaticInitializerIsAnInitError() throws Exception {
        create("java-broken", Runtime.JAVA21, "example.Broken::handle", JavaFunctions.zipWithLib(CLASSES_21));
        InvokeResponse r = invoke("java-broken", "\"x\"");
        assertThat(r.functionError()).isEqualTo("Unhandled");
        JsonNode error = json(r);
        assertThat(error.get("errorMessage").asText()).isEqualTo("Error loading class example.Broken");
        assertThat(error.get("errorType").asText()).isEqualTo("java.lang.ExceptionInInitializerError");
    }

    @Test
    void java17FunctionDeployedAsAFatJar() {
        Path classes = JavaFunctions.compile(17, Map.of("example/Hello.java", HELLO));
        create("java17-jar", Runtime.JAVA17, "example.Hello::handleRequest", JavaFunctions.fatJar(classes));
        InvokeResponse r = invoke("java17-jar", "{\"name\":\"Jar\"}");
        assertThat(r.functionError()).as(r.payload().asUtf8String()).isNull();
        assertThat(r.payload().asUtf8String()).isEqualTo("\"Hello Jar from java17-jar on AWS_Lambda_java17\"");
    }
}
