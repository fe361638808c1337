package dev.stratus.lambda.javaruntime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * Reading the event classes of aws-lambda-java-events ({@code SQSEvent}, {@code APIGatewayProxyRequestEvent}, ...),
 * whose property names differ from the JSON's in case ({@code Records}, {@code eventSourceARN}) and whose
 * timestamps are Joda {@code DateTime}s. AWS's runtime reads them with mix-ins; matching names without regard to
 * case and parsing {@code DateTime} with its own {@code parse} gives the same objects.
 */
final class EventTypes {
    static final String PACKAGE = "com.amazonaws.services.lambda.runtime.events.";

    private EventTypes() {
    }

    /** Whether {@code type} is one of the library's events (or a list or map of them). */
    static boolean isEvent(Type type) {
        if (type instanceof Class<?> c) {
            return c.getName().startsWith(PACKAGE);
        }
        if (type instanceof ParameterizedType p) {
            if (isEvent(p.getRawType())) {
                return true;
            }
            for (Type arg : p.getActualTypeArguments()) {
                if (isEvent(arg)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A mapper for event types whose classes come from {@code loader}. */
    static ObjectMapper mapper(ClassLoader loader) {
        ObjectMapper mapper = PojoJson.builder().enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES).build();
        try {
            Class<?> dateTime = Class.forName("org.joda.time.DateTime", false, loader);
            SimpleModule joda = new SimpleModule("joda-datetime");
            addParsed(joda, dateTime);
            mapper.registerModule(joda);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            // no Joda on the function's class path: no event of it uses DateTime
        }
        return mapper;
    }

    @SuppressWarnings("unchecked")
    private static <T> void addParsed(SimpleModule module, Class<T> type) throws NoSuchMethodException {
        Method parse = type.getMethod("parse", String.class);
        module.addDeserializer(type, new StdScalarDeserializer<T>(type) {
            private static final long serialVersionUID = 1L;

            @Override
            public T deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                String text = p.getValueAsString();
                if (text == null || text.isEmpty()) {
                    return null;
                }
                try {
                    return (T) parse.invoke(null, text);
                } catch (ReflectiveOperationException e) {
                    return (T) ctx.handleWeirdStringValue(type, text, "not a date-time: %s", e.getCause());
                }
            }
        });
    }
}
