package dev.stratus.lambda.javaruntime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;

/**
 * Reads events into, and writes results from, the handler's own types, with the lenient Jackson settings of AWS's
 * Java runtime serializer: unknown properties ignored, single values accepted as arrays, nulls left out, lenient
 * JSON syntax accepted. Jackson lives on the runtime's class path, invisible to the function's classes.
 */
final class PojoJson {
    static final ObjectMapper MAPPER = mapper();

    private PojoJson() {
    }

    private static ObjectMapper mapper() {
        return builder().build();
    }

    static JsonMapper.Builder builder() {
        JsonFactory factory = JsonFactory.builder()
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS, JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS,
                        JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES,
                        JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER,
                        JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
                .build();
        return JsonMapper.builder(factory)
                .enable(MapperFeature.USE_STD_BEAN_NAMING, MapperFeature.ALLOW_FINAL_FIELDS_AS_MUTATORS)
                .disable(MapperFeature.INFER_PROPERTY_MUTATORS, MapperFeature.USE_GETTERS_AS_SETTERS)
                .enable(DeserializationFeature.ACCEPT_EMPTY_ARRAY_AS_NULL_OBJECT,
                        DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT,
                        DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY,
                        DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL,
                        DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                        DeserializationFeature.FAIL_ON_IGNORED_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS, SerializationFeature.CLOSE_CLOSEABLE)
                .serializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /** A reader for one parameter type, made once per handler; {@code loader} is the function's. */
    static ObjectReader readerFor(Type type, ClassLoader loader) {
        ObjectMapper mapper = EventTypes.isEvent(type) ? EventTypes.mapper(loader) : MAPPER;
        JavaType t = mapper.getTypeFactory().constructType(type);
        return mapper.readerFor(t);
    }

    /** The event as the handler's type; AWS's serializer reports bad JSON as an UncheckedIOException. */
    static Object read(ObjectReader reader, byte[] event) {
        try {
            return reader.readValue(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
