package dev.stratus.lambda.javaruntime;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;

/** Finds the type arguments a class gives a generic interface, through superclasses and superinterfaces. */
final class GenericTypes {
    private GenericTypes() {
    }

    /** The actual type arguments of {@code interfaceName} as {@code type} implements it, or null. */
    static Type[] arguments(Class<?> type, String interfaceName) {
        return search(type, new HashMap<>(), interfaceName);
    }

    private static Type[] search(Type type, Map<TypeVariable<?>, Type> bindings, String interfaceName) {
        Class<?> raw;
        Map<TypeVariable<?>, Type> own = new HashMap<>(bindings);
        if (type instanceof ParameterizedType p) {
            raw = (Class<?>) p.getRawType();
            TypeVariable<?>[] vars = raw.getTypeParameters();
            Type[] actual = p.getActualTypeArguments();
            for (int i = 0; i < vars.length && i < actual.length; i++) {
                own.put(vars[i], substitute(actual[i], bindings));
            }
            if (raw.getName().equals(interfaceName)) {
                Type[] out = new Type[vars.length];
                for (int i = 0; i < vars.length; i++) {
                    out[i] = own.get(vars[i]);
                }
                return out;
            }
        } else if (type instanceof Class<?> c) {
            raw = c;
            if (raw.getName().equals(interfaceName)) {
                return null; // implemented raw: no type arguments to find
            }
        } else {
            return null;
        }
        for (Type i : raw.getGenericInterfaces()) {
            Type[] found = search(i, own, interfaceName);
            if (found != null) {
                return found;
            }
        }
        Type superclass = raw.getGenericSuperclass();
        return superclass == null ? null : search(superclass, own, interfaceName);
    }

    private static Type substitute(Type t, Map<TypeVariable<?>, Type> bindings) {
        return t instanceof TypeVariable<?> v && bindings.containsKey(v) ? bindings.get(v) : t;
    }

    /** A type variable left open stands for its bound, as Jackson would read it. */
    static Type concrete(Type t) {
        if (t instanceof TypeVariable<?> v) {
            Type[] bounds = v.getBounds();
            return bounds.length == 0 ? Object.class : concrete(bounds[0]);
        }
        return t == null ? Object.class : t;
    }

    static boolean isVoid(Type t) {
        return t == Void.class || t == void.class;
    }
}
