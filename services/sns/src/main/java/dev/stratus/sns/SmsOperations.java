package dev.stratus.sns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.state.DocumentStore;
import dev.stratus.storage.Storage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Account SMS settings (persisted per account and region) and the opt-out list. No text is ever sent, so no
 * number ever opts out (on AWS a recipient opts out by replying STOP) and the account is not in the SMS sandbox.
 */
final class SmsOperations {
    static final Set<String> ATTRIBUTES = Set.of("DefaultSenderID", "DefaultSMSType", "MonthlySpendLimit",
            "DeliveryStatusIAMRole", "DeliveryStatusSuccessSamplingRate", "UsageReportS3Bucket");
    private static final Pattern E164 = Pattern.compile("\\+?[0-9]{1,15}");

    /** The stored SMS attributes of one account and region. */
    record Settings(Map<String, String> attributes) {
        Settings {
            attributes = new TreeMap<>(attributes == null ? Map.of() : attributes);
        }
    }

    private final DocumentStore<Settings> settings;

    SmsOperations(Storage storage) {
        this.settings = new DocumentStore<>(storage, "sns.sms", Settings.class);
    }

    private static String key(RequestContext ctx) {
        return ctx.accountId() + "/" + ctx.region();
    }

    JsonNode setSMSAttributes(RequestContext ctx, ObjectNode input) {
        Map<String, String> changes = Trees.stringMap(input.get("attributes"));
        for (var e : changes.entrySet()) {
            if (!ATTRIBUTES.contains(e.getKey())) {
                throw Errors.invalidParameter(e.getKey());
            }
            if (e.getKey().equals("DefaultSMSType") && !Set.of("Promotional", "Transactional").contains(e.getValue())) {
                throw Errors.invalidParameter("DefaultSMSType");
            }
        }
        Map<String, String> attributes = new LinkedHashMap<>(
                settings.get(key(ctx)).map(Settings::attributes).orElse(Map.of()));
        attributes.putAll(changes);
        settings.put(key(ctx), new Settings(attributes));
        return null;
    }

    JsonNode getSMSAttributes(RequestContext ctx, ObjectNode input) {
        Map<String, String> stored = settings.get(key(ctx)).map(Settings::attributes).orElse(Map.of());
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode wanted = input.get("attributes");
        if (wanted == null || wanted.isEmpty()) {
            out.putAll(stored);
        } else {
            wanted.forEach(n -> {
                if (stored.containsKey(n.asText())) {
                    out.put(n.asText(), stored.get(n.asText()));
                }
            });
        }
        ObjectNode result = Trees.NODES.objectNode();
        result.set("attributes", Trees.object(out));
        return result;
    }

    JsonNode checkIfPhoneNumberIsOptedOut(RequestContext ctx, ObjectNode input) {
        checkPhone(input.path("phoneNumber").asText());
        return Trees.NODES.objectNode().put("isOptedOut", false);
    }

    JsonNode optInPhoneNumber(RequestContext ctx, ObjectNode input) {
        checkPhone(input.path("phoneNumber").asText());
        return null;
    }

    JsonNode listPhoneNumbersOptedOut(RequestContext ctx, ObjectNode input) {
        ObjectNode out = Trees.NODES.objectNode();
        out.putArray("phoneNumbers");
        return out;
    }

    JsonNode getSMSSandboxAccountStatus(RequestContext ctx, ObjectNode input) {
        return Trees.NODES.objectNode().put("IsInSandbox", false);
    }

    private static void checkPhone(String phone) {
        if (!E164.matcher(phone).matches()) {
            throw Errors.invalidParameter("PhoneNumber", "input incorrectly formatted");
        }
    }
}
