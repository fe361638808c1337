package dev.stratus.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.codec.Timestamps;
import dev.stratus.storage.Cursor;
import dev.stratus.storage.Entry;
import dev.stratus.storage.Keys;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** ListObjects (V1) and ListObjectsV2: a range scan of the bucket's keys, grouped by delimiter. */
final class ListOperations {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final int MAX_KEYS = 1000;
    private final S3State state;

    ListOperations(S3State state) {
        this.state = state;
    }

    /** One page: objects and common prefixes in key order, and the last item returned (the resume point). */
    record Page(List<ObjectRecord> contents, List<String> commonPrefixes, boolean truncated, String last) {
    }

    /** Keys after {@code after} (exclusive, null for none) starting with {@code prefix}, at most {@code max} items. */
    Page scan(String bucket, String prefix, String delimiter, String after, int max) {
        byte[] base = (bucket + "/").getBytes(StandardCharsets.UTF_8);
        byte[] from = concat(base, prefix);
        if (after != null && compare(after, prefix) >= 0) {
            from = Keys.successor(concat(base, after));
        }
        byte[] to = Keys.prefixEnd(concat(base, prefix));
        List<ObjectRecord> contents = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String last = null;
        boolean truncated = false;
        boolean grouping = delimiter != null && !delimiter.isEmpty();
        try (Cursor c = state.objects.keyspace().scan(from, to, false)) {
            while (c.hasNext()) {
                Entry e = c.next();
                String key = new String(e.key(), base.length, e.key().length - base.length, StandardCharsets.UTF_8);
                int d = grouping ? key.indexOf(delimiter, prefix.length()) : -1;
                String item = d >= 0 ? key.substring(0, d + delimiter.length()) : key;
                if (d >= 0 && (item.equals(last) || (after != null && compare(item, after) <= 0))) {
                    continue;
                }
                if (contents.size() + prefixes.size() >= max) {
                    // With max-keys=0 S3 answers an empty, untruncated page.
                    truncated = max > 0;
                    break;
                }
                if (d >= 0) {
                    prefixes.add(item);
                } else {
                    contents.add(state.objects.decode(e.value()));
                }
                last = item;
            }
        }
        return new Page(contents, prefixes, truncated, last);
    }

    private static byte[] concat(byte[] base, String s) {
        byte[] tail = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[base.length + tail.length];
        System.arraycopy(base, 0, out, 0, base.length);
        System.arraycopy(tail, 0, out, base.length, tail.length);
        return out;
    }

    private static int compare(String a, String b) {
        return Keys.compare(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static int maxKeys(ObjectNode in) {
        int max = in.path("MaxKeys").asInt(MAX_KEYS);
        if (max < 0) {
            throw S3Errors.invalidArgument("Argument maxKeys must be an integer between 0 and 2147483647",
                    "maxKeys", String.valueOf(max));
        }
        return Math.min(max, MAX_KEYS);
    }

    private static boolean urlEncoding(ObjectNode in) {
        String type = ObjectReads.text(in, "EncodingType");
        if (type != null && !type.equals("url")) {
            throw S3Errors.invalidArgument("Invalid Encoding Method specified in Request", "encoding-type", type);
        }
        return type != null;
    }

    JsonNode listObjectsV2(RequestContext ctx, ObjectNode in) {
        String bucket = in.path("Bucket").asText();
        state.requireBucket(ctx, bucket);
        String prefix = in.path("Prefix").asText("");
        String delimiter = ObjectReads.text(in, "Delimiter");
        String token = ObjectReads.text(in, "ContinuationToken");
        String startAfter = ObjectReads.text(in, "StartAfter");
        boolean url = urlEncoding(in);
        int max = maxKeys(in);
        String after = token != null ? decodeToken(token) : startAfter;
        Page page = scan(bucket, prefix, delimiter, after, max);
        ObjectNode out = F.objectNode().put("Name", bucket).put("Prefix", enc(prefix, url))
                .put("MaxKeys", max).put("KeyCount", page.contents().size() + page.commonPrefixes().size())
                .put("IsTruncated", page.truncated());
        if (delimiter != null) {
            out.put("Delimiter", enc(delimiter, url));
        }
        if (url) {
            out.put("EncodingType", "url");
        }
        if (token != null) {
            out.put("ContinuationToken", token);
        }
        if (startAfter != null) {
            out.put("StartAfter", enc(startAfter, url));
        }
        if (page.truncated()) {
            out.put("NextContinuationToken",
                    Base64.getEncoder().encodeToString(page.last().getBytes(StandardCharsets.UTF_8)));
        }
        boolean owner = in.path("FetchOwner").asBoolean(false);
        writeItems(out, page, url, owner ? ctx.accountId() : null);
        return out;
    }

    private static String decodeToken(String token) {
        try {
            return new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw S3Errors.invalidArgument("The continuation token provided is incorrect", "continuation-token", token);
        }
    }

    JsonNode listObjects(RequestContext ctx, ObjectNode in) {
        String bucket = in.path("Bucket").asText();
        state.requireBucket(ctx, bucket);
        String prefix = in.path("Prefix").asText("");
        String delimiter = ObjectReads.text(in, "Delimiter");
        String marker = in.path("Marker").asText("");
        boolean url = urlEncoding(in);
        int max = maxKeys(in);
        Page page = scan(bucket, prefix, delimiter, marker.isEmpty() ? null : marker, max);
        ObjectNode out = F.objectNode().put("Name", bucket).put("Prefix", enc(prefix, url))
                .put("Marker", enc(marker, url)).put("MaxKeys", max).put("IsTruncated", page.truncated());
        if (delimiter != null) {
            out.put("Delimiter", enc(delimiter, url));
            if (page.truncated()) {
                out.put("NextMarker", enc(page.last(), url));
            }
        }
        if (url) {
            out.put("EncodingType", "url");
        }
        writeItems(out, page, url, ctx.accountId());
        return out;
    }

    private static void writeItems(ObjectNode out, Page page, boolean url, String ownerAccount) {
        ArrayNode contents = out.putArray("Contents");
        for (ObjectRecord r : page.contents()) {
            ObjectNode o = contents.addObject().put("Key", enc(r.key(), url));
            o.set("LastModified", Timestamps.node(Instant.ofEpochMilli(r.lastModifiedMillis())));
            o.put("ETag", r.etag()).put("Size", r.size())
                    .put("StorageClass", r.storageClass() == null ? "STANDARD" : r.storageClass());
            if (r.checksums() != null && !r.checksums().isEmpty()) {
                ArrayNode algorithms = o.putArray("ChecksumAlgorithm");
                r.checksums().keySet().forEach(k -> algorithms.add(Checksums.ALGORITHMS.get(k)));
                o.put("ChecksumType", "FULL_OBJECT");
            }
            if (ownerAccount != null) {
                o.set("Owner", BucketOperations.owner(ownerAccount));
            }
        }
        ArrayNode prefixes = out.putArray("CommonPrefixes");
        page.commonPrefixes().forEach(p -> prefixes.addObject().put("Prefix", enc(p, url)));
    }

    /** S3's encoding-type=url: form encoding (clients decode with unquote_plus / URLDecoder). */
    static String enc(String s, boolean url) {
        return url ? URLEncoder.encode(s, StandardCharsets.UTF_8).replace("%2F", "/") : s;
    }
}
