package dev.stratus.sts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The claims AssumeRoleWithWebIdentity reports from a token. Stratus does not verify tokens (there is no identity
 * provider to ask), so anything is accepted and a JWT's payload, when readable, supplies subject, issuer and
 * audience.
 */
record WebIdentityToken(String subject, String issuer, String audience) {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final String DEFAULT_SUBJECT = "stratus-web-identity";

    static WebIdentityToken read(String token, String providerId) {
        JsonNode claims = payload(token);
        String subject = claims.path("sub").asText(DEFAULT_SUBJECT);
        String issuer = claims.path("iss").asText(providerId != null ? providerId : "stratus.local");
        JsonNode aud = claims.path("aud");
        String audience = aud.isArray() && !aud.isEmpty() ? aud.get(0).asText()
                : aud.isTextual() ? aud.asText() : claims.path("client_id").asText("sts.amazonaws.com");
        return new WebIdentityToken(subject, issuer, audience);
    }

    private static JsonNode payload(String token) {
        String[] parts = token.split("\\.");
        if (parts.length < 2) {
            return MAPPER.createObjectNode();
        }
        try {
            JsonNode n = MAPPER.readTree(new String(Base64.getUrlDecoder().decode(parts[1]),
                    StandardCharsets.UTF_8));
            return n != null && n.isObject() ? n : MAPPER.createObjectNode();
        } catch (java.io.IOException | IllegalArgumentException e) {
            // not a JWT: accepted all the same
            return MAPPER.createObjectNode();
        }
    }
}
