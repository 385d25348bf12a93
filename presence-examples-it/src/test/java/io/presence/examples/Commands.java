package io.presence.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to its end within a deadline, its output in a log file that a failure quotes. */
final class Commands {

    /** How a command ended and everything it printed (stdout and stderr, interleaved). */
    record Result(List<String> command, int exit, String output) {

        /** Fails with the command and the end of its output unless it exited 0. */
        Result assertSucceeded() {
            if (exit != 0) {
                throw new AssertionError("exit " + exit + " from " + String.join(" ", command) + "\n" + tail());
            }
            return this;
        }

        String tail() {
            List<String> lines = output.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        }
    }

    private Commands() {
    }

    static Result run(Path dir, Path log, Map<String, String> env, Duration limit, List<String> command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            throw new AssertionError("still running after " + limit + ": " + String.join(" ", command) + "\n"
                    + new Result(command, -1, Files.readString(log)).tail());
        }
        return new Result(command, process.exitValue(), Files.readString(log));
    }
}
