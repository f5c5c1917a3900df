package dev.tally.transactions;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonStreamContext;

/** JSON paths in the form clients read in error messages: {@code transactions[3].amount}. */
final class JsonPaths {
    private JsonPaths() {
    }

    /** The path of the value the parser is at, or null at the root. */
    static String of(JsonStreamContext context) {
        StringBuilder path = new StringBuilder();
        append(path, context);
        return path.isEmpty() ? null : path.toString();
    }

    private static void append(StringBuilder path, JsonStreamContext context) {
        if (context == null || context.inRoot()) {
            return;
        }
        append(path, context.getParent());
        if (context.inArray()) {
            path.append('[').append(Math.max(0, context.getCurrentIndex())).append(']');
        } else if (context.getCurrentName() != null) {
            appendName(path, context.getCurrentName());
        }
    }

    /** Plain names as they are; anything else quoted, with no control character echoed back. */
    private static void appendName(StringBuilder path, String name) {
        boolean plain = !name.isEmpty() && name.chars().allMatch(c -> c == '_' || c == '-' || Character.isLetterOrDigit(c));
        if (plain) {
            path.append(path.isEmpty() ? "" : ".").append(name);
            return;
        }
        path.append("[\"");
        name.codePoints().limit(64).forEach(c -> {
            if (c < 0x20 || c == 0x7F || c == '"' || c == '\\') {
                path.append(String.format("\\u%04x", c));
            } else {
                path.appendCodePoint(c);
            }
        });
        path.append("\"]");
    }

    static String describe(JsonLocation location) {
        return "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
