package io.presence.service.auth;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonwebtoken.io.AbstractDeserializer;
import io.jsonwebtoken.io.DeserializationException;
import java.io.Reader;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Reads a token's JSON for jjwt, refusing an {@code exp}, {@code nbf} or {@code iat} that is not a NumericDate (a
 * JSON number of seconds, RFC 7519): jjwt reads {@code "exp": {}} and {@code "exp": null} as no expiry at all, so
 * a token meant to expire would be valid for ever, and it takes a date string that no conforming issuer writes.
 * A number of seconds too large to be a date in milliseconds is refused as well: jjwt multiplies it by 1,000 and
 * the product wraps round, so an {@code nbf} millions of years ahead would read as long past. Duplicate members
 * are refused too: which of two {@code sub} values counts is not something to leave to a parser.
 */
final class NumericDateClaims extends AbstractDeserializer<Map<String, ?>> {

    private static final List<String> TIME_CLAIMS = List.of("exp", "nbf", "iat");
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    /** The largest number of seconds whose milliseconds fit a {@code long}, what jjwt turns a NumericDate into. */
    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(Long.MAX_VALUE / 1000);

    @Override
    protected Map<String, ?> doDeserialize(Reader reader) throws Exception {
        Map<String, Object> members = JSON.readValue(reader, MAP);
        for (String claim : TIME_CLAIMS) {
            if (!members.containsKey(claim)) {
                continue;
            }
            if (!(members.get(claim) instanceof Number seconds)) {
                throw new DeserializationException(claim + " must be a number of seconds");
            }
            // Exactly, as a decimal: doubles this large are 2 apart, and the bound is odd.
            if (new BigDecimal(seconds.toString()).abs().compareTo(MAX_SECONDS) > 0) {
                throw new DeserializationException(claim + " is out of range");
            }
        }
        return members;
    }
}
