package dev.stratus.platform.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.storage.MemoryStorage;
import org.junit.jupiter.api.Test;

/** Repeated reads reuse the decoded value; any change to the stored bytes, by whoever, is seen. */
class DecodedDocumentsTest {
    record Doc(String name, int size) {
    }

    private final DocumentStore<Doc> store = new DocumentStore<>(new MemoryStorage(), "docs", Doc.class);
    private final DecodedDocuments<Doc> decoded = new DecodedDocuments<>(store);

    @Test
    void unchangedBytesGiveTheSameInstance() {
        store.put("a", new Doc("a", 1));
        Doc first = decoded.get("a").orElseThrow();
        assertThat(decoded.get("a")).containsSame(first);
    }

    @Test
    void aWriteBehindItsBackIsSeen() {
        store.put("a", new Doc("a", 1));
        decoded.get("a");
        store.put("a", new Doc("a", 2));
        assertThat(decoded.get("a")).contains(new Doc("a", 2));
        store.delete("a");
        assertThat(decoded.get("a")).isEmpty();
    }

    @Test
    void aNotedWriteIsNotDecodedAgain() {
        Doc written = new Doc("b", 3);
        byte[] bytes = store.encode(written);
        store.keyspace().put(DocumentStore.bytes("b"), bytes);
        decoded.written("b", bytes, written);
        assertThat(decoded.get("b")).containsSame(written);
    }
}
