package dev.stratus.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.codec.Timestamps;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What GET and HEAD share: conditional headers, byte ranges and part numbers, and the headers of an object. */
final class ObjectReads {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";

    private ObjectReads() {
    }

    /** An inclusive byte range of an object. */
    record Slice(long from, long to) {
        long length() {
            return to - from + 1;
        }
    }

    /**
     * Applies If-Match / If-Unmodified-Since (412) and If-None-Match / If-Modified-Since (304), in RFC 7232's
     * order, as S3 does for GET and HEAD.
     */
    static void checkConditions(ObjectRecord r, ObjectNode in) {
        String ifMatch = text(in, "IfMatch");
        String ifNoneMatch = text(in, "IfNoneMatch");
        long modifiedSeconds = r.lastModifiedMillis() / 1000;
        if (ifMatch != null) {
            if (!etagMatches(ifMatch, r.etag())) {
                throw S3Errors.preconditionFailed("If-Match");
            }
        } else if (in.hasNonNull("IfUnmodifiedSince")
                && modifiedSeconds > Timestamps.instant(in.get("IfUnmodifiedSince")).getEpochSecond()) {
            throw S3Errors.preconditionFailed("If-Unmodified-Since");
        }
        if (ifNoneMatch != null) {
            if (etagMatches(ifNoneMatch, r.etag())) {
                throw S3Errors.notModified();
            }
        } else if (in.hasNonNull("IfModifiedSince")
                && modifiedSeconds <= Timestamps.instant(in.get("IfModifiedSince")).getEpochSecond()) {
            throw S3Errors.notModified();
        }
    }

    /** Whether an If-Match style list ({@code "a", "b"} or {@code *}) names {@code etag}. */
    static boolean etagMatches(String condition, String etag) {
        for (String c : condition.split(",")) {
            String t = c.trim();
            if (t.equals("*") || unquote(t).equals(unquote(etag))) {
                return true;
            }
        }
        return false;
    }

    static String unquote(String etag) {
        String t = etag.startsWith("W/") ? etag.substring(2) : etag;
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }

    /**
     * The bytes a Range header asks for, or null for the whole object. A header S3 cannot parse is ignored, as S3
     * ignores it; a range starting past the end is 416 InvalidRange.
     */
    static Slice range(String header, long size) {
        if (header == null) {
            return null;
        }
        Matcher m = RANGE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return null;
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    throw invalidRange(header, size);
                }
                return new Slice(Math.max(0, size - suffix), size - 1);
            }
            long from = Long.parseLong(m.group(1));
            long to = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < from) {
                return null;
            }
            if (from >= size) {
                throw invalidRange(header, size);
            }
            return new Slice(from, to);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static AwsException invalidRange(String header, long size) {
        return new AwsException("InvalidRange", "The requested range is not satisfiable", 416)
                .with("RangeRequested", header).with("ActualObjectSize", size);
    }

    /** The bytes of part {@code partNumber} (1-based); a single-part object has one part, the whole object. */
    static Slice part(ObjectRecord r, int partNumber) {
        List<Long> sizes = r.partSizes() == null ? List.of(r.size()) : r.partSizes();
        if (partNumber < 1 || partNumber > sizes.size()) {
            throw new AwsException("InvalidPartNumber", "The requested partnumber is not satisfiable", 416)
                    .with("PartNumberRequested", partNumber).with("ActualPartCount", sizes.size());
        }
        long from = 0;
        for (int i = 0; i < partNumber - 1; i++) {
            from += sizes.get(i);
        }
        return new Slice(from, from + sizes.get(partNumber - 1) - 1);
    }

    /** The headers GET and HEAD return for {@code r} (before ranges), with response-* overrides applied. */
    static ObjectNode describe(ObjectRecord r, ObjectNode in) {
        ObjectNode out = F.objectNode();
        out.set("LastModified", Timestamps.node(Instant.ofEpochMilli(r.lastModifiedMillis())));
        out.put("ContentLength", r.size());
        out.put("ETag", r.etag());
        out.put("AcceptRanges", "bytes");
        ObjectRecord.Headers h = r.headers();
        out.put("ContentType", h.contentType() == null ? DEFAULT_CONTENT_TYPE : h.contentType());
        putIf(out, "ContentEncoding", h.contentEncoding());
        putIf(out, "ContentDisposition", h.contentDisposition());
        putIf(out, "ContentLanguage", h.contentLanguage());
        putIf(out, "CacheControl", h.cacheControl());
        putIf(out, "WebsiteRedirectLocation", h.websiteRedirectLocation());
        putIf(out, "Expires", r.expires());
        if (r.storageClass() != null && !"STANDARD".equals(r.storageClass())) {
            out.put("StorageClass", r.storageClass());
        }
        if (r.metadata() != null && !r.metadata().isEmpty()) {
            ObjectNode meta = out.putObject("Metadata");
            r.metadata().forEach(meta::put);
        }
        if (r.tags() != null && !r.tags().isEmpty()) {
            out.put("TagCount", r.tags().size());
        }
        override(out, in, "ResponseContentType", "ContentType");
        override(out, in, "ResponseContentEncoding", "ContentEncoding");
        override(out, in, "ResponseContentDisposition", "ContentDisposition");
        override(out, in, "ResponseContentLanguage", "ContentLanguage");
        override(out, in, "ResponseCacheControl", "CacheControl");
        JsonNode expires = in.get("ResponseExpires");
        if (expires != null && !expires.isNull()) {
            out.put("Expires", expires.isNumber() ? Timestamps.rfc822(Timestamps.instant(expires)) : expires.asText());
        }
        return out;
    }

    /** Adds the stored checksums when the caller asked for them and gets the whole object. */
    static void addChecksums(ObjectNode out, ObjectRecord r, ObjectNode in, boolean whole) {
        if (whole && "ENABLED".equals(text(in, "ChecksumMode")) && r.checksums() != null && !r.checksums().isEmpty()) {
            r.checksums().forEach(out::put);
            out.put("ChecksumType", "FULL_OBJECT");
        }
    }

    private static void override(ObjectNode out, ObjectNode in, String param, String member) {
        JsonNode v = in.get(param);
        if (v != null && !v.isNull()) {
            out.set(member, v);
        }
    }

    private static void putIf(ObjectNode out, String name, String value) {
        if (value != null) {
            out.put(name, value);
        }
    }

    static String text(ObjectNode in, String name) {
        JsonNode v = in.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }
}
