package dev.stratus.lambda.runtime;

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
 * needed by runtime clients. A handler may defer its answer ({@link #DEFERRED}) and give it later from another thread
 * through {@link Connection#answer}: a long poll is then answered by the thread that has the event, a hand-off fewer.
 */
final class LoopbackHttpServer implements AutoCloseable {
    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 100;

    /**
     * A request; {@code body} is null when it was longer than the server's limit (and was skipped), or when the
     * body is handed over unread as {@code chunks} (see {@link StreamedBodies}). {@code connection} is the one it
     * came on (null outside a server), for a deferred answer.
     */
    record Request(String method, String path, Map<String, String> headers, byte[] body, ChunkedBody chunks,
                   Connection connection) {
        Request(String method, String path, Map<String, String> headers, byte[] body) {
            this(method, path, headers, body, null, null);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** A response; a null body sends no content. */
    record Response(int status, Map<String, String> headers, byte[] body) {
    }

    /**
     * What a handler returns to answer later, with {@link Connection#answer}. The connection goes on reading: a
     * request that arrives before the answer waits for it, so answers keep the order of requests.
     */
    static final Response DEFERRED = new Response(0, Map.of(), null);

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

    /** One runtime connection: its streams, and the answer a handler deferred, if any. */
    static final class Connection {
        private final Socket socket;
        private final Input in;
        private final OutputStream out;
        private final Object writing = new Object();
        private boolean deferred; // guarded by writing
        private boolean deferredKeepAlive;
        private boolean gone;

        private Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new Input(socket.getInputStream());
            this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        }

        /**
         * Sends the answer to the request whose handler returned (or is about to return) {@link #DEFERRED}; false
         * when the connection is gone, so the caller can take its answer elsewhere.
         */
        boolean answer(Response r) {
            synchronized (writing) {
                boolean interrupted = false;
                while (!deferred && !gone) { // the handler parked the poll but has not returned yet: a moment
                    try {
                        writing.wait();
                    } catch (InterruptedException e) {
                        interrupted = true; // the poll is this caller's to answer: wait on, keep the interrupt
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                if (gone) {
                    return false;
                }
                try {
                    write(out, r, deferredKeepAlive, true);
                } catch (IOException e) {
                    gone = true;
                    closeQuietly(socket);
                    return false;
                } finally {
                    deferred = false;
                    writing.notifyAll();
                }
                if (!deferredKeepAlive) {
                    gone = true;
                    closeQuietly(socket);
                }
                return true;
            }
        }

        private void respond(Response r, boolean keepAlive) throws IOException, InterruptedException {
            synchronized (writing) {
                while (deferred && !gone) { // a request pipelined behind a deferred one is answered after it
                    writing.wait();
                }
                if (gone) {
                    throw new IOException("connection closed");
                }
                if (r == DEFERRED) {
                    deferred = true;
                    deferredKeepAlive = keepAlive;
                    writing.notifyAll();
                    // What was written before (the 202 of a response pipelined with this poll) leaves with the
                    // answer, in one write: the runtime waits for both anyway.
                    return;
                }
                // Pipelined requests already read are answered in one write with this answer.
                write(out, r, keepAlive, in.buffered() == 0);
            }
        }

        private void gone() {
            synchronized (writing) {
                gone = true;
                writing.notifyAll();
            }
        }
    }

    /**
     * A buffered input read by one thread only, so without BufferedInputStream's lock on every byte; it finds lines in
     * its buffer in one pass, and says how much it holds (a pipelined request already read need not wait for a flush).
     */
    private static final class Input extends InputStream {
        private final InputStream in;
        private final byte[] buf = new byte[16 * 1024];
        private int pos;
        private int count;

        Input(InputStream in) {
            this.in = in;
        }

        int buffered() {
            return count - pos;
        }

        private boolean fill() throws IOException {
            if (pos < count) {
                return true;
            }
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                return false;
            }
            pos = 0;
            count = n;
            return true;
        }

        @Override
        public int read() throws IOException {
            return fill() ? buf[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (pos == count && len >= buf.length) {
                return in.read(b, off, len); // a large body bypasses the buffer
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, count - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return count - pos;
        }

        /** A line without its CRLF (a bare LF is accepted), or null at the end of the stream. */
        String readLine() throws IOException {
            StringBuilder longer = null; // only for a line split across reads
            while (fill()) {
                int start = pos;
                int nl = start;
                while (nl < count && buf[nl] != '\n') {
                    nl++;
                }
                int end = nl;
                pos = nl < count ? nl + 1 : nl;
                int have = (longer == null ? 0 : longer.length()) + (end - start);
                if (have > MAX_LINE) {
                    throw new IOException("line too long");
                }
                if (nl < count) {
                    if (longer == null) {
                        if (end > start && buf[end - 1] == '\r') {
                            end--;
                        }
                        return new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
                    }
                    longer.append(new String(buf, start, end - start, StandardCharsets.ISO_8859_1));
                    int len = longer.length();
                    if (len > 0 && longer.charAt(len - 1) == '\r') {
                        longer.setLength(len - 1);
                    }
                    return longer.toString();
                }
                if (longer == null) {
                    longer = new StringBuilder(128);
                }
                longer.append(new String(buf, start, end - start, StandardCharsets.ISO_8859_1));
            }
            return longer == null || longer.isEmpty() ? null : longer.toString();
        }
    }

    private void serve(Socket s) {
        Connection c = null;
        try (s) {
            c = new Connection(s);
            Input in = c.in;
            OutputStream out = c.out;
            while (!closed) {
                String requestLine = in.readLine();
                if (requestLine == null) {
                    return;
                }
                if (requestLine.isEmpty()) {
                    continue; // stray CRLF between requests
                }
                String[] parts = requestLine.split(" ");
                if (parts.length != 3) {
                    c.respond(new Response(400, Map.of(), null), false);
                    return;
                }
                Map<String, String> headers = readHeaders(in);
                if (headers == null) {
                    c.respond(new Response(431, Map.of(), null), false);
                    return;
                }
                boolean keepAlive = !parts[2].equals("HTTP/1.0") && !"close".equalsIgnoreCase(headers.get("connection"));
                if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
                    synchronized (c.writing) {
                        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                    }
                }
                String target = parts[1];
                int q = target.indexOf('?');
                String path = q < 0 ? target : target.substring(0, q);
                ChunkedBody chunks = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"))
                        && streamed.streams(parts[0], path, headers) ? new ChunkedBody(in, headers) : null;
                byte[] body = chunks == null ? readBody(in, headers) : null;
                Response r = handler.handle(new Request(parts[0], path, headers, body, chunks, c));
                if (r == null) {
                    return;
                }
                if (chunks != null) {
                    chunks.drain();
                }
                c.respond(r, keepAlive);
                if (!keepAlive && r != DEFERRED) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the runtime hung up, or sent something that is not HTTP: drop the connection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (c != null) {
                c.gone();
            }
            connections.remove(s);
        }
    }

    private byte[] readBody(Input in, Map<String, String> headers) throws IOException {
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

    private static Map<String, String> readHeaders(Input in) throws IOException {
        Map<String, String> headers = new HashMap<>();
        for (int i = 0; i <= MAX_HEADERS; i++) {
            String line = in.readLine();
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
        if (in instanceof Input buffered) {
            return buffered.readLine();
        }
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

    private static void write(OutputStream out, Response r, boolean keepAlive, boolean flush) throws IOException {
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
        if (flush || !keepAlive) {
            out.flush();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
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
