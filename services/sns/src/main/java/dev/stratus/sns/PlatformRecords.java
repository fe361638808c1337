package dev.stratus.sns;

import java.util.Map;
import java.util.TreeMap;

/** Mobile push state: platform applications and their endpoints (stored, never delivered to). */
final class PlatformRecords {
    private PlatformRecords() {
    }

    /** A platform application (APNS, GCM, ...) and its attributes. */
    record Application(String arn, String platform, String name, Map<String, String> attributes) {
        Application {
            attributes = new TreeMap<>(attributes == null ? Map.of() : attributes);
        }
    }

    /** A device endpoint of an application; Token, Enabled and CustomUserData live in its attributes. */
    record Endpoint(String arn, String applicationArn, Map<String, String> attributes) {
        Endpoint {
            attributes = new TreeMap<>(attributes == null ? Map.of() : attributes);
        }

        boolean enabled() {
            return !"false".equalsIgnoreCase(attributes.get("Enabled"));
        }
    }
}
