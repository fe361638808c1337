package dev.stratus.logs.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.protocol.AwsException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class FilterPatternPropertiesTest {
    private static final String SYNTAX = "{}[]()$.\"%?-=!<>&|,* \\_aZ09";

    @Property(tries = 3000)
    void hostilePatternsOnlyEverFailWithTheAwsError(@ForAll("hostile") String pattern, @ForAll("hostile") String event) {
        FilterPattern parsed;
        try {
            parsed = FilterPattern.parse(pattern);
        } catch (AwsException e) {
            assertThat(e.code()).isEqualTo("InvalidParameterException");
            assertThat(e.getMessage()).isEqualTo("Invalid filter pattern");
            return;
        }
        parsed.matches(event); // must not throw
    }

    @Property(tries = 2000)
    void patternShapedInputNeverEscapesAsAnotherException(@ForAll("shaped") String pattern, @ForAll("json") String event) {
        try {
            FilterPattern.parse(pattern).matches(event);
        } catch (AwsException e) {
            assertThat(e.code()).isEqualTo("InvalidParameterException");
        }
    }

    @Property(tries = 500)
    void aQuotedPhraseMatchesExactlyTheMessagesContainingIt(@ForAll("words") String phrase, @ForAll("words") String message) {
        String quoted = "\"" + phrase.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        boolean expected = phrase.isBlank() || message.contains(phrase);
        assertThat(FilterPattern.parse(quoted).matches(message)).isEqualTo(expected);
    }

    @Provide
    Arbitrary<String> hostile() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(60),
                Arbitraries.strings().withChars(SYNTAX.toCharArray()).ofMaxLength(60));
    }

    @Provide
    Arbitrary<String> shaped() {
        Arbitrary<String> piece = Arbitraries.of("{", "}", "[", "]", "(", ")", "$.a", "$.b[0]", "$.", "=", "!=", ">",
                "<=", "&&", "||", "1", "-2.5", "\"x*\"", "%a+%", "IS", "NULL", "NOT", "EXISTS", "TRUE", "...", ",",
                "w1", "?", "-", "ERROR", " ", "\"", "%");
        return piece.list().ofMaxSize(14).map(l -> String.join(" ", l));
    }

    @Provide
    Arbitrary<String> json() {
        return Arbitraries.of("{\"a\":1}", "{\"a\":\"x\",\"b\":[1,{\"c\":null}]}", "[1,2]", "not json", "{\"a\":true}",
                "{", "1 2 3", "\"quoted\" [bracket", "");
    }

    @Provide
    Arbitrary<String> words() {
        return Arbitraries.strings().withChars("ab \"\\%?-x".toCharArray()).ofMaxLength(8);
    }
}
