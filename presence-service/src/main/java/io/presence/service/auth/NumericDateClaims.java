package io.presence.service.auth;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonwebtoken.io.AbstractDeserializer;
import io.jsonwebtoken.io.DeserializationException;
import java.io.Reader;
import java.util.List;
import java.util.Map;

/**
 * Reads a token's JSON for jjwt, refusing an {@code exp}, {@code nbf} or {@code iat} that is not a NumericDate (a
 * JSON number of seconds, RFC 7519): jjwt reads {@code "exp": {}} as no expiry at all, so a token meant to expire
 * would be valid for ever, and it takes a date string that no conforming issuer writes. Duplicate members are
 * refused too: which of two {@code sub} values counts is not something to leave to a parser.
 */
final class NumericDateClaims extends AbstractDeserializer<Map<String, ?>> {

    private static final List<String> TIME_CLAIMS = List.of("exp", "nbf", "iat");
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    @Override
    protected Map<String, ?> doDeserialize(Reader reader) throws Exception {
        Map<String, Object> members = JSON.readValue(reader, MAP);
        for (String claim : TIME_CLAIMS) {
            Object value = members.get(claim);
            if (value != null && !(value instanceof Number)) {
                throw new DeserializationException(claim + " must be a number of seconds");
            }
        }
        return members;
    }
}
