package dev.stratus.logs.filter;

/** Matching of string values where {@code *} stands for any run of characters (JSON and delimited patterns). */
final class Glob {
    private Glob() {
    }

    /** Whole-value match, linear in practice: the classic two-pointer walk with backtracking to the last star. */
    static boolean matches(String glob, String value) {
        int g = 0;
        int v = 0;
        int star = -1;
        int mark = 0;
        while (v < value.length()) {
            if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                mark = v;
            } else if (g < glob.length() && glob.charAt(g) == value.charAt(v)) {
                g++;
                v++;
            } else if (star >= 0) {
                g = star + 1;
                v = ++mark;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }
}
