package dev.stratus.lambda.javaruntime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A run through the runtime's own code paths (Runtime API exchange, handler loading, event and result JSON, error
 * documents) without a function, so the platform can record the classes it loads in a class data sharing archive
 * that later cold starts map instead of loading and verifying them again.
 */
final class Training {
    private Training() {
    }

    /** The POJO handler the training run loads, as a function's would be. */
    public static final class Echo {
        /** A result with a few property types, so the bean serializers get loaded. */
        public record Result(String text, int count, List<String> items, Map<String, Object> extra) {
        }

        public Result handle(Map<String, Object> event) {
            return new Result(String.valueOf(event.get("text")), 1, List.of("a"), event);
        }

        public String fail(String event) {
            throw new IllegalStateException(event);
        }
    }

    static void run() throws Throwable {
        FunctionLog log = new FunctionLog(new PrintStream(OutputStream.nullOutputStream()));
        HandlerLoader loader = new HandlerLoader(Training.class.getClassLoader(), log);
        FunctionEnvironment fn = new FunctionEnvironment("training", "$LATEST", 128, "/aws/lambda/training", "s");
        InvocationContext context = new InvocationContext("id", System.currentTimeMillis() + 1000, "arn", null, null,
                fn);
        byte[] result = loader.load(Echo.class.getName() + "::handle")
                .invoke("{\"text\":\"hi\",\"n\":[1,2.5,true,null]}".getBytes(StandardCharsets.UTF_8), context);
        try {
            loader.load(Echo.class.getName() + "::fail").invoke("\"x\"".getBytes(StandardCharsets.UTF_8), context);
        } catch (IllegalStateException e) {
            ErrorDocuments.of(e);
            log.write(Fault.thrown(e, false).logText());
        }
        try {
            loader.load("training.Missing").invoke(new byte[0], context);
        } catch (Fault f) {
            ErrorDocuments.of(f);
            log.write(f.logText());
        }
        exchange(result);
        try (var functionLoader = FunctionClassLoader.create(Path.of(System.getProperty("java.io.tmpdir")),
                Path.of("/opt/java/lib"))) {
            functionLoader.loadClass("training.Missing");
        } catch (ClassNotFoundException e) {
            // expected: only the class path's lookup classes were wanted
        }
    }

    /** One request and response with the Runtime API client, against a socket standing in for the platform. */
    private static void exchange(byte[] body) throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread platform = new Thread(() -> {
                try (Socket s = server.accept(); InputStream in = s.getInputStream(); OutputStream out =
                        s.getOutputStream()) {
                    in.read(new byte[8192]);
                    out.write(("HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                            + "\r\n{}").getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    // the training run only loads classes
                }
            });
            platform.start();
            new RuntimeApiClient("127.0.0.1:" + server.getLocalPort()).post("/invocation/id/response", body, null);
        }
    }
}
