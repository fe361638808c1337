package dev.stratus.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.protocol.AwsException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueAttributesTest {

    @Test
    void redrivePolicyIsNormalisedWithANumericCount() {
        assertThat(QueueAttributes.validate(Map.of("RedrivePolicy",
                "{\"maxReceiveCount\":\"5\", \"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:1:d\"}"), false, true))
                .containsEntry("RedrivePolicy", "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:1:d\",\"maxReceiveCount\":5}");
    }

    @Test
    void outOfRangeValuesAreInvalidAttributeValue() {
        assertThatThrownBy(() -> QueueAttributes.validate(Map.of("DelaySeconds", "901"), false, true))
                .isInstanceOf(AwsException.class).hasMessage("Invalid value for the parameter DelaySeconds.")
                .extracting(e -> ((AwsException) e).code()).isEqualTo("InvalidAttributeValue");
        assertThatThrownBy(() -> QueueAttributes.validate(Map.of("RedrivePolicy",
                "{\"deadLetterTargetArn\":\"a\",\"maxReceiveCount\":0}"), false, true))
                .hasMessageContaining("valid values are from 1 to 1000 both inclusive");
    }

    @Test
    void fifoAttributesOnAStandardQueueAreUnknown() {
        assertThatThrownBy(() -> QueueAttributes.validate(Map.of("ContentBasedDeduplication", "true"), false, true))
                .extracting(e -> ((AwsException) e).code()).isEqualTo("InvalidAttributeName");
        assertThatThrownBy(() -> QueueAttributes.validate(Map.of("QueueArn", "x"), false, false))
                .extracting(e -> ((AwsException) e).code()).isEqualTo("InvalidAttributeName");
    }
}
