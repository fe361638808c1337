package dev.stratus.lambda.javaruntime;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * The entry point of Stratus's java* Lambda runtimes: loads the handler from the function's class path, then serves
 * invocations from the Runtime API until the platform stops the process.
 */
public final class Bootstrap {
    private static final String TRACE_PROPERTY = "com.amazonaws.xray.traceHeader";

    private Bootstrap() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 1 && args[0].equals("--train")) {
            Training.run();
            return;
        }
        Map<String, String> env = System.getenv();
        PrintStream stdout = System.out;
        FunctionLog log = new FunctionLog(stdout);
        RuntimeApiClient api = new RuntimeApiClient(env.get("AWS_LAMBDA_RUNTIME_API"));
        ClassLoader loader = FunctionClassLoader.create(Path.of(env.getOrDefault("LAMBDA_TASK_ROOT", "/var/task")),
                Path.of(System.getProperty("stratus.lambda.opt", "/opt"), "java", "lib"));
        Thread.currentThread().setContextClassLoader(loader);
        FunctionEnvironment fn = FunctionEnvironment.of(env);
        Invoker invoker;
        try {
            invoker = new HandlerLoader(loader, log).load(args.length > 0 ? args[0] : env.get("_HANDLER"));
        } catch (Fault fault) {
            log.write(fault.logText());
            api.post("/init/error", ErrorDocuments.of(fault), "Runtime.BadFunctionCode");
            System.exit(1);
            return;
        }
        while (true) {
            RuntimeApiClient.Response next = api.next();
            String id = next.header("Lambda-Runtime-Aws-Request-Id");
            String trace = next.header("Lambda-Runtime-Trace-Id");
            if (trace != null) {
                System.setProperty(TRACE_PROPERTY, trace);
            } else {
                System.clearProperty(TRACE_PROPERTY);
            }
            String deadline = next.header("Lambda-Runtime-Deadline-Ms");
            InvocationContext context = new InvocationContext(id, deadline == null ? 0 : Long.parseLong(deadline),
                    next.header("Lambda-Runtime-Invoked-Function-Arn"), next.header("Lambda-Runtime-Client-Context"),
                    next.header("Lambda-Runtime-Cognito-Identity"), fn);
            String path = "/invocation/" + id;
            try {
                byte[] payload = invoker.invoke(next.body(), context);
                flushOutput();
                api.post(path + "/response", payload, null);
            } catch (Fault fault) {
                flushOutput();
                log.write(fault.logText());
                api.post(path + "/error", ErrorDocuments.of(fault), "Runtime.BadFunctionCode");
            } catch (Throwable t) {
                flushOutput();
                byte[] doc = ErrorDocuments.of(t);
                log.write(Fault.thrown(t, false).logText());
                api.post(path + "/error", doc, "Runtime.UserException");
                if (t instanceof VirtualMachineError) {
                    System.exit(1); // an OutOfMemoryError leaves the JVM unusable, as on AWS
                }
            }
            Thread.interrupted(); // a flag the handler left set must not break the next poll
        }
    }

    private static void flushOutput() {
        System.out.flush();
        System.err.flush();
    }
}
