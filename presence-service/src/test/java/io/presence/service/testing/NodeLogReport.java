package io.presence.service.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What {@link NodesExtension} prints when a test fails: what the test's nodes logged, in this JVM (in-process
 * nodes, and the test itself) and in each forked node's {@link ForkedNode#LOG_FILE}. A forked log is printed from
 * where it stood when the test began, and only its end when it is long, since that is where a failure shows.
 */
final class NodeLogReport {

    /** The most printed of one forked node's log. */
    static final int TAIL_BYTES = 64 * 1024;

    /** A forked node's log, to be printed from byte {@code from} on. */
    record ForkedLog(String label, Path file, long from) {
    }

    private NodeLogReport() {
    }

    /** The forked nodes' logs under {@code root} (none when it does not exist), each with its size now. */
    static Map<Path, Long> forkedLogSizes(Path root) throws IOException {
        Map<Path, Long> sizes = new TreeMap<>();
        if (root == null || !Files.isDirectory(root)) {
            return sizes;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.getFileName().toString().equals(ForkedNode.LOG_FILE)).toList()) {
                sizes.put(file, Files.size(file));
            }
        }
        return sizes;
    }

    /** The report on {@code title}, which failed because of {@code why}. */
    static String of(String title, String why, String inThisJvm, List<ForkedLog> forked) throws IOException {
        StringBuilder out = new StringBuilder()
                .append("==== logs of the nodes of ").append(title).append(", which failed: ").append(why).append('\n')
                .append("---- this JVM: in-process nodes and the test (WARN and above)\n")
                .append(inThisJvm.isEmpty() ? "(nothing)\n" : inThisJvm);
        for (ForkedLog log : forked) {
            out.append("---- forked node ").append(log.label()).append('\n').append(read(log));
        }
        return out.append("==== end of the logs of the nodes of ").append(title).append('\n').toString();
    }

    private static String read(ForkedLog log) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(log.file().toFile(), "r")) {
            long start = Math.max(log.from(), file.length() - TAIL_BYTES);
            byte[] text = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(text);
            String skipped = start > log.from() ? "[" + (start - log.from()) + " bytes before this]\n" : "";
            String content = new String(text, StandardCharsets.UTF_8);
            if (content.isEmpty()) {
                return skipped + "(nothing)\n";
            }
            return skipped + content + (content.endsWith("\n") ? "" : "\n");
        }
    }
}
