package dev.stratus.protocol.codec;

import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.model.Member;
import dev.stratus.protocol.model.OperationModel;
import dev.stratus.protocol.model.ServiceModel;
import dev.stratus.protocol.model.Shape;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the operation a REST request calls. Candidates are the operations whose HTTP method and URI template
 * match (literal query parts included); the winner is, in order: the one S3's {@code x-id} hint names, one whose
 * required query and header members are all present, the most specific template, the one with more of those
 * members present, a non-deprecated one, the first in the model.
 *
 * <p>That last-but-two rule is how S3 tells {@code GET /bucket/key?uploadId=...} (ListParts) from GetObject, and
 * {@code PUT} with {@code x-amz-copy-source} (CopyObject) from PutObject.
 */
final class RestRouter {
    private static final Map<ServiceModel, RestRouter> ROUTERS = new ConcurrentHashMap<>();

    private final Map<String, List<OperationModel>> byMethod = new LinkedHashMap<>();

    /** A resolved operation and its decoded URI labels. */
    record Match(OperationModel operation, Map<String, String> labels) {
    }

    private record Candidate(OperationModel op, Map<String, String> labels, boolean hinted, boolean satisfied,
                             int specificity, int present, boolean deprecated, int index) {
    }

    private static final Comparator<Candidate> BEST_FIRST = Comparator
            .comparing(Candidate::hinted).reversed()
            .thenComparing(Candidate::satisfied, Comparator.reverseOrder())
            .thenComparing(Candidate::specificity, Comparator.reverseOrder())
            .thenComparing(Candidate::present, Comparator.reverseOrder())
            .thenComparing(Candidate::deprecated)
            .thenComparing(Candidate::index);

    private RestRouter(ServiceModel model) {
        for (OperationModel op : model.operations().values()) {
            byMethod.computeIfAbsent(op.httpMethod().toUpperCase(Locale.ROOT), k -> new ArrayList<>()).add(op);
        }
    }

    static RestRouter of(ServiceModel model) {
        return ROUTERS.computeIfAbsent(model, RestRouter::new);
    }

    /** The best operation for this request, or null when no template matches. */
    Match find(String method, String rawPath, Map<String, List<String>> query, HttpRequest.Headers headers) {
        List<OperationModel> ops = byMethod.get(method.toUpperCase(Locale.ROOT));
        if (ops == null) {
            return null;
        }
        List<String> hint = query.get("x-id");
        Candidate best = null;
        for (int i = 0; i < ops.size(); i++) {
            OperationModel op = ops.get(i);
            Map<String, String> labels = op.uriTemplate().match(rawPath, query);
            if (labels == null) {
                continue;
            }
            int required = 0;
            int present = 0;
            Shape input = op.input();
            if (input != null) {
                for (String name : input.required()) {
                    Member m = input.member(name);
                    if (m == null || m.location() == null) {
                        continue;
                    }
                    boolean isQuery = "querystring".equals(m.location());
                    if (!isQuery && !"header".equals(m.location())) {
                        continue;
                    }
                    required++;
                    if (isQuery ? query.containsKey(m.wireName()) : headers.contains(m.wireName())) {
                        present++;
                    }
                }
            }
            Candidate c = new Candidate(op, labels, hint != null && hint.contains(op.name()), present == required,
                    op.uriTemplate().specificity(), present, op.deprecated(), i);
            if (best == null || BEST_FIRST.compare(c, best) < 0) {
                best = c;
            }
        }
        return best == null ? null : new Match(best.op(), best.labels());
    }

    /** Whether some operation's template matches this path under another method (S3 then answers 405). */
    boolean matchesAnotherMethod(String method, String rawPath, Map<String, List<String>> query) {
        for (Map.Entry<String, List<OperationModel>> e : byMethod.entrySet()) {
            if (e.getKey().equalsIgnoreCase(method)) {
                continue;
            }
            for (OperationModel op : e.getValue()) {
                if (op.uriTemplate().match(rawPath, query) != null) {
                    return true;
                }
            }
        }
        return false;
    }
}
