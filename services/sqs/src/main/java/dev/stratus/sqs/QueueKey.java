package dev.stratus.sqs;

/** A queue's identity: queues are per account and region, named uniquely within them. */
record QueueKey(String account, String region, String name) {

    String arn() {
        return "arn:aws:sqs:" + region + ":" + account + ":" + name;
    }

    /** The queue URL as a client that reached us at {@code endpoint} can follow it. */
    String url(String endpoint) {
        return (endpoint == null ? SqsErrors.DEFAULT_ENDPOINT : endpoint) + "/" + account + "/" + name;
    }

    boolean fifo() {
        return name.endsWith(".fifo");
    }

    /** The storage key of the queue's record. */
    String storageKey() {
        return account + "/" + region + "/" + name;
    }
}
