package io.presence.cli;

import io.presence.api.Presence;
import io.presence.api.PresenceSession;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jline.utils.WCWidth;

/**
 * Plain text tables: columns padded to the widest cell, two spaces apart, no trailing blanks. Widths are
 * the columns a terminal shows, not chars: a status message in CJK or with an emoji would otherwise push
 * the columns after it out of line.
 */
final class Table {

    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
        rows.add(header);
    }

    Table row(String... cells) {
        rows.add(cells);
        return this;
    }

    void print(PrintWriter out) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], displayWidth(cell(row, i)));
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                String cell = cell(row, i);
                line.append(cell);
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] + 2 - displayWidth(cell)));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /**
     * The emoji below U+10000 shown as pictures by default (Unicode's Emoji_Presentation=Yes, East Asian
     * Width W since Unicode 9), as pairs of first and last code point. JLine's table predates them and
     * counts ☕ or ⌚ as one column; terminals draw them in two.
     */
    private static final int[] WIDE_BMP_EMOJI = {0x231A, 0x231B, 0x23E9, 0x23EC, 0x23F0, 0x23F0, 0x23F3, 0x23F3,
        0x25FD, 0x25FE, 0x2614, 0x2615, 0x2648, 0x2653, 0x267F, 0x267F, 0x2693, 0x2693, 0x26A1, 0x26A1,
        0x26AA, 0x26AB, 0x26BD, 0x26BE, 0x26C4, 0x26C5, 0x26CE, 0x26CE, 0x26D4, 0x26D4, 0x26EA, 0x26EA,
        0x26F2, 0x26F3, 0x26F5, 0x26F5, 0x26FA, 0x26FA, 0x26FD, 0x26FD, 0x2705, 0x2705, 0x270A, 0x270B,
        0x2728, 0x2728, 0x274C, 0x274C, 0x274E, 0x274E, 0x2753, 0x2755, 0x2757, 0x2757, 0x2795, 0x2797,
        0x27B0, 0x27B0, 0x27BF, 0x27BF, 0x2B1B, 0x2B1C, 0x2B50, 0x2B50, 0x2B55, 0x2B55};

    /** The terminal columns {@code text} takes: 2 for wide characters, 0 for combining ones. */
    static int displayWidth(String text) {
        return text.codePoints().map(Table::columns).sum();
    }

    private static int columns(int codePoint) {
        for (int i = 0; i < WIDE_BMP_EMOJI.length; i += 2) {
            if (codePoint >= WIDE_BMP_EMOJI[i] && codePoint <= WIDE_BMP_EMOJI[i + 1]) {
                return 2;
            }
        }
        return Math.max(0, WCWidth.wcwidth(codePoint));
    }

    private static String cell(String[] row, int i) {
        return row[i] == null ? "" : TerminalText.safe(row[i]);
    }

    /**
     * The presence table of get, list, set and clear. A user who does not share {@code lastSeen} is served without
     * it: "-".
     */
    static void presences(List<Presence> presences, Clock clock, PrintWriter out) {
        Table table = new Table("USER", "STATUS", "MESSAGE", "LAST SEEN", "NODE");
        for (Presence p : presences) {
            table.row(p.userId(), p.status().wireName(), orDash(p.message()),
                    p.lastSeen() == null ? "-" : ago(p.lastSeen(), clock), p.nodeId());
        }
        table.print(out);
    }

    /** The table of a user's live sessions, most recently written first as the node lists them. */
    static void sessions(List<PresenceSession> sessions, Clock clock, PrintWriter out) {
        Table table = new Table("SESSION", "STATUS", "MESSAGE", "LAST SEEN", "EXPIRES", "NODE");
        for (PresenceSession s : sessions) {
            table.row(s.sessionId(), s.status().wireName(), orDash(s.message()), ago(s.lastSeen(), clock),
                    until(s.expiresAt(), clock), s.nodeId());
        }
        table.print(out);
    }

    private static String orDash(String text) {
        return text == null ? "-" : text;
    }

    /** "just now", "42 s ago", "3 min ago", "5 h ago", "2 d ago". */
    static String ago(Instant then, Clock clock) {
        long seconds = Duration.between(then, clock.instant()).getSeconds();
        return seconds < 1 ? "just now" : span(seconds) + " ago";
    }

    /** "in 42 s", "in 3 min", ...; "now" once it has passed (a session lapses at the node's next check). */
    static String until(Instant then, Clock clock) {
        long seconds = Duration.between(clock.instant(), then).getSeconds();
        return seconds < 1 ? "now" : "in " + span(seconds);
    }

    private static String span(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + " h";
        }
        return seconds / 86_400 + " d";
    }
}
