package dev.stratus.apigateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VtlTest {
    final Vtl vtl = new Vtl();

    String render(String template, String body) throws Vtl.TemplateException {
        Map<String, Map<String, String>> params = new LinkedHashMap<>();
        params.put("path", Map.of("id", "42"));
        params.put("querystring", Map.of("q", "a b"));
        params.put("header", Map.of("X-Trace", "t-1"));
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("input", new VtlInput(body, params));
        vars.put("util", new VtlUtil());
        vars.put("context", Map.of("stage", "dev", "authorizer", Map.of("principalId", "alice")));
        vars.put("stageVariables", Map.of("color", "blue"));
        return vtl.render(template, vars);
    }

    @Test
    void inputUtilContextAndStageVariables() throws Exception {
        String body = "{\"name\":\"Rex\",\"tags\":[\"a\",\"b\"],\"n\":3}";
        assertThat(render("$input.json('$.tags')|$input.path('$.name')|$input.path('$.tags').size()", body))
                .isEqualTo("[\"a\",\"b\"]|Rex|2");
        assertThat(render("$input.params('id')/$input.params('q')/$input.params('X-Trace')/$input.params().path.id",
                body)).isEqualTo("42/a b/t-1/42");
        assertThat(render("$context.stage $context.authorizer.principalId $stageVariables.color", body))
                .isEqualTo("dev alice blue");
        assertThat(render("$util.escapeJavaScript('it''s \"q\"')", body)).isEqualTo("it\\'s \\\"q\\\"");
        assertThat(render("$util.base64Encode('hi') $util.base64Decode('aGk=') $util.urlEncode('a b&c') "
                + "$util.urlDecode('a%20b')", body)).isEqualTo("aGk= hi a+b%26c a b");
        assertThat(render("#set($o = $util.parseJson($input.json('$')))$o.n #foreach($t in $o.tags)$t#end", body))
                .isEqualTo("3 ab");
        assertThat(render("$input.body", body)).isEqualTo(body);
    }

    @Test
    void classesReflectionAndFilesAreOutOfReach() throws Exception {
        assertThat(render("$input.getClass()", "{}")).isEqualTo("$input.getClass()");
        assertThat(render("$input.class.forName('java.lang.Runtime')", "{}"))
                .isEqualTo("$input.class.forName('java.lang.Runtime')");
        assertThat(render("#set($s = 'x')$s.getClass().getName()", "{}")).isEqualTo("$s.getClass().getName()");
        for (String directive : new String[] {"#include('/etc/passwd')", "#parse('/etc/passwd')"}) {
            String out;
            try {
                out = render(directive, "{}");
            } catch (Vtl.TemplateException e) {
                out = "";
            }
            assertThat(out).doesNotContain("root:");
        }
    }

    @Test
    void evaluationIsBounded() throws Exception {
        assertThat(render("#foreach($i in [1..1000])x#end", "{}")).hasSize(1000);
        assertThatThrownBy(() -> render("#foreach($i in [1..100000000])x#end", "{}"))
                .isInstanceOf(Vtl.TemplateException.class);
        assertThat(render("#set($l = [1,2,3])#foreach($a in $l)#foreach($b in [1..1000])#end#end$l.size()", "{}"))
                .isEqualTo("3");
        assertThatThrownBy(() -> render("#set($s = 'xxxxxxxxxxxxxxxx')#foreach($i in [1..100])#set($s = \"$s$s\")#end",
                "{}")).isInstanceOf(Vtl.TemplateException.class);
        assertThat(render("#set($s = 'ab')$s.repeat(1000000000)", "{}")).isEqualTo("$s.repeat(1000000000)");
        assertThatThrownBy(() -> render("x".repeat(Vtl.MAX_TEMPLATE_CHARS + 1), "{}"))
                .isInstanceOf(Vtl.TemplateException.class);
        assertThatThrownBy(() -> render("$input.json('$.x')", "not json")).isInstanceOf(Vtl.TemplateException.class);
    }
}
