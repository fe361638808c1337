package dev.stratus.dynamodb.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.table.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * The streams of a table: the enabled one (its {@code StreamLabel}) and the ones disabled by UpdateTable, which
 * DynamoDB keeps readable (DISABLED, one closed shard) for 24 hours. Disabled streams are listed in the table's
 * definition under {@code StratusDisabledStreams}; their records age out by the same 24-hour trim as any.
 */
public final class TableStreams {
    /** Where the disabled streams are listed in a table definition. */
    public static final String DISABLED = "StratusDisabledStreams";
    /** How long a disabled stream's entry is kept, after which every record of it has been trimmed. */
    private static final long FORGOTTEN_AFTER_MILLIS = 2 * StreamLog.RETENTION.toMillis();

    private TableStreams() {
    }

    /** One stream of a table; {@code disabledMillis} is null while it is enabled. */
    public record Stream(String label, String viewType, Long disabledMillis) {
        public boolean enabled() {
            return disabledMillis == null;
        }

        public String arn(Table table) {
            return StreamLog.streamArn(table, label);
        }
    }

    /** The streams still readable at {@code nowMillis}: the enabled one, then disabled ones, oldest first. */
    public static List<Stream> readable(Table table, long nowMillis) {
        List<Stream> out = new ArrayList<>();
        String label = StreamLog.label(table);
        if (label != null) {
            out.add(new Stream(label, StreamLog.viewType(table), null));
        }
        for (Stream s : disabled(table)) {
            if (nowMillis - s.disabledMillis() < StreamLog.RETENTION.toMillis()) {
                out.add(s);
            }
        }
        return out;
    }

    /** Every stream whose records may still be stored (the enabled one and every remembered disabled one). */
    public static List<Stream> stored(Table table) {
        List<Stream> out = new ArrayList<>();
        String label = StreamLog.label(table);
        if (label != null) {
            out.add(new Stream(label, StreamLog.viewType(table), null));
        }
        out.addAll(disabled(table));
        return out;
    }

    /** The readable stream with this label, or null. */
    public static Stream find(Table table, String label, long nowMillis) {
        for (Stream s : readable(table, nowMillis)) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        return null;
    }

    private static List<Stream> disabled(Table table) {
        List<Stream> out = new ArrayList<>();
        for (JsonNode s : table.spec().path(DISABLED)) {
            out.add(new Stream(s.get("label").asText(), s.get("viewType").asText(), s.get("disabledMillis").asLong()));
        }
        return out;
    }

    /**
     * Records in {@code spec} that its enabled stream is being disabled at {@code nowMillis} (call before the
     * label is removed), forgetting streams disabled long enough ago that none of their records is left.
     */
    public static void disable(ObjectNode spec, long nowMillis) {
        ArrayNode kept = spec.arrayNode();
        for (JsonNode s : spec.path(DISABLED)) {
            if (nowMillis - s.path("disabledMillis").asLong() < FORGOTTEN_AFTER_MILLIS) {
                kept.add(s);
            }
        }
        String label = spec.path("StreamLabel").asText(null);
        if (label != null) {
            kept.addObject().put("label", label)
                    .put("viewType", spec.path("StreamSpecification").path("StreamViewType").asText("NEW_AND_OLD_IMAGES"))
                    .put("disabledMillis", nowMillis);
        }
        spec.set(DISABLED, kept);
    }
}
