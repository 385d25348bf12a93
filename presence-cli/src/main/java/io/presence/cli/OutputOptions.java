package io.presence.cli;

import picocli.CommandLine.Option;

/** The output mixin: {@code -o table|json}. */
final class OutputOptions {

    /** How results are printed. */
    enum Format { table, json }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    Format format;

    boolean json() {
        return format == Format.json;
    }
}
