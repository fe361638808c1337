package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.stratus.platform.Lazy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JWT authorizers of HTTP APIs: the token from the identity source is verified against the issuer's JWKS (found
 * through {issuer}/.well-known/openid-configuration, cached, refetched for an unknown kid), then exp, nbf, iat,
 * iss, aud (or client_id) and the route's AuthorizationScopes are checked, as API Gateway does.
 */
final class JwtAuthorizer {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<JWSAlgorithm> RSA = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512);
    private static final Set<JWSAlgorithm> EC = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    /** How long a fetched key set is trusted before it is fetched again. */
    private static final Duration JWKS_TTL = Duration.ofHours(1);

    private record CachedKeys(JWKSet keys, Instant fetchedAt) {
    }

    /** Built on first use: a client starts a selector thread and loads the TLS trust store. */
    private final Lazy<HttpClient> client = Lazy.of(() -> HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NORMAL).build());
    private final Map<String, CachedKeys> keysByIssuer = new ConcurrentHashMap<>();

    HttpAuthorization authorize(HttpInvocation inv, ObjectNode authorizer) {
        String source = authorizer.path("IdentitySource").path(0).asText("$request.header.Authorization");
        String token = LambdaRequestAuthorizer.identity(source, inv);
        if (token == null || token.isBlank()) {
            return HttpAuthorization.unauthorized();
        }
        if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = token.substring(7).strip();
        }
        JWTClaimsSet claims;
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            String issuer = authorizer.path("JwtConfiguration").path("Issuer").asText();
            JWK key = key(issuer, jwt.getHeader().getKeyID(), inv.req().receivedAt());
            if (key == null || !verifier(jwt.getHeader().getAlgorithm(), key).verify(jwt.getHeader(),
                    jwt.getSigningInput(), jwt.getSignature())) {
                return HttpAuthorization.unauthorized();
            }
            claims = jwt.getJWTClaimsSet();
            if (!valid(claims, authorizer.path("JwtConfiguration"), inv.req().receivedAt())) {
                return HttpAuthorization.unauthorized();
            }
        } catch (ParseException | JOSEException | IOException | IllegalArgumentException e) {
            return HttpAuthorization.unauthorized();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HttpAuthorization.unauthorized();
        }
        List<String> scopes = scopes(claims);
        JsonNode required = inv.route().path("AuthorizationScopes");
        if (!required.isEmpty()) {
            boolean any = false;
            for (JsonNode s : required) {
                any |= scopes.contains(s.asText());
            }
            if (!any) {
                return HttpAuthorization.forbidden();
            }
        }
        ObjectNode context = F.objectNode();
        ObjectNode jwt = context.putObject("jwt");
        ObjectNode claimNode = jwt.putObject("claims");
        claims.getClaims().forEach((name, value) -> claimNode.put(name, claimText(value)));
        if (scopes.isEmpty()) {
            jwt.putNull("scopes");
        } else {
            scopes.forEach(jwt.putArray("scopes")::add);
        }
        return new HttpAuthorization.Allowed(context);
    }

    private static JWSVerifier verifier(JWSAlgorithm alg, JWK key) throws JOSEException {
        if (RSA.contains(alg) && key instanceof RSAKey rsa) {
            return new RSASSAVerifier(rsa);
        }
        if (EC.contains(alg) && key instanceof ECKey ec) {
            return new ECDSAVerifier(ec);
        }
        throw new JOSEException("Unsupported algorithm " + alg);
    }

    private static boolean valid(JWTClaimsSet claims, JsonNode config, Instant now) {
        Date exp = claims.getExpirationTime();
        Date nbf = claims.getNotBeforeTime();
        Date iat = claims.getIssueTime();
        if (exp == null || !exp.toInstant().isAfter(now)) {
            return false;
        }
        if ((nbf != null && nbf.toInstant().isAfter(now)) || (iat != null && iat.toInstant().isAfter(now))) {
            return false;
        }
        if (!config.path("Issuer").asText().equals(claims.getIssuer())) {
            return false;
        }
        JsonNode audiences = config.path("Audience");
        if (audiences.isEmpty()) {
            return true;
        }
        List<String> tokenAud = new ArrayList<>(claims.getAudience());
        Object clientId = claims.getClaim("client_id");
        if (clientId != null) {
            tokenAud.add(clientId.toString());
        }
        for (JsonNode a : audiences) {
            if (tokenAud.contains(a.asText())) {
                return true;
            }
        }
        return false;
    }

    /** The token's scopes: the space-separated "scope" claim, or "scp" (a list or a string). */
    private static List<String> scopes(JWTClaimsSet claims) {
        List<String> out = new ArrayList<>();
        Object scope = claims.getClaim("scope");
        Object scp = claims.getClaim("scp");
        for (Object s : new Object[] {scope, scp}) {
            if (s instanceof String text) {
                for (String part : text.split(" ")) {
                    if (!part.isBlank()) {
                        out.add(part);
                    }
                }
            } else if (s instanceof List<?> list) {
                list.forEach(v -> out.add(String.valueOf(v)));
            }
        }
        return out;
    }

    /** API Gateway passes every claim as a string; lists as "[a b]". */
    private static String claimText(Object value) {
        if (value instanceof Date d) {
            return Long.toString(d.toInstant().getEpochSecond());
        }
        if (value instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            list.forEach(v -> parts.add(String.valueOf(v)));
            return "[" + String.join(" ", parts) + "]";
        }
        if (value instanceof Map<?, ?> map) {
            return MAPPER.valueToTree(map).toString();
        }
        return String.valueOf(value);
    }

    /** The issuer's key with this kid (or its only key when the token names none), fetching keys as needed. */
    private JWK key(String issuer, String kid, Instant now) throws IOException, InterruptedException, ParseException {
        CachedKeys cached = keysByIssuer.get(issuer);
        JWK key = cached == null || cached.fetchedAt().plus(JWKS_TTL).isBefore(now) ? null : find(cached.keys(), kid);
        if (key == null) {
            cached = new CachedKeys(fetch(issuer), now);
            keysByIssuer.put(issuer, cached);
            key = find(cached.keys(), kid);
        }
        return key;
    }

    private static JWK find(JWKSet keys, String kid) {
        if (kid == null) {
            return keys.getKeys().size() == 1 ? keys.getKeys().get(0) : null;
        }
        return keys.getKeyByKeyId(kid);
    }

    private JWKSet fetch(String issuer) throws IOException, InterruptedException, ParseException {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        JsonNode config = MAPPER.readTree(get(base + "/.well-known/openid-configuration"));
        String jwksUri = config.path("jwks_uri").asText(null);
        if (jwksUri == null) {
            throw new IOException("no jwks_uri in the OpenID configuration of " + issuer);
        }
        return JWKSet.parse(get(jwksUri));
    }

    private String get(String uri) throws IOException, InterruptedException {
        HttpResponse<String> r = client.get().send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(5))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(uri + " answered " + r.statusCode());
        }
        return r.body();
    }
}
