package io.presence.service.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.io.InputDecorator;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

/**
 * Refuses JSON bytes that are not well-formed UTF-8 (RFC 3629), or hold a NUL byte (RFC 8259 §8.1: JSON
 * between systems is UTF-8), as a Jackson {@link InputDecorator}.
 * Jackson's own decoder rejects invalid lead bytes but decodes overlong forms ({@code C0 AE} as
 * {@code .}) and code points above U+10FFFF, so a body could carry text that no UTF-8 encoder wrote, and
 * two different byte strings would name the same user. The failure is a {@link JsonParseException},
 * which the error mappers answer with 400 like any other malformed JSON.
 */
public final class StrictUtf8 extends InputDecorator {

    private static final long serialVersionUID = 1L;

    @Override
    public InputStream decorate(IOContext context, InputStream in) {
        return new Checked(in);
    }

    /** Checks the whole array up front; null tells Jackson to parse it as it is. */
    @Override
    public InputStream decorate(IOContext context, byte[] src, int offset, int length) throws IOException {
        Decoder decoder = new Decoder();
        for (int i = offset; i < offset + length; i++) {
            decoder.accept(src[i]);
        }
        decoder.end();
        return null;
    }

    /** Characters are already decoded; whoever decoded them chose how. */
    @Override
    public Reader decorate(IOContext context, Reader reader) {
        return reader;
    }

    /** RFC 3629's UTF8-octets grammar, one byte at a time. */
    static final class Decoder {
        private long position;
        private int pending;
        private int low = 0x80;
        private int high = 0xBF;

        void accept(byte value) throws JsonParseException {
            int b = value & 0xFF;
            if (b == 0) {
                throw nul();
            }
            if (pending > 0) {
                if (b < low || b > high) {
                    throw invalid();
                }
                pending--;
                low = 0x80;
                high = 0xBF;
            } else if (b >= 0x80) {
                lead(b);
            }
            position++;
        }

        /** The input ended; a sequence still open is truncated. */
        void end() throws JsonParseException {
            if (pending > 0) {
                throw invalid();
            }
        }

        /** The continuation bytes a lead byte needs, and the range of the first (RFC 3629 §4). */
        private void lead(int b) throws JsonParseException {
            if (b >= 0xC2 && b <= 0xDF) {
                pending = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                pending = 2;
                low = b == 0xE0 ? 0xA0 : 0x80;
                high = b == 0xED ? 0x9F : 0xBF;
            } else if (b >= 0xF0 && b <= 0xF4) {
                pending = 3;
                low = b == 0xF0 ? 0x90 : 0x80;
                high = b == 0xF4 ? 0x8F : 0xBF;
            } else {
                throw invalid();
            }
        }

        /**
         * JSON never holds a raw NUL (in a string it is {@code \\u0000}), while UTF-16 and UTF-32 put one in
         * every ASCII character: without this, Jackson would detect those encodings and read the body.
         */
        private JsonParseException nul() {
            return new JsonParseException(null, "a NUL byte at byte offset " + position
                    + ": JSON text must be UTF-8 (not UTF-16 or UTF-32)");
        }

        private JsonParseException invalid() {
            return new JsonParseException(null, "invalid UTF-8 at byte offset " + position
                    + " (overlong, surrogate, beyond U+10FFFF or truncated): JSON text must be UTF-8, whatever charset"
                    + " the Content-Type names");
        }
    }

    /** A stream whose bytes pass through a {@link Decoder} as they are read. */
    private static final class Checked extends FilterInputStream {
        private final Decoder decoder = new Decoder();

        Checked(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                decoder.end();
            } else {
                decoder.accept((byte) b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n < 0) {
                decoder.end();
            }
            for (int i = 0; i < n; i++) {
                decoder.accept(buffer[offset + i]);
            }
            return n;
        }
    }
}
