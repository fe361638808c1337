package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** {@code $util} of a mapping template, as API Gateway defines it. Public for Velocity's introspection. */
public final class VtlUtil {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Escapes for a JavaScript string literal (single quotes too, as API Gateway does). */
    public String escapeJavaScript(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\'' -> sb.append("\\'");
                case '/' -> sb.append("\\/");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\u%04X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    public String urlEncode(String s) {
        return s == null ? "" : URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public String urlDecode(String s) {
        return s == null ? "" : URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    public String base64Encode(String s) {
        return s == null ? "" : Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    public String base64Decode(String s) {
        return s == null ? "" : new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }

    /** A JSON text as a map, list or scalar. */
    public Object parseJson(String s) {
        try {
            return VtlInput.toJava(MAPPER.readTree(s));
        } catch (IOException e) {
            throw new IllegalStateException("Invalid JSON: " + e.getMessage());
        }
    }
}
