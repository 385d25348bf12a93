package io.presence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

    private static List<String> print(Table table) {
        StringWriter text = new StringWriter();
        table.print(new PrintWriter(text, true));
        return text.toString().lines().toList();
    }

    @Test
    void columnsAreAsWideAsTheirWidestCellAndTwoSpacesApart() {
        assertThat(print(new Table("USER", "STATUS", "NODE").row("alice", "online", "n1").row("bo", null, "n2")))
                .containsExactly(
                        "USER   STATUS  NODE",
                        "alice  online  n1",
                        "bo             n2");
    }

    /** A terminal shows CJK and emoji two columns wide and combining accents in no column of their own. */
    @Test
    void cellsArePaddedToTheColumnsATerminalShows() {
        assertThat(print(new Table("MESSAGE", "NODE")
                .row("会議中", "n1")
                .row("🌴 away", "n2")
                .row("cafe\u0301", "n3")
                .row("lunch", "n4")))
                .containsExactly(
                        "MESSAGE  NODE",
                        "会議中   n1",
                        "🌴 away  n2",
                        "cafe\u0301     n3",
                        "lunch    n4");
    }
}
