package io.presence.cli;

import io.presence.api.Presence;
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

    /** The terminal columns {@code text} takes: 2 for wide characters, 0 for combining ones. */
    static int displayWidth(String text) {
        return text.codePoints().map(c -> Math.max(0, WCWidth.wcwidth(c))).sum();
    }

    private static String cell(String[] row, int i) {
        return row[i] == null ? "" : TerminalText.safe(row[i]);
    }

    /** The presence table of get, list, set and clear. */
    static void presences(List<Presence> presences, Clock clock, PrintWriter out) {
        Table table = new Table("USER", "STATUS", "MESSAGE", "LAST SEEN", "NODE");
        for (Presence p : presences) {
            table.row(p.userId(), p.status().wireName(), p.message() == null ? "-" : p.message(),
                    ago(p.lastSeen(), clock), p.nodeId());
        }
        table.print(out);
    }

    /** "just now", "42 s ago", "3 min ago", "5 h ago", "2 d ago". */
    static String ago(Instant then, Clock clock) {
        long seconds = Duration.between(then, clock.instant()).getSeconds();
        if (seconds < 1) {
            return "just now";
        }
        if (seconds < 60) {
            return seconds + " s ago";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min ago";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + " h ago";
        }
        return seconds / 86_400 + " d ago";
    }
}
