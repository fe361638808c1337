package dev.stratus.logs.filter;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A {@code $.a.b[0].c} path into a JSON event. */
record JsonSelector(List<Object> steps) {

    static JsonSelector parse(String text) {
        if (!text.startsWith("$") || text.length() < 2) {
            throw FilterPatternParser.error("bad selector");
        }
        List<Object> steps = new ArrayList<>();
        int i = 1;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '.') {
                int start = ++i;
                while (i < n && text.charAt(i) != '.' && text.charAt(i) != '[' && text.charAt(i) != ']') {
                    i++;
                }
                if (i == start) {
                    throw FilterPatternParser.error("empty field name");
                }
                steps.add(text.substring(start, i));
            } else if (c == '[') {
                int close = text.indexOf(']', i);
                if (close < 0) {
                    throw FilterPatternParser.error("unclosed index");
                }
                String index = text.substring(i + 1, close);
                if (index.isEmpty() || index.length() > 9 || !index.chars().allMatch(Character::isDigit)) {
                    throw FilterPatternParser.error("bad index");
                }
                steps.add(Integer.parseInt(index));
                i = close + 1;
            } else {
                throw FilterPatternParser.error("bad selector");
            }
        }
        return new JsonSelector(List.copyOf(steps));
    }

    /** The selected value, or null when the path does not exist. */
    JsonNode resolve(JsonNode root) {
        JsonNode node = root;
        for (Object step : steps) {
            if (node == null) {
                return null;
            }
            node = step instanceof Integer index
                    ? (node.isArray() ? node.get(index) : null)
                    : (node.isObject() ? node.get((String) step) : null);
        }
        return node;
    }
}
