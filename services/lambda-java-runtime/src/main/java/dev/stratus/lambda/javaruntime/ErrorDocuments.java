package dev.stratus.lambda.javaruntime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/** The error documents the runtime posts, shaped as AWS's Java runtime shapes them. */
final class ErrorDocuments {
    private static final String OWN_PACKAGE = ErrorDocuments.class.getPackageName() + ".";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorDocuments() {
    }

    /** A fault: message and type only (AWS leaves the trace to the log). */
    static byte[] of(Fault fault) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("errorMessage", fault.getMessage());
        if (fault.errorType != null) {
            doc.put("errorType", fault.errorType);
        }
        return bytes(doc);
    }

    /** An exception the handler threw: message, fully qualified class, and its frames below the runtime's. */
    static byte[] of(Throwable t) {
        filter(t);
        ObjectNode doc = JSON.createObjectNode();
        doc.put("errorMessage", messageOf(t));
        doc.put("errorType", t.getClass().getName());
        ArrayNode stack = doc.putArray("stackTrace");
        for (StackTraceElement e : t.getStackTrace()) {
            stack.add(e.toString());
        }
        return bytes(doc);
    }

    static String messageOf(Throwable t) {
        return t.getLocalizedMessage() == null ? t.getClass().getName() : t.getLocalizedMessage();
    }

    /**
     * Cuts every trace (causes and suppressed included) at the first frame of this runtime, and drops the reflection
     * frames that called the handler, so the trace ends in the function's code as on AWS.
     */
    static void filter(Throwable t) {
        filter(t, new IdentityHashMap<>());
    }

    private static void filter(Throwable t, Map<Throwable, Boolean> seen) {
        if (t == null || seen.put(t, Boolean.TRUE) != null) {
            return;
        }
        StackTraceElement[] trace = t.getStackTrace();
        for (int i = 0; i < trace.length; i++) {
            if (trace[i].getClassName().startsWith(OWN_PACKAGE)) {
                int end = i;
                while (end > 0 && isReflection(trace[end - 1].getClassName())) {
                    end--;
                }
                t.setStackTrace(Arrays.copyOf(trace, end));
                break;
            }
        }
        filter(t.getCause(), seen);
        for (Throwable s : t.getSuppressed()) {
            filter(s, seen);
        }
    }

    private static boolean isReflection(String className) {
        return className.startsWith("jdk.internal.reflect.") || className.equals("java.lang.reflect.Method")
                || className.startsWith("java.lang.invoke.");
    }

    private static byte[] bytes(ObjectNode doc) {
        try {
            return JSON.writeValueAsBytes(doc);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
