package dev.stratus.logs;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class TokensTest {

    @Property
    void streamTokensRoundTrip(@ForAll boolean forward, @ForAll @LongRange(min = 0) long ts,
                               @ForAll @LongRange(min = 0) long seq) {
        StreamToken t = new StreamToken(forward, ts, seq);
        assertThat(t.text()).matches("[fb]/\\d{56}/s");
        assertThat(StreamToken.parse(t.text())).isEqualTo(t);
    }

    @Property
    void streamTokensPreserveOrder(@ForAll @LongRange(min = 0, max = 1L << 50) long ts, @ForAll @LongRange(min = 0) long seq) {
        StreamToken a = StreamToken.forward(ts, seq);
        StreamToken b = StreamToken.forward(ts + 1, 0);
        assertThat(a.text()).isLessThan(b.text());
    }

    @Test
    void foreignStreamTokensAreRefused() {
        assertThat(StreamToken.parse("x/1")).isNull();
        assertThat(StreamToken.parse("f/")).isNull();
        assertThat(StreamToken.parse("f/-1/s")).isNull();
        assertThat(StreamToken.parse("f/" + "9".repeat(56) + "/s")).isNull();
        assertThat(StreamToken.parse("f/12/s")).isEqualTo(StreamToken.forward(0, 12));
    }

    @Property
    void searchTokensRoundTrip(@ForAll @LongRange(min = 0) long ts, @ForAll @StringLength(max = 40) String stream,
                               @ForAll @LongRange(min = 0) long seq) {
        // Stream names arrive as JSON text; unpaired surrogates cannot survive UTF-8 and are not worth a token.
        String clean = stream.chars().map(c -> Character.isSurrogate((char) c) ? 'x' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        SearchToken t = new SearchToken(ts, clean, seq);
        assertThat(SearchToken.parse(t.text())).isEqualTo(t);
    }

    @Property
    void arbitraryStringsAreNeverMistakenForTokensBadly(@ForAll String junk) {
        StreamToken s = StreamToken.parse(junk);
        if (s != null) {
            assertThat(s.timestamp()).isNotNegative();
            assertThat(s.sequence()).isNotNegative();
        }
        SearchToken f = SearchToken.parse(junk);
        if (f != null) {
            assertThat(f.timestamp()).isNotNegative();
        }
    }
}
