package dev.stratus.lambda;

import dev.stratus.lambda.runtime.CodeCache;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.HttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Presigned-style download URLs for deployment packages and layer archives (GetFunction's {@code Code.Location},
 * GetLayerVersion's {@code Content.Location}), served by Stratus under {@code /_stratus/lambda/code/}. Like AWS's,
 * a URL expires after ten minutes; its signature is an HMAC with a key made at start-up, so URLs do not outlive
 * the process. The query string carries AWS-like parameters for tools that look at them; the path carries what is
 * checked, since service resources see the path only.
 */
final class CodeLocations {
    /** How long AWS's presigned code URLs stay valid. */
    static final long EXPIRES_SECONDS = 600;
    static final String PREFIX = "/_stratus/lambda/code/";
    private static final Pattern PATH = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)/([0-9a-f]{64})/([0-9a-f]{64})\\.zip");

    private final CodeCache code;
    private final Clock clock;
    private final Supplier<String> edgeEndpoint;
    private final byte[] key = new byte[32];

    CodeLocations(CodeCache code, Clock clock, Supplier<String> edgeEndpoint) {
        this.code = code;
        this.clock = clock;
        this.edgeEndpoint = edgeEndpoint;
        new SecureRandom().nextBytes(key);
    }

    /** A URL that downloads the archive with this SHA-256 (base64) for the next ten minutes. */
    String url(RequestContext ctx, String sha256) {
        String base = ctx.endpoint() != null ? ctx.endpoint() : edgeEndpoint.get();
        base = base.replace("://0.0.0.0:", "://127.0.0.1:");
        String hex = HexFormat.of().formatHex(Base64.getDecoder().decode(sha256));
        long expires = clock.instant().getEpochSecond() + EXPIRES_SECONDS;
        return base + PREFIX + expires + "/" + sign(expires, hex) + "/" + hex + ".zip?X-Amz-Expires="
                + EXPIRES_SECONDS;
    }

    /** The archive for a {@code GET} of a URL from {@link #url}, a 403 when its signature is wrong or expired. */
    HttpResponse serve(String method, String path) {
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return null;
        }
        if (!"GET".equals(method)) {
            return HttpResponse.of(405, null, new byte[0]);
        }
        long expires = Long.parseLong(m.group(1));
        String hex = m.group(3);
        boolean valid = MessageDigest.isEqual(sign(expires, hex).getBytes(StandardCharsets.US_ASCII),
                m.group(2).getBytes(StandardCharsets.US_ASCII));
        if (!valid || clock.instant().getEpochSecond() > expires) {
            return HttpResponse.text(403, "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + "<Error><Code>AccessDenied</Code><Message>Request has expired or the signature does not match"
                    + "</Message></Error>");
        }
        Path archive = code.archiveFor(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex)));
        try {
            if (archive == null) {
                throw new IOException("no such package");
            }
            return HttpResponse.of(200, "application/zip", Files.readAllBytes(archive));
        } catch (IOException | java.io.UncheckedIOException e) {
            return HttpResponse.text(404, "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>");
        }
    }

    private String sign(long expires, String hex) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((expires + "/" + hex).getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
