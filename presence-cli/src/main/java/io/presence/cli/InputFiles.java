package io.presence.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Files named on the command line. One that cannot be read is an invalid option value (exit 2, see
 * {@link Errors}), not an unavailable server, and is reported by name and reason in one line.
 */
final class InputFiles {

    /** Why a file is not read; UTF-16 is the likely other encoding: what Windows PowerShell's {@code >} writes. */
    static final String NOT_UTF8 = "not UTF-8 text (if it is UTF-16, as Windows PowerShell's > writes, convert it: "
            + "iconv -f UTF-16 -t UTF-8)";

    private InputFiles() {
    }

    /**
     * @param what the file's role for the message, e.g. "token file"
     * @return the file's UTF-8 text
     * @throws IllegalArgumentException "cannot read token file /x: no such file"
     */
    static String read(String what, Path file) {
        if (Files.isDirectory(file)) {
            throw unreadable(what, file, "is a directory", null);
        }
        try {
            return withoutByteOrderMark(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw unreadable(what, file, "no such file", e);
        } catch (AccessDeniedException e) {
            throw unreadable(what, file, "permission denied", e);
        } catch (CharacterCodingException e) {
            throw unreadable(what, file, NOT_UTF8, e);
        } catch (IOException e) {
            throw unreadable(what, file, e.getMessage(), e);
        }
    }

    /**
     * Checks that {@code file} can be read, without reading it (it may be large).
     *
     * @throws IllegalArgumentException "cannot read export file /x: no such file"
     */
    static void checkReadable(String what, Path file) {
        if (Files.isDirectory(file)) {
            throw unreadable(what, file, "is a directory", null);
        }
        if (!Files.exists(file)) {
            throw unreadable(what, file, "no such file", null);
        }
        if (!Files.isReadable(file)) {
            throw unreadable(what, file, "permission denied", null);
        }
    }

    /**
     * Java keeps a UTF-8 byte order mark (Notepad and other Windows editors write one) as U+FEFF; at the
     * start of a token it is refused as a header character, at the start of an id file it is an invalid id.
     */
    static String withoutByteOrderMark(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static IllegalArgumentException unreadable(String what, Path file, String reason, IOException cause) {
        return new IllegalArgumentException("cannot read " + what + " " + file + ": " + reason, cause);
    }
}
