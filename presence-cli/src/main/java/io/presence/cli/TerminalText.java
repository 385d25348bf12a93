package io.presence.cli;

/**
 * Text from a server, made safe to print on a terminal. The node refuses control characters in what it
 * stores, but the CLI may be pointed at anything (a proxy, a rogue node): an ESC or a C1 CSI in a
 * message or an error could move the cursor, retitle the window or rewrite what was printed before.
 * Control characters are shown as {@code \xNN} instead; JSON output escapes them already.
 */
final class TerminalText {

    private TerminalText() {
    }

    static String safe(String text) {
        if (text == null || text.chars().noneMatch(TerminalText::isControl)) {
            return text;
        }
        StringBuilder shown = new StringBuilder(text.length() + 8);
        text.chars().forEach(c -> {
            if (isControl(c)) {
                shown.append(String.format("\\x%02x", c));
            } else {
                shown.append((char) c);
            }
        });
        return shown.toString();
    }

    private static boolean isControl(int c) {
        return Character.getType(c) == Character.CONTROL;
    }
}
