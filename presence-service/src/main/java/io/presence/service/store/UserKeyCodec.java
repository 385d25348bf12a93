package io.presence.service.store;

/**
 * Maps user ids to NATS KV keys and back.
 *
 * <p>KV keys allow {@code [-/_=.a-zA-Z0-9]} and no empty dot-separated token, while user ids also allow
 * {@code @} and {@code :} and any placement of dots. Escaping {@code @ : .} as {@code =XX} (hex) keeps
 * keys readable ({@code alice=40example=2Ecom}), never produces a dot, and is reversible because
 * {@code =} itself cannot appear in a user id.
 */
public final class UserKeyCodec {

    private UserKeyCodec() {
    }

    public static String encode(String userId) {
        StringBuilder key = null;
        for (int i = 0; i < userId.length(); i++) {
            char c = userId.charAt(i);
            if (c == '@' || c == ':' || c == '.') {
                if (key == null) {
                    key = new StringBuilder(userId.length() + 8).append(userId, 0, i);
                }
                key.append('=').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            } else if (key != null) {
                key.append(c);
            }
        }
        return key == null ? userId : key.toString();
    }

    /**
     * Reverses {@link #encode}.
     *
     * @throws IllegalArgumentException for a key this codec did not produce
     */
    public static String decode(String key) {
        int first = key.indexOf('=');
        if (first < 0) {
            return key;
        }
        StringBuilder userId = new StringBuilder(key.length()).append(key, 0, first);
        for (int i = first; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '=') {
                if (i + 2 >= key.length()) {
                    throw new IllegalArgumentException("truncated escape in KV key '" + key + "'");
                }
                userId.append((char) Integer.parseInt(key, i + 1, i + 3, 16));
                i += 2;
            } else {
                userId.append(c);
            }
        }
        return userId.toString();
    }
}
