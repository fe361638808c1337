package dev.stratus.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.codec.Timestamps;
import dev.stratus.storage.Cursor;
import dev.stratus.storage.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * ListObjectVersions: every version and delete marker, keys ascending and each key's versions newest first. A
 * bucket never versioned lists its objects as null versions.
 */
final class VersionListing {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final S3State state;

    VersionListing(S3State state) {
        this.state = state;
    }

    JsonNode listObjectVersions(RequestContext ctx, ObjectNode in) {
        String bucket = in.path("Bucket").asText();
        BucketRecord b = state.requireBucket(ctx, bucket);
        String prefix = in.path("Prefix").asText("");
        String delimiter = ObjectReads.text(in, "Delimiter");
        String keyMarker = in.path("KeyMarker").asText("");
        String versionMarker = ObjectReads.text(in, "VersionIdMarker");
        int max = Math.min(Math.max(in.path("MaxKeys").asInt(ListOperations.MAX_KEYS), 0), ListOperations.MAX_KEYS);
        boolean url = "url".equals(ObjectReads.text(in, "EncodingType"));

        ObjectNode out = F.objectNode().put("Name", bucket).put("Prefix", ListOperations.enc(prefix, url))
                .put("KeyMarker", ListOperations.enc(keyMarker, url)).put("MaxKeys", max);
        if (versionMarker != null) {
            out.put("VersionIdMarker", versionMarker);
        }
        if (delimiter != null) {
            out.put("Delimiter", ListOperations.enc(delimiter, url));
        }
        if (url) {
            out.put("EncodingType", "url");
        }
        ArrayNode versions = out.putArray("Versions");
        ArrayNode markers = out.putArray("DeleteMarkers");
        ArrayNode prefixes = out.putArray("CommonPrefixes");
        ObjectNode owner = BucketOperations.owner(ctx.accountId());

        var store = b.versioning() == null ? state.objects : state.versions;
        byte[] base = (bucket + "/").getBytes(StandardCharsets.UTF_8);
        String from = keyMarker.compareTo(prefix) > 0 ? keyMarker : prefix;
        byte[] start = (bucket + "/" + from).getBytes(StandardCharsets.UTF_8);
        byte[] end = Keys.prefixEnd((bucket + "/" + prefix).getBytes(StandardCharsets.UTF_8));
        int count = 0;
        String lastKey = versionMarker == null ? null : keyMarker;
        String lastPrefix = null;
        boolean passedMarker = versionMarker == null;
        boolean truncated = false;
        String nextKey = null;
        String nextVersion = null;
        try (Cursor c = store.keyspace().scan(start, end, false)) {
            while (c.hasNext()) {
                ObjectRecord r = store.decode(c.next().value());
                String key = r.key();
                if (!key.startsWith(prefix)) {
                    continue;
                }
                if (!keyMarker.isEmpty() && key.equals(keyMarker)) {
                    // Versions of the marker key come after the version-id marker only.
                    if (!passedMarker) {
                        passedMarker = r.versionId().equals(versionMarker);
                        continue;
                    }
                    if (versionMarker == null) {
                        continue;
                    }
                }
                int d = delimiter == null || delimiter.isEmpty() ? -1 : key.indexOf(delimiter, prefix.length());
                if (d >= 0) {
                    String p = key.substring(0, d + delimiter.length());
                    if (p.equals(lastPrefix) || p.compareTo(keyMarker) <= 0 && !keyMarker.isEmpty()) {
                        continue;
                    }
                    if (count >= max) {
                        truncated = max > 0;
                        break;
                    }
                    prefixes.addObject().put("Prefix", ListOperations.enc(p, url));
                    lastPrefix = p;
                    nextKey = p;
                    nextVersion = null;
                    count++;
                    continue;
                }
                if (count >= max) {
                    truncated = max > 0;
                    break;
                }
                boolean latest = !key.equals(lastKey);
                lastKey = key;
                ObjectNode item = (r.marksDeletion() ? markers : versions).addObject()
                        .put("Key", ListOperations.enc(key, url)).put("VersionId", r.versionId())
                        .put("IsLatest", latest);
                item.set("LastModified", Timestamps.node(Instant.ofEpochMilli(r.lastModifiedMillis())));
                if (!r.marksDeletion()) {
                    item.put("ETag", r.etag()).put("Size", r.size())
                            .put("StorageClass", r.storageClass() == null ? "STANDARD" : r.storageClass());
                }
                item.set("Owner", owner);
                nextKey = key;
                nextVersion = r.versionId();
                count++;
            }
        }
        out.put("IsTruncated", truncated);
        if (truncated) {
            out.put("NextKeyMarker", ListOperations.enc(nextKey, url));
            if (nextVersion != null) {
                out.put("NextVersionIdMarker", nextVersion);
            }
        }
        return out;
    }
}
