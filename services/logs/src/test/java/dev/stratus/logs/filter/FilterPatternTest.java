package dev.stratus.logs.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.protocol.AwsException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FilterPatternTest {

    private static boolean matches(String pattern, String message) {
        return FilterPattern.parse(pattern).matches(message);
    }

    @ParameterizedTest(name = "[{index}] {0} ~ {1} -> {2}")
    @CsvSource(delimiterString = " ~> ", quoteCharacter = '\'', value = {
        // empty and blank patterns match everything
        "'' ~> anything at all ~> true",
        "'\"\"' ~> anything ~> true",
        "'\" \"' ~> nospace ~> true",
        // single and multiple terms: all must occur, case-sensitively
        "ERROR ~> [ERROR] disk full ~> true",
        "ERROR ~> [error] disk full ~> false",
        "ERROR disk ~> [ERROR] disk full ~> true",
        "ERROR memory ~> [ERROR] disk full ~> false",
        "'\"disk full\"' ~> [ERROR] disk full ~> true",
        "'\"full disk\"' ~> [ERROR] disk full ~> false",
        "'\"ERROR]\"' ~> [ERROR] disk ~> true",
        // any of
        "?ERROR ?WARN ~> WARN low memory ~> true",
        "?ERROR ?WARN ~> INFO ok ~> false",
        "'?\"low memory\" ?ERROR' ~> WARN low memory ~> true",
        // exclusions
        "ERROR -disk ~> [ERROR] disk full ~> false",
        "ERROR -memory ~> [ERROR] disk full ~> true",
        "-DEBUG ~> INFO started ~> true",
        "-DEBUG ~> DEBUG details ~> false",
        "'-\"disk full\"' ~> disk full ~> false",
        // regex
        "%ERR[A-Z]+% ~> an ERROR here ~> true",
        "%^INFO% ~> an INFO here ~> false",
        "%[0-9]{3}% ~> status 404 ~> true",
        "'%\\d+ms%' ~> took 15ms ~> true",
        // JSON: strings, wildcards, numbers
        "{ $.eventType = \"UpdateTrail\" } ~> {\"eventType\":\"UpdateTrail\"} ~> true",
        "{ $.eventType = UpdateTrail } ~> {\"eventType\":\"UpdateTrail\"} ~> true",
        "{ $.eventType = \"Update*\" } ~> {\"eventType\":\"UpdateTrail\"} ~> true",
        "{ $.eventType = \"*Trail\" } ~> {\"eventType\":\"DeleteTrail\"} ~> true",
        "{ $.eventType = \"*Trail\" } ~> {\"eventType\":\"Trails\"} ~> false",
        "{ $.eventType != \"UpdateTrail\" } ~> {\"eventType\":\"DeleteTrail\"} ~> true",
        "{ $.eventType != \"UpdateTrail\" } ~> {\"other\":1} ~> false",
        "{ $.sourceIPAddress != 123.123.* } ~> {\"sourceIPAddress\":\"10.0.0.1\"} ~> true",
        "{ $.sourceIPAddress != 123.123.* } ~> {\"sourceIPAddress\":\"123.123.0.1\"} ~> false",
        "{ $.latency > 1000 } ~> {\"latency\":1500} ~> true",
        "{ $.latency > 1000 } ~> {\"latency\":1000} ~> false",
        "{ $.latency >= 1000 } ~> {\"latency\":1000} ~> true",
        "{ $.latency < 1000 } ~> {\"latency\":999.5} ~> true",
        "{ $.latency <= -1 } ~> {\"latency\":-1} ~> true",
        "{ $.latency > 1000 } ~> {\"latency\":\"1500\"} ~> false",
        "{ $.code = 200 } ~> {\"code\":200.0} ~> true",
        "{ $.code != 200 } ~> {\"code\":404} ~> true",
        "{ $.code = 2* } ~> {\"code\":201} ~> true",
        "{ $.n > 5 } ~> {\"n\":5e1} ~> true",
        // nested objects and arrays
        "{ $.user.id = 1 } ~> {\"user\":{\"id\":1}} ~> true",
        "{ $.user.id = 1 } ~> {\"user\":[1]} ~> false",
        "{ $.arrayKey[0] = \"value\" } ~> {\"arrayKey\":[\"value\",\"x\"]} ~> true",
        "{ $.arrayKey[1] = \"value\" } ~> {\"arrayKey\":[\"value\",\"x\"]} ~> false",
        "{ $.objectList[1].id = 2 } ~> {\"objectList\":[{\"id\":1},{\"id\":2}]} ~> true",
        "{ $.a[5].b = 2 } ~> {\"a\":[{\"b\":2}]} ~> false",
        "{ $[0].level = ERROR } ~> [{\"level\":\"ERROR\"}] ~> true",
        // compound expressions
        "{ $.a = 1 && $.b = 2 } ~> {\"a\":1,\"b\":2} ~> true",
        "{ $.a = 1 && $.b = 2 } ~> {\"a\":1,\"b\":3} ~> false",
        "{ $.a = 1 || $.b = 2 } ~> {\"a\":0,\"b\":2} ~> true",
        "{ ($.a = 1 || $.a = 2) && $.b = 3 } ~> {\"a\":2,\"b\":3} ~> true",
        "{ ($.a = 1 || $.a = 2) && $.b = 3 } ~> {\"a\":2,\"b\":4} ~> false",
        "{ $.a = 1 || $.a = 2 && $.b = 3 } ~> {\"a\":1,\"b\":4} ~> true",
        "{ (($.a = 1)) } ~> {\"a\":1} ~> true",
        // IS NULL, NOT EXISTS, IS TRUE / FALSE
        "{ $.SomeObject IS NULL } ~> {\"SomeObject\":null} ~> true",
        "{ $.SomeObject IS NULL } ~> {} ~> false",
        "{ $.SomeOtherObject NOT EXISTS } ~> {} ~> true",
        "{ $.SomeOtherObject NOT EXISTS } ~> {\"SomeOtherObject\":null} ~> false",
        "{ $.ThisFlag IS TRUE } ~> {\"ThisFlag\":true} ~> true",
        "{ $.ThisFlag IS TRUE } ~> {\"ThisFlag\":\"true\"} ~> false",
        "{ $.ThisFlag IS FALSE } ~> {\"ThisFlag\":false} ~> true",
        "{ $.ThisFlag is false } ~> {\"ThisFlag\":true} ~> false",
        // JSON regex
        "{ $.message = %time[a-z]+% } ~> {\"message\":\"timeout\"} ~> true",
        "{ $.message != %time[a-z]+% } ~> {\"message\":\"ok\"} ~> true",
        // a JSON pattern never matches an event that is not JSON
        "{ $.a = 1 } ~> a = 1 ~> false",
        "{ $.a = 1 } ~> {broken ~> false",
        "{ $.a = \"x y\" } ~> {\"a\":\"x y\"} ~> true",
        // space-delimited
        "[ip, user, username, timestamp, request, status_code, bytes] ~> 127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534 ~> true",
        "[ip, user, username, timestamp, request, status_code = 404, bytes] ~> 127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534 ~> false",
        "[ip, user, username, timestamp, request, status_code = 200, bytes > 1000] ~> 127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534 ~> true",
        "[ip, user, ..., status_code = 200, size > 1000] ~> 127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534 ~> true",
        "[ip, user, ..., status_code = 200, size > 2000] ~> 127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534 ~> false",
        "[..., status_code = 4* || status_code = 5*, bytes] ~> 1.2.3.4 GET 503 10 ~> true",
        "[..., status_code = 4* || status_code = 5*, bytes] ~> 1.2.3.4 GET 200 10 ~> false",
        "[ip = 10.0.0.*, ...] ~> 10.0.0.7 GET ~> true",
        "[ip != 10.0.0.1, ...] ~> 10.0.0.1 GET ~> false",
        "[a, b] ~> one two three ~> false",
        "[a, ..., b] ~> one ~> false",
        "[a, ..., b] ~> one two ~> true",
        "[...] ~> anything goes here ~> true",
        "[..., request = \"*html*\", ...] ~> x \"GET /index.html\" 200 ~> true",
        "[w1 = %^ERR%, ...] ~> ERROR boom ~> true",
    })
    void matchesLikeCloudWatch(String pattern, String message, boolean expected) {
        assertThat(matches(pattern == null ? "" : pattern, message)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "\"unterminated",
        "email@domain.com",
        "ERROR:",
        "?",
        "ERROR -",
        "%unterminated",
        "%a(b)c%",
        "{ $.a = 1",
        "{ }",
        "{ $.a }",
        "{ a = 1 }",
        "{ $.a = }",
        "{ $.a > \"x\" }",
        "{ $.a < abc }",
        "{ $.a = 1 && }",
        "{ ($.a = 1 }",
        "{ $.a = 1) }",
        "{ $.a IS MAYBE }",
        "{ $.a NOT THERE }",
        "{ $. = 1 }",
        "{ $.a[x] = 1 }",
        "{ $.a[1 = 1 }",
        "{ $.a & $.b }",
        "{ $.a = 1 | $.b = 2 }",
        "{ $.a ! 1 }",
        "{ $.a = %[% }",
        "[a, b",
        "[]",
        "[a,, b]",
        "[status_code = 4* && bytes > 1000]",
        "[a = 1 || a]",
        "[1abc]",
        "[a > b]",
    })
    void malformedPatternsAreInvalidParameters(String pattern) {
        assertThatThrownBy(() -> FilterPattern.parse(pattern))
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.code()).isEqualTo("InvalidParameterException");
                    assertThat(e.getMessage()).isEqualTo("Invalid filter pattern");
                    assertThat(e.status()).isEqualTo(400);
                });
    }

    @org.junit.jupiter.api.Test
    void aCatastrophicRegexGivesUpInsteadOfHanging() {
        FilterPattern p = FilterPattern.parse("%^a*a*a*a*a*a*a*a*a*b$%");
        String hostile = "a".repeat(5_000) + "!";
        long start = System.nanoTime();
        assertThat(p.matches(hostile)).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }

    @org.junit.jupiter.api.Test
    void deepNestingIsRefusedNotOverflowed() {
        String deep = "{ " + "(".repeat(500) + "$.a = 1" + ")".repeat(500) + " }";
        assertThatThrownBy(() -> FilterPattern.parse(deep)).isInstanceOf(AwsException.class);
        String ok = "{ " + "(".repeat(20) + "$.a = 1" + ")".repeat(20) + " }";
        assertThat(FilterPattern.parse(ok).matches("{\"a\":1}")).isTrue();
    }
}
