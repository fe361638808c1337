package dev.stratus.lambda.javaruntime;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the runtime knows about one invocation, and the {@code com.amazonaws.services.lambda.runtime.Context} the
 * handler gets. The function brings the Context interface (aws-lambda-java-core, packaged with its code, as on AWS);
 * the runtime cannot compile against that copy, so it implements the interfaces with dynamic proxies.
 */
record InvocationContext(String requestId, long deadlineMs, String invokedArn, String clientContextJson,
                         String cognitoIdentityJson, FunctionEnvironment fn) {
    private static final String CORE = "com.amazonaws.services.lambda.runtime.";

    /** A Context proxy for the function's copy of the interface (loaded by {@code loader}). */
    Object asContext(ClassLoader loader, FunctionLog log) throws ClassNotFoundException {
        Class<?> contextType = Class.forName(CORE + "Context", false, loader);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("getAwsRequestId", requestId);
        values.put("getLogGroupName", fn.logGroup());
        values.put("getLogStreamName", fn.logStream());
        values.put("getFunctionName", fn.name());
        values.put("getFunctionVersion", fn.version());
        values.put("getInvokedFunctionArn", invokedArn);
        values.put("getMemoryLimitInMB", fn.memoryMb());
        values.put("getLogger", proxy(loader, CORE + "LambdaLogger", (p, m, args) -> {
            if (m.getName().equals("log") && args != null && args.length > 0) {
                log.write(args[0]);
                return null;
            }
            return basics(p, m, args, "LambdaLogger");
        }));
        values.put("getIdentity", cognitoIdentity(loader));
        values.put("getClientContext", clientContext(loader));
        return Proxy.newProxyInstance(loader, new Class<?>[] {contextType}, (p, m, args) -> {
            if (m.getName().equals("getRemainingTimeInMillis")) {
                return (int) Math.max(0, deadlineMs - System.currentTimeMillis());
            }
            if (m.getName().equals("getXrayTraceId")) {
                return System.getProperty("com.amazonaws.xray.traceHeader");
            }
            if (values.containsKey(m.getName()) && (args == null || args.length == 0)) {
                return values.get(m.getName());
            }
            return basics(p, m, args, "LambdaContext[" + requestId + "]");
        });
    }

    private Object cognitoIdentity(ClassLoader loader) {
        JsonNode node = parse(cognitoIdentityJson);
        if (node == null) {
            return null;
        }
        Map<String, Object> values = Map.of(
                "getIdentityId", node.path("cognitoIdentityId").asText(""),
                "getIdentityPoolId", node.path("cognitoIdentityPoolId").asText(""));
        return proxy(loader, CORE + "CognitoIdentity", getters(values, "CognitoIdentity"));
    }

    private Object clientContext(ClassLoader loader) {
        JsonNode node = parse(clientContextJson);
        if (node == null) {
            return null;
        }
        JsonNode c = node.path("client");
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("getInstallationId", text(c, "installation_id"));
        client.put("getAppTitle", text(c, "app_title"));
        client.put("getAppVersionName", text(c, "app_version_name"));
        client.put("getAppVersionCode", text(c, "app_version_code"));
        client.put("getAppPackageName", text(c, "app_package_name"));
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("getClient", proxy(loader, CORE + "Client", getters(client, "Client")));
        values.put("getCustom", strings(node.path("custom")));
        values.put("getEnvironment", strings(node.path("env")));
        return proxy(loader, CORE + "ClientContext", getters(values, "ClientContext"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Map<String, String> strings(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static JsonNode parse(String json) {
        if (json == null || json.isEmpty()) {
            return null;
        }
        try {
            return PojoJson.MAPPER.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }

    private static InvocationHandler getters(Map<String, Object> values, String name) {
        return (p, m, args) -> values.containsKey(m.getName()) && (args == null || args.length == 0)
                ? values.get(m.getName()) : basics(p, m, args, name);
    }

    /** A proxy of the function's interface {@code type}, or null when the function does not ship it. */
    private static Object proxy(ClassLoader loader, String type, InvocationHandler handler) {
        try {
            return Proxy.newProxyInstance(loader, new Class<?>[] {Class.forName(type, false, loader)}, handler);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /** Object's methods, interface default methods, and a neutral answer for anything newer than this runtime. */
    private static Object basics(Object proxy, Method m, Object[] args, String name) throws Throwable {
        switch (m.getName()) {
            case "toString":
                return name;
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return args != null && args.length == 1 && proxy == args[0];
            default:
                break;
        }
        if (m.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, m, args);
        }
        Class<?> r = m.getReturnType();
        if (r.isPrimitive() && r != void.class) {
            return java.lang.reflect.Array.get(java.lang.reflect.Array.newInstance(r, 1), 0); // the type's zero
        }
        return null;
    }
}
