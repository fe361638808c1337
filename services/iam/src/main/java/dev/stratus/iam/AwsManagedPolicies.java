package dev.stratus.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The AWS-managed policies Stratus knows ({@code arn:aws:iam::aws:policy/...}): the ones templates and tutorials
 * attach most, read from {@code aws-managed-policies.json}. Large AWS documents are abridged there.
 */
final class AwsManagedPolicies {
    private static final String RESOURCE = "aws-managed-policies.json";
    /** The version id every built-in policy answers with: Stratus keeps only the current document. */
    static final String VERSION_ID = "v1";

    private final Map<String, ManagedPolicyRecord> byArn;

    private AwsManagedPolicies(Map<String, ManagedPolicyRecord> byArn) {
        this.byArn = Collections.unmodifiableMap(byArn);
    }

    static AwsManagedPolicies load() {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, ManagedPolicyRecord> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        try (InputStream in = AwsManagedPolicies.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            for (JsonNode p : mapper.readTree(in)) {
                String name = p.path("name").asText();
                String path = p.path("path").asText();
                String arn = IamArns.of(IamArns.AWS_ACCOUNT, "policy", path, name);
                long created = Instant.parse(p.path("created").asText()).toEpochMilli();
                var version = new ManagedPolicyRecord.PolicyVersionRecord(VERSION_ID,
                        mapper.writeValueAsString(p.path("document")), created);
                out.put(arn, new ManagedPolicyRecord(IamArns.AWS_ACCOUNT, name, path,
                        IamIds.stableId(IamIds.POLICY, arn), arn, p.path("description").asText(null), created,
                        created, VERSION_ID, List.of(version), 2, List.of()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new AwsManagedPolicies(out);
    }

    /** The policy with exactly this ARN (IAM matches ARNs, path included). */
    Optional<ManagedPolicyRecord> find(String arn) {
        ManagedPolicyRecord p = byArn.get(arn);
        return p != null && p.arn().equals(arn) ? Optional.of(p) : Optional.empty();
    }

    Collection<ManagedPolicyRecord> all() {
        return byArn.values();
    }
}
