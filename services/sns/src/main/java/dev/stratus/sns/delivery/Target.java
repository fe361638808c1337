package dev.stratus.sns.delivery;

/**
 * Where one subscription delivers.
 *
 * @param deadLetterArn the SQS queue of the subscription's RedrivePolicy, or null
 */
public record Target(String subscriptionArn, String protocol, String endpoint, boolean raw, String deadLetterArn) {
}
