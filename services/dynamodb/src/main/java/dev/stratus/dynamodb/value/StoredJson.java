package dev.stratus.dynamodb.value;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON mapper for items and stream records kept in storage. */
public final class StoredJson {
    private StoredJson() {
    }

    /**
     * A mapper that reads back any stored item: attribute names may be up to 65535 bytes, above Jackson's default cap
     * on member names (50000).
     */
    public static ObjectMapper newMapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNameLength(1 << 20).build());
        return mapper;
    }
}
