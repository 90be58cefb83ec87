package io.github.gsi4j.tokenizer.jinja;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.gsi4j.tokenizer.MarkedText;

/** The Jinja subset's Python semantics, errors, and that values are never evaluated. */
class JinjaTemplateTest {

    private static String render(String template, Map<String, ?> vars) {
        return JinjaTemplate.parse(template).render(vars).text();
    }

    private static Map<String, Object> user(String content) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", "user");
        m.put("content", MarkedText.data(content));
        return m;
    }

    @Test
    void contentThatLooksLikeATemplateIsPrintedAsItIs() {
        String t = "{% for m in messages %}[{{ m.content }}]{% endfor %}";
        assertThat(render(t, Map.of("messages", List.of(user("{{ 7 * 7 }}"), user("{{ messages }}"),
                user("{% if true %}x{% endif %}{# c #}")))))
                .isEqualTo("[{{ 7 * 7 }}][{{ messages }}][{% if true %}x{% endif %}{# c #}]");
    }

    @Test
    void dataMarksFollowTheCharactersThroughStringOperations() {
        String t = "{{ '<a>' + messages[0].content.split('#')[-1].strip() + '</a>' }}";
        MarkedText out = JinjaTemplate.parse(t).render(Map.of("messages", List.of(user("x# <|im_end|> "))));
        assertThat(out.text()).isEqualTo("<a><|im_end|></a>");
        assertThat(out.hasData(0, 3)).isFalse();
        assertThat(out.data().cardinality()).isEqualTo("<|im_end|>".length());
        assertThat(out.isData(3)).isTrue();
        assertThat(out.hasData(13, out.length())).isFalse();
    }

    @Test
    void pythonStringMethodsAndSlicing() {
        Map<String, Object> vars = Map.of("s", "\u00a0 a,b,,c \n", "xs", List.of(1, 2, 3));
        assertThat(render("{{ s.strip() }}|{{ s|trim }}|{{ s.lstrip() }}|{{ s.rstrip('\\n ') }}", vars))
                .isEqualTo("a,b,,c|a,b,,c|a,b,,c \n|\u00a0 a,b,,c");
        assertThat(render("{{ s.strip().split(',') }} {{ 'a  b'.split() }} {{ 'a-b-c'.rsplit('-', 1) }}", vars))
                .isEqualTo("['a', 'b', '', 'c'] ['a', 'b'] ['a-b', 'c']");
        assertThat(render("{{ xs[::-1] }} {{ xs[1:] }} {{ xs[-1] }} {{ 'abc'[::-1] }} {{ 'abc'[1:2] }}", vars))
                .isEqualTo("[3, 2, 1] [2, 3] 3 cba b");
        assertThat(render("{{ 'ab'.startswith('a') }} {{ 'ab'.endswith(('x', 'b')) }} {{ 'a' in 'cat' }}", vars))
                .isEqualTo("True True True");
        assertThat(render("{{ 'a<b'.replace('<', '&lt;') }} {{ 'Hi'|upper }} {{ 7 // 2 }} {{ 7 / 2 }} {{ -7 % 3 }}", vars))
                .isEqualTo("a&lt;b HI 3 3.5 2");
    }

    @Test
    void filtersRealTemplatesUse() {
        List<Map<String, Object>> messages = List.of(Map.of("role", "system", "content", "s"),
                Map.of("role", "user", "content", "u1"), Map.of("role", "assistant", "content", "a"),
                Map.of("role", "user", "content", "u2"));
        Map<String, Object> vars = Map.of("messages", messages);
        assertThat(render("{{ (messages | selectattr('role', 'equalto', 'user') | list | length) }} "
                + "{{ messages[1:] | map(attribute='role') | join(',') }} {{ messages | rejectattr('role', 'in', "
                + "['system']) | map(attribute='content') | first }} {{ messages[-1]['content'] | upper }}", vars))
                .isEqualTo("2 user,assistant,user u1 U2");
        // Python's str.strip() whitespace: U+0085 and U+001F are whitespace, U+FEFF and U+200B are not
        assertThat(render("[{{ s|trim }}][{{ t.strip() }}]", Map.of("s", " x 　", "t",
                "﻿ x ​"))).isEqualTo("[x][﻿ x ​]");
    }

    @Test
    void scopingNamespacesAndLoops() {
        String t = "{% set x = 1 %}{% set ns = namespace(n=0) %}{% for i in range(3) %}{% set x = i %}"
                + "{% set ns.n = ns.n + i %}{{ loop.index0 }}{{ loop.first }}{{ loop.last }};{% endfor %}{{ x }} {{ ns.n }}";
        assertThat(render(t, Map.of())).isEqualTo("0TrueFalse;1FalseFalse;2FalseTrue;1 3");
        assertThat(render("{% for i in [1, 2, 3, 4] if i is even %}{{ i }}{% else %}none{% endfor %}", Map.of()))
                .isEqualTo("24");
        assertThat(render("{% for k, v in d.items() %}{{ k }}={{ v }} {% endfor %}", Map.of("d", Map.of("a", 1))))
                .isEqualTo("a=1 ");
        assertThat(render("{% macro m(a, b='z') %}<{{ a }}{{ b }}>{% endmacro %}{{ m('x') }}{{ m('x', 'y') }}", Map.of()))
                .isEqualTo("<xz><xy>");
    }

    @Test
    void whitespaceControlAsHuggingFaceConfiguresJinja() {
        // trim_blocks drops the newline after a block tag, lstrip_blocks the indentation before one
        String t = "{% if true %}\n    {% if true %}\n  a\n    {%- endif %}\n{% endif %}\n{{- ' b' }}";
        assertThat(render(t, Map.of())).isEqualTo("  a b");
    }

    @Test
    void testsAndUndefined() {
        assertThat(render("{{ x is defined }} {{ y is none }} {{ 'a' is string }} {{ x|default('d') }} {{ m.missing }}",
                Map.of("m", Map.of("a", 1), "y", new java.util.HashMap<>() {
                })))
                .isEqualTo("False False True d ");
        assertThatThrownBy(() -> render("line one\n{{ m.missing.deeper }}", Map.of("m", Map.of())))
                .isInstanceOf(TemplateException.class).hasMessageContaining("line 2").hasMessageContaining("missing");
        assertThatThrownBy(() -> render("{{ 1 + 'a' }}", Map.of())).isInstanceOf(TemplateException.class)
                .hasMessageContaining("unsupported operand");
    }

    @Test
    void raiseExceptionAndSyntaxErrorsNameTheLine() {
        assertThatThrownBy(() -> render("\n\n{% if true %}{{ raise_exception('Roles must alternate') }}{% endif %}",
                Map.of())).isInstanceOfSatisfying(TemplateException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.reason()).isEqualTo("Roles must alternate");
                });
        assertThatThrownBy(() -> JinjaTemplate.parse("ok\n{% if x %}no end")).isInstanceOf(TemplateException.class)
                .hasMessageContaining("missing end tag");
        assertThatThrownBy(() -> JinjaTemplate.parse("{{ a + }}")).isInstanceOf(TemplateException.class)
                .hasMessageContaining("line 1");
    }

    @Test
    void tojsonAsHuggingFaceDefinesIt() {
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("name", "f");
        tool.put("args", List.of(1, 2.5, true));
        tool.put("none", null);
        tool.put("text", "é\"\n");
        assertThat(render("{{ t|tojson }}", Map.of("t", tool)))
                .isEqualTo("{\"name\": \"f\", \"args\": [1, 2.5, true], \"none\": null, \"text\": \"é\\\"\\n\"}");
        assertThat(render("{{ t|tojson(indent=2) }}", Map.of("t", List.of(1)))).isEqualTo("[\n  1\n]");
    }
}
