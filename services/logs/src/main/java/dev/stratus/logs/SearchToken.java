package dev.stratus.logs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A FilterLogEvents token: the last event returned, as (timestamp, stream name, sequence), the order in which
 * events of a group are merged. The next page starts strictly after it.
 */
record SearchToken(long timestamp, String stream, long sequence) implements Comparable<SearchToken> {

    @Override
    public int compareTo(SearchToken o) {
        int c = Long.compare(timestamp, o.timestamp);
        if (c == 0) {
            c = stream.compareTo(o.stream);
        }
        return c != 0 ? c : Long.compare(sequence, o.sequence);
    }

    String text() {
        byte[] name = stream.getBytes(StandardCharsets.UTF_8);
        byte[] raw = ByteBuffer.allocate(16 + name.length).putLong(timestamp).putLong(sequence).put(name).array();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /** Parses a token this class wrote; null when it is not one. */
    static SearchToken parse(String token) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (raw.length < 16) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(raw);
        long ts = b.getLong();
        long seq = b.getLong();
        if (ts < 0 || seq < 0) {
            return null;
        }
        return new SearchToken(ts, new String(raw, 16, raw.length - 16, StandardCharsets.UTF_8), seq);
    }
}
