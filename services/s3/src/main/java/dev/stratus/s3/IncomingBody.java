package dev.stratus.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.StreamingBody;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Receives a PutObject or UploadPart body: streams it into a blob while computing its MD5 and checksums, then
 * checks Content-MD5 and the {@code x-amz-checksum-*} values (sent as headers or aws-chunked trailers) before the
 * blob exists, so a refused, oversized or interrupted body leaves nothing behind.
 */
final class IncomingBody {
    /** Largest object a single PUT may upload, and largest part (S3's 5 GiB). */
    static final long MAX_SINGLE_UPLOAD_BYTES = 5L * 1024 * 1024 * 1024;
    private static final String TRAILER_PREFIX = "x-amz-checksum-";

    private IncomingBody() {
    }

    /** A stored body: its blob, size, quoted ETag and the verified checksums by member name. */
    record Stored(String blobId, long size, String etag, Map<String, String> checksums) {
    }

    /**
     * Refuses a body whose announced size is above {@code maxBytes} before a byte of it is read (S3 answers
     * EntityTooLarge to the headers alone).
     */
    static void checkDeclaredSize(ObjectNode in, long maxBytes) {
        long declared = declaredSize(in);
        if (declared > maxBytes) {
            // The body stays unread: closing Helidon's request stream would drain it first.
            throw S3Errors.entityTooLarge(declared, maxBytes);
        }
    }

    /** Streams the input's Body into a new blob; see the class comment. */
    static Stored store(BlobStore blobs, ObjectNode in, long maxBytes) {
        checkDeclaredSize(in, maxBytes);
        String contentMd5 = ObjectReads.text(in, "ContentMD5");
        if (contentMd5 != null) {
            Checksums.parseContentMd5(contentMd5);
        }
        Map<String, String> given = Checksums.given(in);
        JsonNode bodyNode = in.get("Body");
        StreamingBody streaming = StreamingBody.of(bodyNode);
        BodyDigests digests = new BodyDigests(algorithms(in, given));
        Map<String, String> verified = new LinkedHashMap<>();
        byte[][] md5 = new byte[1][];
        try (InputStream body = StreamingBody.open(bodyNode)) {
            BlobStore.Written written = blobs.writeFrom(body, maxBytes, digests, temp -> {
                md5[0] = digests.md5();
                if (contentMd5 != null) {
                    Checksums.checkMd5(contentMd5, md5[0]);
                }
                Map<String, String> all = new LinkedHashMap<>(given);
                if (streaming != null) {
                    all.putAll(fromTrailers(streaming.trailers()));
                }
                verified.putAll(Checksums.verify(all, algorithm -> digests.has(algorithm)
                        ? digests.checksum(algorithm) : recompute(temp, algorithm)));
            });
            return new Stored(written.id(), written.size(), "\"" + BodyDigests.hex(md5[0]) + "\"", verified);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the request announced as the body's size: the (decoded) Content-Length, else the stream's, else -1. */
    private static long declaredSize(ObjectNode in) {
        if (in.hasNonNull("ContentLength")) {
            return in.get("ContentLength").asLong();
        }
        StreamingBody b = StreamingBody.of(in.get("Body"));
        return b == null ? -1 : b.length();
    }

    /** The algorithms to compute while streaming: those sent as headers and the one the SDK says it will send. */
    private static List<String> algorithms(ObjectNode in, Map<String, String> given) {
        List<String> out = new ArrayList<>();
        given.keySet().forEach(member -> out.add(Checksums.ALGORITHMS.get(member)));
        String announced = ObjectReads.text(in, "ChecksumAlgorithm");
        if (announced != null) {
            out.add(announced.toUpperCase(Locale.ROOT));
        }
        return out;
    }

    /** Trailing checksums ({@code x-amz-checksum-crc32: ...}) by member name. */
    private static Map<String, String> fromTrailers(Map<String, String> trailers) {
        Map<String, String> out = new LinkedHashMap<>();
        trailers.forEach((name, value) -> {
            String n = name.toLowerCase(Locale.ROOT);
            if (!n.startsWith(TRAILER_PREFIX)) {
                return;
            }
            String algorithm = n.substring(TRAILER_PREFIX.length()).toUpperCase(Locale.ROOT);
            Checksums.ALGORITHMS.forEach((member, a) -> {
                if (a.equals(algorithm)) {
                    out.put(member, value.trim());
                }
            });
        });
        return out;
    }

    /** A checksum nobody announced before the body (only its trailer named it): read the body again. */
    private static String recompute(BlobStore.Pending temp, String algorithm) {
        BodyDigests again = new BodyDigests(List.of(algorithm));
        byte[] buf = new byte[BlobStore.COPY_BUFFER_BYTES];
        try (InputStream in = temp.reread()) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                again.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return again.checksum(algorithm);
    }
}
