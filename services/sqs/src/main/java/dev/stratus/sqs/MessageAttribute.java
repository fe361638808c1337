package dev.stratus.sqs;

/** One message attribute as sent: a data type ({@code String}, {@code Number}, {@code Binary}, with an optional
 * {@code .label}) and its string or binary value. */
record MessageAttribute(String dataType, String stringValue, byte[] binaryValue) {

    boolean binary() {
        return dataType.startsWith("Binary");
    }

    /** The bytes SQS counts towards the message size limit: name, type and value. */
    int size(String name) {
        int value = binary() ? (binaryValue == null ? 0 : binaryValue.length)
                : Utf8.length(stringValue == null ? "" : stringValue);
        return Utf8.length(name) + Utf8.length(dataType) + value;
    }
}
