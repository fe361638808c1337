package dev.stratus.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import java.util.List;

/** GetAccountSettings: AWS's default quotas and this account's usage in the region. */
final class AccountSettingsOperation {
    /** 75 GB for all deployment packages and layers. */
    static final long TOTAL_CODE_SIZE = 80_530_636_800L;
    static final long CODE_SIZE_UNZIPPED = 262_144_000L;
    static final long CODE_SIZE_ZIPPED = 52_428_800L;

    private final FunctionStore store;
    private final int concurrency;
    private final ConcurrencyOperations reservations;

    AccountSettingsOperation(FunctionStore store, int concurrency, ConcurrencyOperations reservations) {
        this.store = store;
        this.concurrency = concurrency;
        this.reservations = reservations;
    }

    JsonNode getAccountSettings(RequestContext ctx, ObjectNode in) {
        List<FunctionRecord> functions = store.list(ctx.accountId(), ctx.region());
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.putObject("AccountLimit")
                .put("TotalCodeSize", TOTAL_CODE_SIZE)
                .put("CodeSizeUnzipped", CODE_SIZE_UNZIPPED)
                .put("CodeSizeZipped", CODE_SIZE_ZIPPED)
                .put("ConcurrentExecutions", concurrency)
                .put("UnreservedConcurrentExecutions", reservations.unreserved(ctx.accountId(), ctx.region()));
        out.putObject("AccountUsage")
                .put("TotalCodeSize", functions.stream().mapToLong(FunctionRecord::codeSize).sum())
                .put("FunctionCount", functions.size());
        return out;
    }
}
