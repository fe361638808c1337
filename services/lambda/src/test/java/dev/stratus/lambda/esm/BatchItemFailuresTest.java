package dev.stratus.lambda.esm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchItemFailuresTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> BATCH = Set.of("m1", "m2");

    private static Optional<Set<String>> read(String response) throws Exception {
        JsonNode n = response == null ? null : JSON.readTree(response);
        return BatchItemFailures.read(new FunctionInvoker.Outcome(false, n, false), BATCH);
    }

    @Test
    void nothingOrAnEmptyListIsCompleteSuccess() throws Exception {
        assertThat(read(null)).contains(Set.of());
        assertThat(read("{}")).contains(Set.of());
        assertThat(read("{\"batchItemFailures\":null}")).contains(Set.of());
        assertThat(read("{\"batchItemFailures\":[]}")).contains(Set.of());
    }

    @Test
    void reportedIdentifiersAreTheFailures() throws Exception {
        assertThat(read("{\"batchItemFailures\":[{\"itemIdentifier\":\"m2\"}]}")).contains(Set.of("m2"));
    }

    @Test
    void badIdentifiersOrAnUnreadableResponseFailTheWholeBatch() throws Exception {
        assertThat(read("{\"batchItemFailures\":[{\"itemIdentifier\":\"other\"}]}")).isEmpty();
        assertThat(read("{\"batchItemFailures\":[{\"itemIdentifier\":\"\"}]}")).isEmpty();
        assertThat(read("{\"batchItemFailures\":[{\"itemIdentifier\":null}]}")).isEmpty();
        assertThat(read("{\"batchItemFailures\":[{\"id\":\"m1\"}]}")).isEmpty();
        assertThat(BatchItemFailures.read(new FunctionInvoker.Outcome(false, null, true), BATCH)).isEmpty();
    }
}
