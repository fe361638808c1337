package dev.stratus.lambda;

import java.util.Map;

/**
 * A function alias as persisted: a name pointing at a version, optionally sending a share of invocations to a second
 * version ({@code RoutingConfig.AdditionalVersionWeights}).
 */
public record AliasRecord(String accountId, String region, String functionName, String name, String functionVersion,
                          String description, Map<String, Double> additionalVersionWeights, String revisionId) {

    public AliasRecord {
        additionalVersionWeights = additionalVersionWeights == null ? Map.of() : Map.copyOf(additionalVersionWeights);
    }

    public String arn() {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + functionName + ":" + name;
    }

    /** The version one invocation runs: the additional version with its weight's probability, else the primary. */
    String route(double random) {
        double sum = 0;
        for (var e : additionalVersionWeights.entrySet()) {
            sum += e.getValue();
            if (random < sum) {
                return e.getKey();
            }
        }
        return functionVersion;
    }
}
