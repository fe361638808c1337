package dev.stratus.lambda.runtime;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A minimal HTTP/1.1 server on a loopback port for one runtime's Runtime API calls. The JDK's HttpServer hands every
 * request from a selector thread to an executor and back, which cost more CPU than the rest of a warm invocation;
 * here each connection (a runtime keeps one alive) has its own thread that reads, handles and answers in place.
 * Content-Length and chunked bodies, {@code Expect: 100-continue} and keep-alive are supported; nothing else is
 * needed by runtime clients.
 */
final class LoopbackHttpServer implements AutoCloseable {
    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 100;

    /**
     * A request; {@code body} is null when it was longer than the server's limit (and was skipped), or when the
     * body is handed over unread as {@code chunks} (see {@link StreamedBodies}).
     */
    record Request(String method, String path, Map<String, String> headers, byte[] body, ChunkedBody chunks) {
        Request(String method, String path, Map<String, String> headers, byte[] body) {
            this(method, path, headers, body, null);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** A response; a null body sends no content. */
    record Response(int status, Map<String, String> headers, byte[] body) {
    }

    /** Handles one request; null means close the connection without answering (the server is going away). */
    @FunctionalInterface
    interface Handler {
        Response handle(Request request) throws IOException, InterruptedException;
    }

    /** Which chunked requests the handler reads as they arrive instead of buffered whole. */
    @FunctionalInterface
    interface StreamedBodies {
        boolean streams(String method, String path, Map<String, String> headers);
    }

    private final ServerSocket socket;
    private final Handler handler;
    private final int maxBody;
    private final StreamedBodies streamed;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    LoopbackHttpServer(Handler handler, int maxBody) {
        this(handler, maxBody, (method, path, headers) -> false);
    }

    LoopbackHttpServer(Handler handler, int maxBody, StreamedBodies streamed) {
        this.handler = handler;
        this.maxBody = maxBody;
        this.streamed = streamed;
        try {
            socket = new ServerSocket();
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a loopback port", e);
        }
        Thread.ofVirtual().name("lambda-runtime-api-accept").start(this::accept);
    }

    int port() {
        return socket.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = socket.accept();
                s.setTcpNoDelay(true);
                connections.add(s);
                // A platform thread: its blocking reads wake directly, a hop fewer than a virtual thread's poller.
                Thread.ofPlatform().daemon().name("lambda-runtime-api").stackSize(256 * 1024).start(() -> serve(s));
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
            OutputStream out = new BufferedOutputStream(s.getOutputStream(), 16 * 1024);
            while (!closed) {
                String requestLine = readLine(in);
                if (requestLine == null) {
                    return;
                }
                if (requestLine.isEmpty()) {
                    continue; // stray CRLF between requests
                }
                String[] parts = requestLine.split(" ");
                if (parts.length != 3) {
                    write(out, new Response(400, Map.of(), null), false);
                    return;
                }
                Map<String, String> headers = readHeaders(in);
                if (headers == null) {
                    write(out, new Response(431, Map.of(), null), false);
                    return;
                }
                boolean keepAlive = !parts[2].equals("HTTP/1.0") && !"close".equalsIgnoreCase(headers.get("connection"));
                if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
                String target = parts[1];
                int q = target.indexOf('?');
                String path = q < 0 ? target : target.substring(0, q);
                ChunkedBody chunks = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"))
                        && streamed.streams(parts[0], path, headers) ? new ChunkedBody(in, headers) : null;
                byte[] body = chunks == null ? readBody(in, headers) : null;
                Response r = handler.handle(new Request(parts[0], path, headers, body, chunks));
                if (r == null) {
                    return;
                }
                if (chunks != null) {
                    chunks.drain();
                }
                write(out, r, keepAlive);
                if (!keepAlive) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the runtime hung up, or sent something that is not HTTP: drop the connection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connections.remove(s);
        }
    }

    private byte[] readBody(InputStream in, Map<String, String> headers) throws IOException {
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ChunkedBody chunks = new ChunkedBody(in, headers);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            boolean tooLarge = false;
            long n;
            while ((n = chunks.next()) > 0) {
                if (tooLarge || body.size() + n > maxBody) {
                    tooLarge = true;
                    chunks.skip(n);
                } else {
                    body.writeBytes(chunks.read((int) n));
                }
            }
            return tooLarge ? null : body.toByteArray();
        }
        String length = headers.get("content-length");
        if (length == null) {
            return new byte[0];
        }
        long n = Long.parseLong(length.strip());
        if (n > maxBody) {
            in.skipNBytes(n);
            return null;
        }
        byte[] body = in.readNBytes((int) n);
        if (body.length < n) {
            throw new IOException("truncated body");
        }
        return body;
    }

    private static Map<String, String> readHeaders(InputStream in) throws IOException {
        Map<String, String> headers = new HashMap<>();
        for (int i = 0; i <= MAX_HEADERS; i++) {
            String line = readLine(in);
            if (line == null) {
                throw new IOException("truncated headers");
            }
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
        }
        return null;
    }

    /** A line without its CRLF (a bare LF is accepted), or null at the end of the stream. */
    static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int len = b.length();
                if (len > 0 && b.charAt(len - 1) == '\r') {
                    b.setLength(len - 1);
                }
                return b.toString();
            }
            if (b.length() >= MAX_LINE) {
                throw new IOException("line too long");
            }
            b.append((char) c);
        }
        return b.isEmpty() ? null : b.toString();
    }

    private static void write(OutputStream out, Response r, boolean keepAlive) throws IOException {
        StringBuilder head = new StringBuilder(256);
        head.append("HTTP/1.1 ").append(r.status()).append(' ').append(reason(r.status())).append("\r\n");
        r.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("Content-Length: ").append(r.body() == null ? 0 : r.body().length).append("\r\n");
        if (!keepAlive) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        if (r.body() != null) {
            out.write(r.body());
        }
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 202 -> "Accepted";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Request Entity Too Large";
            case 431 -> "Request Header Fields Too Large";
            default -> "Status";
        };
    }

    /** Stops accepting and drops every connection (a pending long poll ends without an answer). */
    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
        for (Socket s : connections) {
            try {
                s.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
