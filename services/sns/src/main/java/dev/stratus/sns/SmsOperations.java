package dev.stratus.sns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.state.DocumentStore;
import dev.stratus.protocol.AwsException;
import dev.stratus.storage.Storage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Account SMS settings (persisted per account and region) and the opt-out list. No text is ever sent, so no
 * number ever opts out (on AWS a recipient opts out by replying STOP) and the account is not in the SMS sandbox,
 * though sandbox numbers can be added and verified (with any code).
 */
final class SmsOperations {
    static final Set<String> ATTRIBUTES = Set.of("DefaultSenderID", "DefaultSMSType", "MonthlySpendLimit",
            "DeliveryStatusIAMRole", "DeliveryStatusSuccessSamplingRate", "UsageReportS3Bucket");
    private static final Pattern E164 = Pattern.compile("\\+?[0-9]{1,15}");

    /** The stored SMS attributes of one account and region, and its sandbox numbers (number to status). */
    record Settings(Map<String, String> attributes, Map<String, String> sandboxNumbers) {
        Settings {
            attributes = new TreeMap<>(attributes == null ? Map.of() : attributes);
            sandboxNumbers = new TreeMap<>(sandboxNumbers == null ? Map.of() : sandboxNumbers);
        }
    }

    private Settings settings(RequestContext ctx) {
        return settings.get(key(ctx)).orElse(new Settings(Map.of(), Map.of()));
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
        Settings current = settings(ctx);
        Map<String, String> attributes = new LinkedHashMap<>(current.attributes());
        attributes.putAll(changes);
        settings.put(key(ctx), new Settings(attributes, current.sandboxNumbers()));
        return null;
    }

    JsonNode getSMSAttributes(RequestContext ctx, ObjectNode input) {
        Map<String, String> stored = settings(ctx).attributes();
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

    JsonNode createSMSSandboxPhoneNumber(RequestContext ctx, ObjectNode input) {
        String phone = input.path("PhoneNumber").asText();
        checkPhone(phone);
        Settings current = settings(ctx);
        Map<String, String> numbers = new LinkedHashMap<>(current.sandboxNumbers());
        numbers.putIfAbsent(phone, "Pending");
        settings.put(key(ctx), new Settings(current.attributes(), numbers));
        return null;
    }

    /** No one-time password is ever texted, so any code verifies a pending number. */
    JsonNode verifySMSSandboxPhoneNumber(RequestContext ctx, ObjectNode input) {
        return changeSandboxNumber(ctx, input.path("PhoneNumber").asText(), "Verified");
    }

    JsonNode deleteSMSSandboxPhoneNumber(RequestContext ctx, ObjectNode input) {
        return changeSandboxNumber(ctx, input.path("PhoneNumber").asText(), null);
    }

    private JsonNode changeSandboxNumber(RequestContext ctx, String phone, String status) {
        Settings current = settings(ctx);
        Map<String, String> numbers = new LinkedHashMap<>(current.sandboxNumbers());
        if (!numbers.containsKey(phone)) {
            throw new AwsException("ResourceNotFound", "Phone number does not exist in the SMS sandbox");
        }
        if (status == null) {
            numbers.remove(phone);
        } else {
            numbers.put(phone, status);
        }
        settings.put(key(ctx), new Settings(current.attributes(), numbers));
        return null;
    }

    JsonNode listSMSSandboxPhoneNumbers(RequestContext ctx, ObjectNode input) {
        int max = input.path("MaxResults").asInt(TopicOperations.PAGE_SIZE);
        return Trees.page(List.copyOf(settings(ctx).sandboxNumbers().entrySet()), Trees.text(input, "NextToken"),
                max, Map.Entry::getKey, "PhoneNumbers", e -> Trees.NODES.objectNode()
                        .put("PhoneNumber", e.getKey()).put("Status", e.getValue()));
    }

    /** No origination numbers (toll-free, 10DLC, short codes) exist here. */
    JsonNode listOriginationNumbers(RequestContext ctx, ObjectNode input) {
        ObjectNode out = Trees.NODES.objectNode();
        out.putArray("PhoneNumbers");
        return out;
    }

    private static void checkPhone(String phone) {
        if (!E164.matcher(phone).matches()) {
            throw Errors.invalidParameter("PhoneNumber", "input incorrectly formatted");
        }
    }
}
