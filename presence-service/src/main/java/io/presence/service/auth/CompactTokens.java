package io.presence.service.auth;

import java.util.Base64;

/**
 * The form of a signed JWT (RFC 7515 §7.1): three base64url parts without padding, each in its one canonical
 * spelling. jjwt's decoder skips characters outside the alphabet and ignores a last character's unused bits, so
 * {@code <token>!!!} or a token with its last character changed would verify as the same token: a token must
 * have exactly one accepted spelling, or a list of revoked tokens (or any cache keyed by the token) is bypassed.
 */
final class CompactTokens {

    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private CompactTokens() {
    }

    /** Whether {@code token} is three canonical base64url parts separated by dots. */
    static boolean wellFormed(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0 || token.indexOf('.', second + 1) >= 0) {
            return false;
        }
        return canonical(token.substring(0, first)) && canonical(token.substring(first + 1, second))
                && canonical(token.substring(second + 1));
    }

    /** A non-empty base64url part that encodes back to itself. */
    private static boolean canonical(String part) {
        if (part.isEmpty()) {
            return false;
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!alphabet) {
                return false;
            }
        }
        try {
            return ENCODER.encodeToString(DECODER.decode(part)).equals(part);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
