package io.presence.service.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CredentialsFilterTest {

    @Test
    void aTokenParameterIsFoundHoweverItIsWritten() {
        assertThat(CredentialsFilter.hasTokenParameter("access_token=abc")).isTrue();
        assertThat(CredentialsFilter.hasTokenParameter("users=a,b&access_token=abc")).isTrue();
        assertThat(CredentialsFilter.hasTokenParameter("access%5Ftoken=abc")).isTrue();
        assertThat(CredentialsFilter.hasTokenParameter("access_token")).isTrue();
        assertThat(CredentialsFilter.hasTokenParameter("access_token=")).isTrue();
    }

    @Test
    void otherParametersAndMalformedNamesAreNotTokens() {
        assertThat(CredentialsFilter.hasTokenParameter(null)).isFalse();
        assertThat(CredentialsFilter.hasTokenParameter("")).isFalse();
        assertThat(CredentialsFilter.hasTokenParameter("users=access_token")).isFalse();
        assertThat(CredentialsFilter.hasTokenParameter("my_access_token=1&access_token2=2")).isFalse();
        assertThat(CredentialsFilter.hasTokenParameter("access%ZZtoken=1&%=2")).isFalse();
    }
}
