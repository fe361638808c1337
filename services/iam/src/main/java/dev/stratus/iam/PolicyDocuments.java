package dev.stratus.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.stratus.protocol.AwsException;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Policy documents as IAM takes and gives them: accepted as JSON text or URL-encoded JSON, checked for the
 * grammar IAM enforces (with IAM's own messages), stored decoded, and answered URL-encoded as IAM does.
 */
final class PolicyDocuments {
    /** What a document is for: the checks differ. */
    enum Kind {
        /** Identity-based policies: managed and inline. */
        IDENTITY,
        /** A role's trust policy (AssumeRolePolicyDocument). */
        TRUST
    }

    static final String SYNTAX = "Syntax errors in policy.";
    static final String VERSION_TOO_OLD = "Policy document must be version 2012-10-17 or greater.";
    static final String TRUST_INVALID_JSON = "This policy contains invalid Json";

    private static final ObjectMapper STRICT = JsonMapper.builder().build();
    private static final Set<String> TOP_LEVEL = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT_KEYS = Set.of("Sid", "Effect", "Principal", "NotPrincipal",
            "Action", "NotAction", "Resource", "NotResource", "Condition");

    private PolicyDocuments() {
    }

    /** The JSON text of a document as sent: URL-encoded documents (as some clients send them) are decoded. */
    static String decode(String raw) {
        String t = raw.strip();
        if (!t.startsWith("{") && t.startsWith("%")) {
            try {
                return URLDecoder.decode(t, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return raw;
            }
        }
        return raw;
    }

    /** The document as IAM answers it: RFC 3986 percent-encoding (spaces as %20, which every decoder accepts). */
    static String encode(String document) {
        return URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Decodes and checks a document; throws MalformedPolicyDocument with IAM's message when it is not valid. */
    static String validated(String raw, Kind kind) {
        String text = decode(raw);
        JsonNode doc;
        try {
            doc = STRICT.readTree(text);
        } catch (IOException e) {
            throw malformed(kind == Kind.TRUST ? TRUST_INVALID_JSON : SYNTAX);
        }
        if (doc == null || !doc.isObject()) {
            throw malformed(kind == Kind.TRUST ? TRUST_INVALID_JSON : SYNTAX);
        }
        checkVersion(doc.get("Version"), kind);
        for (Iterator<String> it = doc.fieldNames(); it.hasNext(); ) {
            if (!TOP_LEVEL.contains(it.next())) {
                throw malformed(SYNTAX);
            }
        }
        JsonNode id = doc.get("Id");
        if (id != null && !id.isTextual()) {
            throw malformed(SYNTAX);
        }
        JsonNode statements = doc.get("Statement");
        if (statements == null || (statements.isArray() && statements.isEmpty())
                || !(statements.isArray() || statements.isObject())) {
            throw malformed(SYNTAX);
        }
        for (JsonNode s : statements.isArray() ? statements : STRICT.createArrayNode().add(statements)) {
            checkStatementShape(s);
        }
        for (JsonNode s : statements.isArray() ? statements : STRICT.createArrayNode().add(statements)) {
            checkStatementContent(s, kind);
        }
        return text;
    }

    /** The number of characters IAM counts against its size quotas: everything but white space. */
    static int chargedSize(String document) {
        int n = 0;
        for (int i = 0; i < document.length(); i++) {
            if (!Character.isWhitespace(document.charAt(i))) {
                n++;
            }
        }
        return n;
    }

    private static void checkVersion(JsonNode version, Kind kind) {
        if (version == null) {
            // a trust policy without Version is read as 2008-10-17, which trust policies may use
            if (kind == Kind.IDENTITY) {
                throw malformed(VERSION_TOO_OLD);
            }
            return;
        }
        String v = version.isTextual() ? version.asText() : "";
        if (v.equals("2012-10-17")) {
            return;
        }
        if (v.equals("2008-10-17")) {
            if (kind == Kind.IDENTITY) {
                throw malformed(VERSION_TOO_OLD);
            }
            return;
        }
        throw malformed(SYNTAX);
    }

    /** Grammar: known keys, an Effect, value types, and no element given together with its Not-twin. */
    private static void checkStatementShape(JsonNode s) {
        if (!s.isObject()) {
            throw malformed(SYNTAX);
        }
        for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            if (!STATEMENT_KEYS.contains(it.next())) {
                throw malformed(SYNTAX);
            }
        }
        String effect = s.path("Effect").asText(null);
        if (!"Allow".equals(effect) && !"Deny".equals(effect)) {
            throw malformed(SYNTAX);
        }
        if ((s.has("Action") && s.has("NotAction")) || (s.has("Resource") && s.has("NotResource"))
                || (s.has("Principal") && s.has("NotPrincipal"))) {
            throw malformed(SYNTAX);
        }
        for (String k : new String[] {"Action", "NotAction", "Resource", "NotResource"}) {
            if (s.has(k) && !isStringOrStrings(s.get(k))) {
                throw malformed(SYNTAX);
            }
        }
        if (s.has("Sid") && !s.get("Sid").isTextual()) {
            throw malformed(SYNTAX);
        }
        JsonNode condition = s.get("Condition");
        if (condition != null) {
            if (!condition.isObject()) {
                throw malformed(SYNTAX);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = condition.fields(); it.hasNext(); ) {
                if (!it.next().getValue().isObject()) {
                    throw malformed(SYNTAX);
                }
            }
        }
    }

    /** Meaning: actions with a vendor, resources as ARNs, and the elements each kind must or must not have. */
    private static void checkStatementContent(JsonNode s, Kind kind) {
        JsonNode actions = s.has("Action") ? s.get("Action") : s.get("NotAction");
        if (actions == null || (actions.isArray() && actions.isEmpty())) {
            throw malformed("Policy statement must contain actions.");
        }
        for (JsonNode a : actions.isArray() ? actions : STRICT.createArrayNode().add(actions)) {
            String action = a.asText();
            if (action.equals("*")) {
                continue;
            }
            int colon = action.indexOf(':');
            if (colon < 0) {
                throw malformed("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
            }
            if (action.indexOf(':', colon + 1) >= 0) {
                throw malformed("Actions/Condition can contain only one colon.");
            }
            String vendor = action.substring(0, colon);
            if (!vendor.matches("[A-Za-z0-9*-]+")) {
                throw malformed("Vendor " + vendor + " is not valid");
            }
        }
        boolean hasPrincipal = s.has("Principal") || s.has("NotPrincipal");
        JsonNode resources = s.has("Resource") ? s.get("Resource") : s.get("NotResource");
        if (kind == Kind.TRUST) {
            if (resources != null) {
                throw malformed("Has prohibited field Resource");
            }
            return;
        }
        if (hasPrincipal) {
            throw malformed("Policy document should not specify a principal.");
        }
        if (resources == null || (resources.isArray() && resources.isEmpty())) {
            throw malformed("Policy statement must contain resources.");
        }
        for (JsonNode r : resources.isArray() ? resources : STRICT.createArrayNode().add(resources)) {
            String resource = r.asText();
            if (!resource.equals("*") && !resource.startsWith("arn:") && resource.indexOf(':') < 0) {
                throw malformed("Resource " + resource + " must be in ARN format or \"*\".");
            }
        }
    }

    private static boolean isStringOrStrings(JsonNode v) {
        if (v.isTextual()) {
            return true;
        }
        if (!v.isArray()) {
            return false;
        }
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                return false;
            }
        }
        return true;
    }

    static AwsException malformed(String message) {
        return new AwsException("MalformedPolicyDocument", message);
    }
}
