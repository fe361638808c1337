package dev.stratus.apigateway;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.apache.velocity.exception.VelocityException;
import org.apache.velocity.util.introspection.Info;
import org.apache.velocity.util.introspection.SecureUberspector;
import org.apache.velocity.util.introspection.VelMethod;

/**
 * The introspector mapping templates run with: Velocity's SecureUberspector (no Class, ClassLoader, reflection,
 * System, Runtime or Thread access) minus methods that allocate without bound, with every method's result size
 * checked. Public only because Velocity instantiates it by class name.
 */
public final class VtlSandbox extends SecureUberspector {
    private static final Set<String> DENIED = Set.of("repeat", "getClass", "wait", "notify", "notifyAll",
            "ensureCapacity", "setLength", "nCopies");

    /** Velocity's constructor. */
    public VtlSandbox() {
        super();
    }

    @Override
    public VelMethod getMethod(Object obj, String methodName, Object[] args, Info i) {
        if (DENIED.contains(methodName)) {
            return null;
        }
        VelMethod m = super.getMethod(obj, methodName, args, i);
        return m == null ? null : new Bounded(m);
    }

    /** Rejects a value too large to be a mapping template's. */
    static Object checkSize(Object value) {
        long size = switch (value) {
            case CharSequence s -> s.length();
            case Collection<?> c -> c.size();
            case Map<?, ?> m -> m.size();
            case null, default -> 0;
        };
        if (size > Vtl.MAX_VALUE_SIZE) {
            throw new VelocityException("Mapping template value exceeds " + Vtl.MAX_VALUE_SIZE + " characters");
        }
        return value;
    }

    private record Bounded(VelMethod delegate) implements VelMethod {
        @Override
        public Object invoke(Object o, Object[] params) throws IllegalAccessException, InvocationTargetException {
            return checkSize(delegate.invoke(o, params));
        }

        @Override
        public boolean isCacheable() {
            return delegate.isCacheable();
        }

        @Override
        public String getMethodName() {
            return delegate.getMethodName();
        }

        @Override
        public Method getMethod() {
            return delegate.getMethod();
        }

        @Override
        public Class<?> getReturnType() {
            return delegate.getReturnType();
        }
    }
}
