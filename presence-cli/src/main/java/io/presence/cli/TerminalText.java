package io.presence.cli;

/**
 * Text from a server, made safe to print on a terminal. The node refuses control characters in what it
 * stores, but the CLI may be pointed at anything (a proxy, a rogue node): an ESC or a C1 CSI in a
 * message or an error could move the cursor, retitle the window or rewrite what was printed before.
 * Control characters are shown as {@code \xNN} instead, and the marks that turn the direction of text (U+202E,
 * right-to-left override, and its kin), which would reorder what follows on the line, as a backslash, {@code u}
 * and four hex digits. JSON output escapes both ({@link CliJson}).
 */
final class TerminalText {

    private TerminalText() {
    }

    static String safe(String text) {
        if (text == null || text.chars().noneMatch(TerminalText::isUnsafe)) {
            return text;
        }
        StringBuilder shown = new StringBuilder(text.length() + 8);
        text.chars().forEach(c -> {
            if (isUnsafe(c)) {
                shown.append(String.format(c <= 0xff ? "\\x%02x" : "\\u%04x", c));
            } else {
                shown.append((char) c);
            }
        });
        return shown.toString();
    }

    /** A control character (C0, DEL, C1) or a mark that changes the direction of the text after it. */
    static boolean isUnsafe(int c) {
        return Character.getType(c) == Character.CONTROL || isDirectionMark(c);
    }

    /** U+061C, U+200E-U+200F, U+202A-U+202E and U+2066-U+2069: the marks, embeddings, overrides and isolates. */
    private static boolean isDirectionMark(int c) {
        return c == 0x061c || c == 0x200e || c == 0x200f || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069;
    }
}
