package dev.stratus.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

class HttpRequestTest {

    /** A source like the HTTP server's: names as sent, looked up in any case, counting full listings. */
    static final class Recorded implements HttpRequest.Headers.Source {
        final Map<String, List<String>> sent = new LinkedHashMap<>();
        int listings;

        Recorded add(String name, String value) {
            sent.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            return this;
        }

        @Override
        public List<String> all(String name) {
            for (Map.Entry<String, List<String>> e : sent.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
            return List.of();
        }

        @Override
        public void forEach(BiConsumer<String, String> action) {
            listings++;
            sent.forEach((name, values) -> values.forEach(v -> action.accept(name, v)));
        }
    }

    @Test
    void headersOverASourceAreReadInPlaceInAnyCase() {
        Recorded source = new Recorded().add("X-Amz-Target", "DynamoDB_20120810.GetItem").add("Accept", "a")
                .add("Accept", "b");
        HttpRequest.Headers h = HttpRequest.Headers.over(source);
        assertThat(h.first("x-amz-target")).isEqualTo("DynamoDB_20120810.GetItem");
        assertThat(h.all("ACCEPT")).containsExactly("a", "b");
        assertThat(h.contains("accept")).isTrue();
        assertThat(h.contains("Host")).isFalse();
        assertThat(h.first("Host")).isNull();
        assertThat(h.all("Host")).isEmpty();
        assertThat(source.listings).isZero();
    }

    @Test
    void headersOverASourceAreCopiedOnceWhenListedOrChanged() {
        Recorded source = new Recorded().add("Accept", "a").add("Accept", "b").add("Host", "h");
        HttpRequest.Headers h = HttpRequest.Headers.over(source);
        h.add("accept", "c").set("X-New", "n");
        assertThat(h.all("Accept")).containsExactly("a", "b", "c");
        assertThat(h.asMap()).containsOnlyKeys("Accept", "Host", "X-New");
        assertThat(source.listings).isEqualTo(1);
        assertThat(source.all("Accept")).containsExactly("a", "b");
    }

    @Test
    void formValueFindsTheFirstParameterDecoded() {
        String form = "Version=2011-06-15&Action=GetCallerIdentity&Action=Other&Tags.member.1=a%20b+c&Empty&E=";
        assertThat(HttpRequest.formValue(form, "Action")).isEqualTo("GetCallerIdentity");
        assertThat(HttpRequest.formValue(form, "Tags.member.1")).isEqualTo("a b c");
        assertThat(HttpRequest.formValue(form, "Empty")).isEmpty();
        assertThat(HttpRequest.formValue(form, "E")).isEmpty();
        assertThat(HttpRequest.formValue(form, "Act")).isNull();
        assertThat(HttpRequest.formValue("&&%41ction=x", "Action")).isEqualTo("x");
        assertThat(HttpRequest.formValue(null, "Action")).isNull();
    }

    @Test
    void parseFormKeepsOrderAndRepeatedValues() {
        assertThat(HttpRequest.parseForm("a=1&&b&a=2&c=%3D"))
                .containsExactly(Map.entry("a", List.of("1", "2")), Map.entry("b", List.of("")),
                        Map.entry("c", List.of("=")));
    }
}
