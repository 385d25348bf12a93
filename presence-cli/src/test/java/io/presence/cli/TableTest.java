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

    /** Emoji below U+10000 that are pictures by default: JLine's table counts them as one column. */
    @Test
    void pictureEmojiBelowTheSupplementaryPlanesAreTwoColumnsToo() {
        assertThat(Table.displayWidth("\u2615")).isEqualTo(2); // hot beverage
        assertThat(Table.displayWidth("\u231A")).isEqualTo(2); // watch
        assertThat(Table.displayWidth("\u2705 done")).isEqualTo(7);
        assertThat(Table.displayWidth("\u2B50\u2B55")).isEqualTo(4);
        assertThat(Table.displayWidth("\u2614\u2616")).as("U+2616 is text by default").isEqualTo(3);
        assertThat(Table.displayWidth("\u263A")).as("a text-style smiley").isEqualTo(1);
    }
}
