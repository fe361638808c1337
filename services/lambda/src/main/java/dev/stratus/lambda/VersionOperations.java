package dev.stratus.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** PublishVersion and ListVersionsByFunction: numbered, immutable snapshots of a function's $LATEST. */
final class VersionOperations {
    static final int DEFAULT_MAX_ITEMS = 50;

    private final FunctionStore store;
    private final FunctionOperations functions;
    private final Clock clock;

    VersionOperations(FunctionStore store, FunctionOperations functions, Clock clock) {
        this.store = store;
        this.functions = functions;
        this.clock = clock;
    }

    JsonNode publishVersion(RequestContext ctx, ObjectNode in) {
        FunctionRecord f = functions.find(ctx, in);
        if (in.hasNonNull("RevisionId") && !in.get("RevisionId").asText().equals(f.revisionId())) {
            throw new AwsException("PreconditionFailedException", "The Revision Id provided does not match the "
                    + "latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
        }
        if (in.hasNonNull("CodeSha256") && !in.get("CodeSha256").asText().equals(f.codeSha256())) {
            throw new AwsException("InvalidParameterValueException", "CodeSHA256 (" + in.get("CodeSha256").asText()
                    + ") is different from current CodeSHA256 in $LATEST (" + f.codeSha256()
                    + "). Please try again.");
        }
        if (f.lastPublishedVersion() > 0) {
            // Nothing changed since the last version: AWS answers with that version instead of a new one.
            var last = store.version(f.accountId(), f.region(), f.name(),
                    Integer.toString(f.lastPublishedVersion()));
            if (last.isPresent() && last.get().sameCodeAndConfiguration(f)) {
                return FunctionConfigurations.render(last.get());
            }
        }
        int number = f.lastPublishedVersion() + 1;
        String description = in.hasNonNull("Description") ? in.get("Description").asText() : f.description();
        FunctionRecord version = f.asVersion(number, description,
                FunctionConfigurations.lastModified(clock.instant()), UUID.randomUUID().toString());
        store.putVersion(version);
        store.put(f.withLastPublishedVersion(number));
        return FunctionConfigurations.render(version, "Active", "Successful");
    }

    JsonNode listVersionsByFunction(RequestContext ctx, ObjectNode in) {
        FunctionRecord f = functions.find(ctx, in);
        List<FunctionRecord> all = new ArrayList<>();
        all.add(f);
        all.addAll(store.versions(f.accountId(), f.region(), f.name()));
        int max = in.path("MaxItems").asInt(DEFAULT_MAX_ITEMS);
        int start = in.hasNonNull("Marker") ? marker(in.get("Marker").asText()) : 0;
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        var arr = out.putArray("Versions");
        for (int i = start; i < all.size(); i++) {
            if (arr.size() == max) {
                out.put("NextMarker", Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
                break;
            }
            arr.add(FunctionConfigurations.render(all.get(i)));
        }
        return out;
    }

    private static int marker(String marker) {
        try {
            return Integer.parseInt(new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new AwsException("InvalidParameterValueException", "Invalid marker: " + marker);
        }
    }
}
