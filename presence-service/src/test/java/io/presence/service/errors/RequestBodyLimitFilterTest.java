package io.presence.service.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class RequestBodyLimitFilterTest {

    @Test
    void rejectsNegativeLimit() {
        assertThatThrownBy(() -> new RequestBodyLimitFilter(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new RequestBodyLimitFilter(5).maxBytes()).isEqualTo(5);
    }

    @Test
    void unparsableContentLengthCountsAsTooLong() {
        assertThat(RequestBodyLimitFilter.announcedLength(" 12 ")).isEqualTo(12);
        assertThat(RequestBodyLimitFilter.announcedLength("abc")).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void readsUpToTheLimitByteByByte() throws IOException {
        InputStream in = limited(3, 3);
        assertThat(in.markSupported()).isFalse();
        assertThat(in.read()).isZero();
        assertThat(in.read()).isZero();
        assertThat(in.read()).isZero();
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void failsOneBytePastTheLimit() throws IOException {
        InputStream single = limited(4, 3);
        single.read();
        single.read();
        single.read();
        assertThatThrownBy(single::read).isInstanceOf(BodyTooLargeException.class);
        assertThatThrownBy(() -> limited(4, 3).readAllBytes()).isInstanceOf(BodyTooLargeException.class);
    }

    @Test
    void countsSkippedBytes() throws IOException {
        InputStream in = limited(10, 5);
        assertThat(in.skip(5)).isEqualTo(5);
        assertThatThrownBy(() -> in.skip(1)).isInstanceOf(BodyTooLargeException.class);
    }

    private static InputStream limited(int size, long limit) {
        return new RequestBodyLimitFilter.LimitedInputStream(new ByteArrayInputStream(new byte[size]), limit);
    }
}
