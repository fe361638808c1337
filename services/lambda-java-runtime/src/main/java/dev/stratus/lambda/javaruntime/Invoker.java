package dev.stratus.lambda.javaruntime;

import com.fasterxml.jackson.databind.ObjectReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** Calls the function's handler with one event and returns the response payload. */
interface Invoker {

    byte[] invoke(byte[] event, InvocationContext context) throws Throwable;

    /** A handler that could not be loaded: each invocation reports the fault, as AWS's runtime does. */
    static Invoker failing(Fault fault) {
        return (event, context) -> {
            throw fault;
        };
    }

    /** What one parameter of a handler method receives. */
    enum Slot { INPUT_STREAM, OUTPUT_STREAM, CONTEXT, EVENT }

    /**
     * A handler method: streams, context and deserialized event as its parameters ask.
     *
     * @param target the handler instance, null for a static method
     * @param reader reads the event into the parameter type, null when no parameter takes the event
     * @param returnsVoid a void method answers with an empty payload
     */
    record MethodInvoker(Object target, Method method, Slot[] slots, ObjectReader reader, boolean returnsVoid,
                         ClassLoader loader, FunctionLog log) implements Invoker {

        @Override
        public byte[] invoke(byte[] event, InvocationContext context) throws Throwable {
            Object[] args = new Object[slots.length];
            ByteArrayOutputStream out = null;
            for (int i = 0; i < slots.length; i++) {
                args[i] = switch (slots[i]) {
                    case INPUT_STREAM -> (InputStream) new ByteArrayInputStream(event);
                    case OUTPUT_STREAM -> out = new ByteArrayOutputStream(1024);
                    case CONTEXT -> context.asContext(loader, log);
                    case EVENT -> event.length == 0 ? null : PojoJson.read(reader, event);
                };
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (out != null) {
                return out.toByteArray();
            }
            return returnsVoid ? new byte[0] : PojoJson.write(result);
        }

        static Slot[] slotsOf(Class<?>[] parameters) {
            Slot[] slots = new Slot[parameters.length];
            for (int i = 0; i < parameters.length; i++) {
                Class<?> p = parameters[i];
                slots[i] = p == InputStream.class ? Slot.INPUT_STREAM : p == OutputStream.class ? Slot.OUTPUT_STREAM
                        : HandlerLoader.isContext(p) ? Slot.CONTEXT : Slot.EVENT;
            }
            return slots;
        }
    }
}
