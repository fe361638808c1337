package dev.stratus.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reserved concurrency (Put/Get/DeleteFunctionConcurrency) and the sums Invoke and GetAccountSettings need: what
 * functions reserve is taken out of the account's pool, which must keep at least 100 unreserved, as on AWS.
 */
final class ConcurrencyOperations {
    /** AWS keeps this much of the account's concurrency unreserved. */
    static final int MIN_UNRESERVED = 100;

    private final FunctionStore store;
    private final int accountConcurrency;
    /** Sum of reservations per account/region, recomputed from the store after any change. */
    private final Map<String, Integer> reservedTotals = new ConcurrentHashMap<>();

    ConcurrencyOperations(FunctionStore store, int accountConcurrency) {
        this.store = store;
        this.accountConcurrency = accountConcurrency;
    }

    JsonNode putFunctionConcurrency(RequestContext ctx, ObjectNode in) {
        FunctionRecord f = unqualified(ctx, in);
        int reserved = in.get("ReservedConcurrentExecutions").asInt();
        int others = store.list(ctx.accountId(), ctx.region()).stream()
                .filter(o -> !o.name().equals(f.name()) && o.reservedConcurrency() != null)
                .mapToInt(FunctionRecord::reservedConcurrency).sum();
        if (accountConcurrency - others - reserved < MIN_UNRESERVED) {
            throw new AwsException("InvalidParameterValueException", "Specified ReservedConcurrentExecutions for "
                    + "function decreases account's UnreservedConcurrentExecution below its minimum value of ["
                    + MIN_UNRESERVED + "].");
        }
        store.put(f.withReservedConcurrency(reserved));
        changed(ctx.accountId(), ctx.region());
        return JsonNodeFactory.instance.objectNode().put("ReservedConcurrentExecutions", reserved);
    }

    JsonNode getFunctionConcurrency(RequestContext ctx, ObjectNode in) {
        FunctionRecord f = unqualified(ctx, in);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (f.reservedConcurrency() != null) {
            out.put("ReservedConcurrentExecutions", f.reservedConcurrency());
        }
        return out;
    }

    JsonNode deleteFunctionConcurrency(RequestContext ctx, ObjectNode in) {
        FunctionRecord f = unqualified(ctx, in);
        store.put(f.withReservedConcurrency(null));
        changed(ctx.accountId(), ctx.region());
        return null;
    }

    /** Concurrency is set on the function itself; a qualified name is refused as AWS does. */
    private FunctionRecord unqualified(RequestContext ctx, ObjectNode in) {
        FunctionNames.Ref ref = FunctionNames.parse(in.get("FunctionName").asText(), null);
        if (ref.qualifier() != null) {
            throw new AwsException("InvalidParameterValueException",
                    "Concurrency can only be set on the unqualified function ARN or name.");
        }
        return store.get(ctx.accountId(), ctx.region(), ref.name())
                .orElseThrow(() -> FunctionNames.notFound(ctx, ref.name()));
    }

    /** Forgets the cached sum for an account and region (a reservation or a function changed). */
    void changed(String accountId, String region) {
        reservedTotals.remove(accountId + "/" + region);
    }

    /** What functions of an account and region reserve together. */
    int reservedTotal(String accountId, String region) {
        return reservedTotals.computeIfAbsent(accountId + "/" + region, k -> store.list(accountId, region).stream()
                .filter(f -> f.reservedConcurrency() != null).mapToInt(FunctionRecord::reservedConcurrency).sum());
    }

    /** The account's concurrency left for functions without a reservation. */
    int unreserved(String accountId, String region) {
        return accountConcurrency - reservedTotal(accountId, region);
    }
}
