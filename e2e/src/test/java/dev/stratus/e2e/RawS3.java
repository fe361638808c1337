package dev.stratus.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what the SDK will not send: a chosen Host header (virtual-host S3), bad
 * bucket names, wrong checksums. Requests carry a dev-mode Authorization header so they route to S3.
 */
final class RawS3 {
    static final String AUTH = "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, "
            + "SignedHeaders=host, Signature=00";

    private RawS3() {
    }

    /** A response: status, lower-cased headers, body text. */
    record Response(int status, Map<String, String> headers, String body) {
    }

    static Response send(URI endpoint, String method, String path, Map<String, String> headers, byte[] body)
            throws IOException {
        try (Socket s = new Socket(endpoint.getHost(), endpoint.getPort())) {
            StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
            Map<String, String> all = new LinkedHashMap<>();
            all.put("Host", endpoint.getHost() + ":" + endpoint.getPort());
            all.put("Authorization", AUTH);
            all.putAll(headers);
            all.put("Content-Length", String.valueOf(body == null ? 0 : body.length));
            all.put("Connection", "close");
            all.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            req.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.UTF_8));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return parse(s.getInputStream(), "HEAD".equals(method));
        }
    }

    private static Response parse(InputStream in, boolean head) throws IOException {
        String status = line(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
        }
        String body = "";
        if (!head && headers.containsKey("content-length")) {
            body = new String(in.readNBytes(Integer.parseInt(headers.get("content-length"))), StandardCharsets.UTF_8);
        }
        return new Response(Integer.parseInt(status.split(" ")[1]), headers, body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }
}
