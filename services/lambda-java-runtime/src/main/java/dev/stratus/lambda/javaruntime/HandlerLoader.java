package dev.stratus.lambda.javaruntime;

import com.fasterxml.jackson.databind.ObjectReader;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns the handler string ({@code package.Class::method} or {@code package.Class}) into an {@link Invoker}, with
 * the rules of AWS's Java runtime: a class alone must implement RequestHandler or RequestStreamHandler; a method
 * name picks the best public overload taking (event), (event, Context), (InputStream, OutputStream[, Context]), ...
 */
final class HandlerLoader {
    static final String CORE = "com.amazonaws.services.lambda.runtime.";
    static final String REQUEST_HANDLER = CORE + "RequestHandler";
    static final String STREAM_HANDLER = CORE + "RequestStreamHandler";

    private final ClassLoader loader;
    private final FunctionLog log;

    HandlerLoader(ClassLoader loader, FunctionLog log) {
        this.loader = loader;
        this.log = log;
    }

    /**
     * The invoker for {@code handler}; a handler that cannot be found fails each invocation.
     *
     * @throws Fault a fatal problem (the class's static initializer or constructor threw), an Init error
     */
    Invoker load(String handler) throws Fault {
        String spec = handler == null ? "" : handler.trim();
        int sep = spec.indexOf("::");
        String className = sep < 0 ? spec : spec.substring(0, sep);
        String methodName = sep < 0 ? null : spec.substring(sep + 2);
        if (className.isEmpty() || (methodName != null && methodName.isEmpty())) {
            return Invoker.failing(Fault.of("Invalid handler: `" + handler + "'"));
        }
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            return Invoker.failing(Fault.of("Class not found: " + className, e, false));
        } catch (NoClassDefFoundError e) {
            return Invoker.failing(Fault.of(loadingMessage(className, e), e, false));
        } catch (Throwable t) {
            throw Fault.of(loadingMessage(className, t), t, true);
        }
        try {
            return methodName == null ? forInterface(type) : forMethod(type, methodName);
        } catch (Fault f) {
            if (f.fatal) {
                throw f;
            }
            return Invoker.failing(f);
        }
    }

    private static String loadingMessage(String className, Throwable t) {
        return "Error loading class " + className + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private Invoker forInterface(Class<?> type) throws Fault {
        if (implementsNamed(type, STREAM_HANDLER)) {
            Method m = interfaceMethod(STREAM_HANDLER);
            return invoker(type, m, null);
        }
        if (implementsNamed(type, REQUEST_HANDLER)) {
            Type[] args = GenericTypes.arguments(type, REQUEST_HANDLER);
            Type input = args == null ? Object.class : GenericTypes.concrete(args[0]);
            Type output = args == null ? Object.class : GenericTypes.concrete(args[1]);
            Method m = interfaceMethod(REQUEST_HANDLER);
            Invoker i = invoker(type, m, input);
            return GenericTypes.isVoid(output) ? voidResult((Invoker.MethodInvoker) i) : i;
        }
        throw Fault.of("Class does not implement an appropriate handler interface: " + type.getName());
    }

    private static Invoker voidResult(Invoker.MethodInvoker i) {
        return new Invoker.MethodInvoker(i.target(), i.method(), i.slots(), i.reader(), true, i.loader(), i.log());
    }

    /** The interface's {@code handleRequest}: invoking it dispatches to the class's implementation. */
    private Method interfaceMethod(String interfaceName) throws Fault {
        try {
            Class<?> iface = Class.forName(interfaceName, false, loader);
            for (Method m : iface.getMethods()) {
                if (m.getName().equals("handleRequest") && !m.isDefault()) {
                    return m;
                }
            }
        } catch (ClassNotFoundException e) {
            // cannot happen: the handler class implements it
        }
        throw Fault.of("No public method named handleRequest with appropriate method signature found on interface "
                + interfaceName);
    }

    private Invoker forMethod(Class<?> type, String name) throws Fault {
        List<Method> candidates = new ArrayList<>();
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name)) {
                candidates.add(m);
            }
        }
        // AWS's order: real methods before bridges, then longer signatures, a trailing Context counting one extra.
        candidates.sort(Comparator.comparing(Method::isBridge).thenComparing(m -> -weight(m)));
        for (Method m : candidates) {
            if (acceptable(m.getParameterTypes())) {
                Type[] generic = m.getGenericParameterTypes();
                Type input = null;
                Invoker.Slot[] slots = Invoker.MethodInvoker.slotsOf(m.getParameterTypes());
                for (int i = 0; i < slots.length; i++) {
                    if (slots[i] == Invoker.Slot.EVENT) {
                        input = generic[i];
                    }
                }
                Invoker inv = invoker(type, m, input);
                return m.getReturnType() == void.class ? voidResult((Invoker.MethodInvoker) inv) : inv;
            }
        }
        throw Fault.of("No public method named " + name + " with appropriate method signature found on class "
                + type.getName());
    }

    private static int weight(Method m) {
        Class<?>[] p = m.getParameterTypes();
        return p.length + (p.length > 0 && isContext(p[p.length - 1]) ? 1 : 0);
    }

    /** The signatures AWS's runtime accepts; any type but the streams and Context may take the event. */
    private static boolean acceptable(Class<?>[] p) {
        switch (p.length) {
            case 0:
                return true;
            case 1:
                return true;
            case 2:
                if (p[0] == InputStream.class) {
                    return p[1] == OutputStream.class || isContext(p[1]);
                }
                if (p[0] == OutputStream.class) {
                    return isContext(p[1]);
                }
                return !isContext(p[0]) && isContext(p[1]);
            case 3:
                return p[0] == InputStream.class && p[1] == OutputStream.class && isContext(p[2]);
            default:
                return false;
        }
    }

    private Invoker invoker(Class<?> type, Method m, Type input) throws Fault {
        Object target = Modifier.isStatic(m.getModifiers()) ? null : instantiate(type);
        m.trySetAccessible(); // a public method of a non-public class
        Invoker.Slot[] slots = Invoker.MethodInvoker.slotsOf(m.getParameterTypes());
        ObjectReader reader = null;
        for (Invoker.Slot s : slots) {
            if (s == Invoker.Slot.EVENT) {
                reader = PojoJson.readerFor(input == null ? Object.class : input, loader);
            }
        }
        return new Invoker.MethodInvoker(target, m, slots, reader, false, loader, log);
    }

    private static Object instantiate(Class<?> type) throws Fault {
        Constructor<?> c;
        try {
            c = type.getConstructor();
        } catch (NoSuchMethodException e) {
            Exception wrapped = new Exception("Class " + type.getName() + " has no public zero-argument constructor",
                    e);
            throw Fault.of(wrapped.getMessage(), wrapped, false);
        }
        try {
            c.trySetAccessible();
            return c.newInstance();
        } catch (InvocationTargetException e) {
            throw Fault.thrown(e.getCause(), true);
        } catch (ReflectiveOperationException e) {
            throw Fault.thrown(e, true);
        }
    }

    static boolean isContext(Class<?> p) {
        return p.getName().equals(CORE + "Context");
    }

    private static boolean implementsNamed(Class<?> type, String interfaceName) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals(interfaceName) || implementsNamed(i, interfaceName)) {
                    return true;
                }
            }
        }
        return false;
    }
}
